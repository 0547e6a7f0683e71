/**
 * The release the documentation promises, followed literally: the three commands of README.md,
 * docs/release.md and `model-serving --help` (read from those files, so they cannot drift from what
 * is tested) run in order with their default options — every environment — on a models.yaml whose
 * environments all route with Gateway API. After each step the HTTPRoute weights in dist/ are
 * checked: they are what the cluster will do. Then, on the same copy (synth is the slow part, so it
 * is skipped there), the CLI's weight guarantee: whatever the file held before, every editing command
 * leaves the environments it acted on summing to 100.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseDocument } from 'yaml';
import { buildProgram } from '../../lib/cli/program';
import { ProjectCopy, routeWeights } from './cli-harness';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..');
const HEADING = 'Release a model version in three commands';

/** The `npx model-serving …` lines of the first sh block under `## <HEADING>` in a markdown file, without comments. */
function documentedCommands(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const section = text.slice(text.indexOf(`## ${HEADING}`));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').map((line) => line.replace(/#.*$/, '').trim()).filter((line) => line.startsWith('npx model-serving '));
}

/** The same commands in the program's --help text. */
function helpCommands(): string[] {
  let help = '';
  buildProgram(() => undefined).configureOutput({ writeOut: (s) => { help += s; } }).outputHelp();
  // The example lines right under the heading; the help goes on with other examples (advance).
  const [, ...after] = help.slice(help.indexOf(HEADING)).split('\n');
  const block = after.slice(0, after.findIndex((line) => !line.trim().startsWith('$ npx model-serving ')));
  return block.map((line) => line.replace(/#.*$/, '').trim().replace(/^\$ /, ''));
}

const normalizeSpaces = (command: string) => command.replace(/\s+/g, ' ');
const commands = documentedCommands('README.md');
const args = (command: string) => normalizeSpaces(command).split(' ').slice(2); // drop "npx model-serving"

let project: ProjectCopy;

beforeAll(() => {
  project = ProjectCopy.create('models-gateway.yaml');
});

afterAll(() => project?.remove());

function run(...argv: string[]): string {
  const result = project.run(...argv);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

const weightsIn = (env: string) => routeWeights(project.manifest(`${env}/HTTPRoute.iris.k8s.yaml`));

test('README.md, docs/release.md and --help document the same three commands: release, promote, retire, with no --env', () => {
  expect(commands.map((c) => args(c)[0])).toEqual(['release', 'promote', 'retire']);
  expect(commands.map(normalizeSpaces)).toEqual(documentedCommands('docs/release.md').map(normalizeSpaces));
  expect(commands.map(normalizeSpaces)).toEqual(helpCommands().map(normalizeSpaces));
  for (const command of commands) expect(command).not.toContain('--env');
});

describe('the three commands, in order, with default options', () => {
  test('1. release deploys the new version in every environment at weight 0', () => {
    const stdout = run(...args(commands[0]));
    expect(stdout).toContain('staging: added iris 1.2.0');
    expect(stdout).toContain('production: added iris 1.2.0');
    expect(weightsIn('staging')).toEqual({ 'iris-1-0-0': 50, 'iris-1-1-0': 30, 'iris-1-1-0-int8': 20, 'iris-1-2-0': 0 });
    expect(weightsIn('production')).toEqual({ 'iris-1-0-0': 90, 'iris-1-1-0': 10, 'iris-1-2-0': 0 });
    for (const env of ['staging', 'production']) expect(project.manifest(`${env}/Deployment.iris-1-2-0.k8s.yaml`)).toBeDefined();
    project.commit('release iris 1.2.0');
  });

  test('2. promote (100 % by default) sends every environment to the new version; the others stay deployed at 0', () => {
    const stdout = run(...args(commands[1]));
    expect(stdout).toContain('staging: iris 1.0.0 50 → 0, 1.1.0 30 → 0, 1.1.0-int8 20 → 0, 1.2.0 0 → 100');
    expect(stdout).toContain('production: iris 1.0.0 90 → 0, 1.1.0 10 → 0, 1.2.0 0 → 100');
    expect(weightsIn('staging')).toEqual({ 'iris-1-0-0': 0, 'iris-1-1-0': 0, 'iris-1-1-0-int8': 0, 'iris-1-2-0': 100 });
    expect(weightsIn('production')).toEqual({ 'iris-1-0-0': 0, 'iris-1-1-0': 0, 'iris-1-2-0': 100 });
    expect(project.manifest('production/Deployment.iris-1-0-0.k8s.yaml')).toBeDefined();
    project.commit('promote iris 1.2.0 to 100%');
  });

  test('3. retire removes the old version from every environment that has it, and synth deletes its objects', () => {
    const stdout = run(...args(commands[2]));
    expect(stdout).toContain('staging: retired iris 1.0.0');
    expect(stdout).toContain('production: retired iris 1.0.0');
    expect(weightsIn('staging')).toEqual({ 'iris-1-1-0': 0, 'iris-1-1-0-int8': 0, 'iris-1-2-0': 100 });
    expect(weightsIn('production')).toEqual({ 'iris-1-1-0': 0, 'iris-1-2-0': 100 });
    for (const env of ['staging', 'production']) {
      for (const kind of ['Deployment', 'Service']) expect(project.manifest(`${env}/${kind}.iris-1-0-0.k8s.yaml`)).toBeUndefined();
    }
    project.commit('retire iris 1.0.0');
  });
});

describe('every editing command leaves the environments it acts on summing to 100', () => {
  /** Sets weights by hand, as a person editing models.yaml would (the construct only needs ratios). */
  function handEdit(env: string, weights: Record<string, number>, message: string): void {
    const doc = parseDocument(project.read('models.yaml'));
    const versions = (doc.toJS().models.iris.environments[env].versions as { version: string }[]).map((v) => v.version);
    for (const [version, weight] of Object.entries(weights)) doc.setIn(['models', 'iris', 'environments', env, 'versions', versions.indexOf(version), 'weight'], weight);
    project.write('models.yaml', doc.toString({ lineWidth: 0 }));
    project.commit(message);
  }

  const sum = (weights: Record<string, number>) => Object.values(weights).reduce((a, b) => a + b, 0);

  test('rollback to a hand-edited split (3/1) restores it in percent (75/25): the same traffic', () => {
    handEdit('staging', { '1.1.0': 3, '1.2.0': 1 }, 'staging: 1.1.0 and 1.2.0 at 3:1, by hand');
    run('promote', 'iris', '--version', '1.2.0', '--env', 'staging', '--no-synth');
    project.commit('promote iris 1.2.0 to 100% in staging');

    const stdout = run('rollback', 'iris', '--env', 'staging', '--no-synth');
    expect(stdout).toContain('"staging: 1.1.0 and 1.2.0 at 3:1, by hand"');
    expect(stdout).toContain('staging: iris 1.1.0 0 → 75, 1.2.0 100 → 25');
    expect(project.weights('staging')).toEqual({ '1.1.0': 75, '1.1.0-int8': 0, '1.2.0': 25 });
    project.commit('rollback iris in staging');
  });

  test('a revision whose split differs only in scale (75/25 against today\'s 3/1) is no change to roll back to', () => {
    handEdit('staging', { '1.1.0': 3, '1.2.0': 1 }, 'staging: the same split written 3:1, by hand');
    const stdout = run('rollback', 'iris', '--env', 'staging', '--no-synth');
    // Skipped: HEAD (3/1, as now) and the rollback before it (75/25, the same traffic).
    expect(stdout).toContain('restoring the weights of');
    expect(stdout).toContain('"promote iris 1.2.0 to 100% in staging"');
    expect(project.weights('staging')).toEqual({ '1.1.0': 0, '1.1.0-int8': 0, '1.2.0': 100 });
    project.commit('rollback iris in staging, again');
  });

  test('release and retire rewrite a hand-edited split in percent, with the same ratio', () => {
    handEdit('staging', { '1.1.0': 2, '1.2.0': 1 }, 'staging: 2:1 by hand');
    const released = run('release', 'iris', '--version', '1.3.0', '--image', 'ghcr.io/example/iris-server:1.3.0', '--env', 'staging', '--no-synth');
    expect(released).toContain('staging: added iris 1.3.0 (ghcr.io/example/iris-server:1.3.0) at weight 0; 1.1.0 2 → 67, 1.2.0 1 → 33');
    expect(project.weights('staging')).toEqual({ '1.1.0': 67, '1.1.0-int8': 0, '1.2.0': 33, '1.3.0': 0 });
    project.commit('release iris 1.3.0 in staging');

    handEdit('staging', { '1.1.0': 1, '1.2.0': 3 }, 'staging: 1:3 by hand');
    const retired = run('retire', 'iris', '--version', '1.1.0-int8', '--no-synth');
    expect(retired).toContain('staging: retired iris 1.1.0-int8; 1.1.0 1 → 25, 1.2.0 3 → 75');
    expect(project.weights('staging')).toEqual({ '1.1.0': 25, '1.2.0': 75, '1.3.0': 0 });
    for (const env of ['staging', 'production']) expect(sum(project.weights(env))).toBe(100);
  });
});
