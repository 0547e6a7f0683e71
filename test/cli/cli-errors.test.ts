/**
 * Bad input to the real binary: each case exits with 1, prints exactly one line on stderr that
 * names the problem, and leaves models.yaml and dist/ byte for byte as they were.
 */
import { CliResult, ProjectCopy } from './cli-harness';

jest.setTimeout(120_000);

let project: ProjectCopy;
let original: string;

beforeAll(() => {
  project = ProjectCopy.create();
  original = project.read('models.yaml');
});

afterAll(() => project?.remove());

afterEach(() => project.write('models.yaml', original));

/** Runs the CLI and checks the failure contract; returns the single error line. */
function fails(...args: string[]): string {
  const before = project.snapshot();
  const result: CliResult = project.run(...args);
  expect(result.status).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(project.snapshot()).toEqual(before);
  return lines[0];
}

test.each([
  ['an unknown model', ['promote', 'nosuch', '--version', '1.1.0'], 'error: unknown model "nosuch" (models.yaml declares: iris)'],
  ['an unknown version', ['promote', 'iris', '--version', '9.9.9', '--weight', '10'], 'error: model "iris" has no version "9.9.9" (versions: 1.0.0, 1.1.0)'],
  ['an unknown version in the chosen environment', ['retire', 'iris', '--version', '9.9.9', '--env', 'production'], 'error: model "iris" has no version "9.9.9" in production (versions: 1.0.0, 1.1.0)'],
  ['an unknown environment', ['status', 'iris', '--env', 'qa'], 'error: model "iris" is not served in environment "qa" (it is in: staging, production)'],
  ['a version that exists', ['release', 'iris', '--version', '1.1.0', '--image', 'ghcr.io/example/iris-server:1.1.1'],
    'error: model "iris" already has version "1.1.0" in staging (image ghcr.io/example/iris-server:1.1.0); use promote to change its weight'],
  ['retiring a version with traffic', ['retire', 'iris', '--version', '1.1.0', '--env', 'production'],
    'error: iris 1.1.0 still has weight 10 in production; promote another version to 100 first'],
  ['a rollback without an earlier different revision', ['rollback', 'iris'],
    'error: no earlier revision of models.yaml in git has different weights for iris in staging, production; use --to <version>'],
])('%s', (_name, args, message) => {
  expect(fails(...args)).toBe(message);
});

test("retiring a model's only version is refused: the model would have nothing to serve", () => {
  // Production keeps 1.1.0 alone (the fixture serves 1.0.0 and 1.1.0 there).
  const single = original.replace(/(      production:[\s\S]*?versions:\n)[\s\S]*?(          - version: 1\.1\.0)/, '$1$2').replace('weight: 10\n', 'weight: 100\n');
  project.write('models.yaml', single);
  expect(single).not.toEqual(original);
  expect(fails('retire', 'iris', '--version', '1.1.0', '--env', 'production'))
    .toBe('error: 1.1.0 is the only version of iris in production; release another version before retiring it');
});

test.each([
  ['weight 150', ['promote', 'iris', '--version', '1.1.0', '--weight', '150'], /^error: option '--weight <percent>' argument '150' is invalid\. It must be an integer between 0 and 100/],
  ['a negative weight', ['promote', 'iris', '--version', '1.1.0', '--weight', '-5'], /^error: option '--weight <percent>' argument '-5' is invalid/],
  ['an image without a tag', ['release', 'iris', '--version', '1.2.0', '--image', 'ghcr.io/example/iris-server'],
    /^error: option '--image <image>' argument 'ghcr.io\/example\/iris-server' is invalid\. It must name a fixed tag or a digest/],
  ['an image tagged latest', ['release', 'iris', '--version', '1.2.0', '--image', 'ghcr.io/example/iris-server:latest'], /argument 'ghcr.io\/example\/iris-server:latest' is invalid/],
  ['a missing --image', ['release', 'iris', '--version', '1.2.0'], /^error: required option '--image <image>' not specified$/],
  ['a version that is not a label value', ['release', 'iris', '--version', '1.2.0+build', '--image', 'r/i:1'], /argument '1\.2\.0\+build' is invalid\. A version is letters, digits/],
  ['a misspelt option', ['promote', 'iris', '--version', '1.1.0', '--wieght', '10'], /^error: unknown option '--wieght' \(Did you mean --weight\?\)$/],
])('%s is refused by the argument parser', (_name, args, message) => {
  expect(fails(...args)).toMatch(message);
});

test('a weight no router can honour is refused before anything is written (NGINX canary: two weighted versions)', () => {
  expect(fails('release', 'iris', '--version', '1.2.0', '--image', 'ghcr.io/example/iris-server:1.2.0', '--weight', '10', '--env', 'staging'))
    .toBe('error: the change was not written, it would make models.yaml invalid: models.iris.environments.staging.versions must give at most '
      + 'two versions a weight above 0 with ingress.nginxCanary (NGINX allows one canary per Ingress rule): use gateway for three or more, '
      + 'but weights 1.0.0=45, 1.1.0=45, 1.2.0=10 was provided');
});

test('--dark-launch where no HTTPRoute could pin the version is refused before anything is written', () => {
  expect(fails('release', 'iris', '--version', '1.2.0', '--image', 'ghcr.io/example/iris-server:1.2.0', '--dark-launch'))
    .toBe('error: the change was not written, it would make models.yaml invalid: models.iris.environments.staging.versions[2].darkLaunch must be used with gateway '
      + '(pinning a weight-0 version is an HTTPRoute rule; an Ingress can pin only the NGINX canary, which has traffic), but true was provided');
});

test('a models.yaml that is not valid YAML is reported at its line and column, and left as it is', () => {
  project.write('models.yaml', original.replace('weight: 90', 'weight: [90'));
  expect(fails('promote', 'iris', '--version', '1.1.0', '--weight', '20')).toMatch(/^error: models\.yaml:51:13: invalid YAML: .+/);
});

test('a models.yaml that breaks the schema names the field, the value and its position', () => {
  project.write('models.yaml', original.replace('weight: 10\n', 'weight: 150\n'));
  expect(fails('status')).toBe('error: models.yaml:54:21: models.iris.environments.production.versions[1].weight must be an integer between 0 and 100, but 150 was provided');
});

test('a models.yaml with several problems reports the first and counts the others', () => {
  project.write('models.yaml', original.replace('weight: 10\n', 'weight: 150\n').replace('nginxCanary: true', 'nginxcanary: true'));
  expect(fails('status')).toBe('error: models.yaml:23:11: models.iris.environments.staging.ingress key must be one of the known settings '
    + '(host, path, tlsSecretName, className, annotations, nginxCanary), but "nginxcanary" was provided (and 1 more problem in the file)');
});

test('an unknown environment in status without a model is named with the declared ones', () => {
  expect(fails('status', '--env', 'qa')).toBe('error: unknown environment "qa" (models.yaml declares: staging, production)');
});

test('when synth fails after a valid edit, models.yaml and dist/ are put back as they were', () => {
  const main = project.read('main.ts');
  project.write('main.ts', "throw new Error('main.ts is broken');\n");
  try {
    expect(fails('promote', 'iris', '--version', '1.1.0', '--weight', '20', '--env', 'production'))
      .toMatch(/^error: `npx cdk8s synth` failed in .+: Error: main\.ts is broken; models\.yaml and dist\/ were left as they were$/);
  } finally {
    project.write('main.ts', main);
  }
});

test('a missing models file is named with the option to choose another', () => {
  expect(fails('status', '--file', 'nowhere/models.yaml')).toBe('error: nowhere/models.yaml: cannot read the models file (ENOENT); pass --file <path>');
  expect(fails('promote', 'iris', '--version', '1.1.0', '--file', 'nowhere/models.yaml', '--no-synth')).toBe('error: nowhere/models.yaml: cannot read the models file (ENOENT); pass --file <path>');
});

test.each(['release', 'promote', 'rollback', 'retire', 'status'])('%s --help describes the command and exits 0', (command) => {
  const result = project.run(command, '--help');
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(new RegExp(`^Usage: model-serving ${command} \\[options\\]`));
  expect(result.stdout).toContain('--env <names>');
  if (command !== 'status') expect(result.stdout).toContain('--no-synth');
});

test('--help lists the commands and the three-command release', () => {
  const result = project.run('--help');
  expect(result.status).toBe(0);
  for (const command of ['release', 'promote', 'rollback', 'retire', 'status']) expect(result.stdout).toMatch(new RegExp(`^  ${command} \\[options\\]`, 'm'));
  expect(result.stdout).toContain('Release a model version in three commands');
});
