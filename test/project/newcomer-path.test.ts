/**
 * The path a new user walks, on a fresh clone of this repository: the README's first command
 * (`npm ci && npx cdk8s synth`), then `npx model-serving` with default options — status, the
 * documented release with two canary steps (10 %, 50 %) before the 100, a rollback, and the retire —
 * committing after each step as the docs say. After every step the HTTPRoute of each environment in
 * dist/ must carry exactly the weights models.yaml declares, summing to 100: that is what the
 * cluster will do. It clones HEAD, so it tests what is committed.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import { commandArgs, documentedCommands } from '../support/readme';
import { userEnv } from '../support/user-env';

jest.setTimeout(600_000);

const ROOT = join(__dirname, '..', '..');
const [releaseCommand, promoteCommand, retireCommand] = documentedCommands('README.md');
let clone: string;

const sh = (command: string) => execFileSync('sh', ['-c', command], { cwd: clone, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: userEnv() });
const cli = (args: string[]) => execFileSync('npx', ['model-serving', ...args], { cwd: clone, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: userEnv() });
const git = (...args: string[]) => execFileSync('git', args, { cwd: clone, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** version → weight of every environment, as models.yaml declares them. */
function declared(): Record<string, Record<string, number>> {
  const models = parse(readFileSync(join(clone, 'models.yaml'), 'utf8'));
  return Object.fromEntries(Object.entries<any>(models.models.iris.environments)
    .map(([env, entry]) => [env, Object.fromEntries(entry.versions.map((v: any) => [v.version, v.weight]))]));
}

/** version → weight of the HTTPRoute's weighted rule in dist/<env>/, by the version label of each backend's Service. */
function routed(env: string): Record<string, number> {
  const route = parse(readFileSync(join(clone, 'dist', env, 'HTTPRoute.iris.k8s.yaml'), 'utf8'));
  const weighted = route.spec.rules.find((r: any) => r.name === 'weighted');
  return Object.fromEntries(weighted.backendRefs.map((b: any) => {
    const service = parse(readFileSync(join(clone, 'dist', env, `Service.${b.name}.k8s.yaml`), 'utf8'));
    return [service.metadata.labels['app.kubernetes.io/version'], b.weight];
  }));
}

/** dist/ routes exactly what models.yaml declares, every environment sums to 100, and 1.2.0 has `candidate`. */
function expectRouted(candidate: number | undefined): void {
  for (const [env, weights] of Object.entries(declared())) {
    expect(routed(env)).toEqual(weights);
    expect(Object.values(weights).reduce((a, b) => a + b, 0)).toBe(100);
    expect(weights['1.2.0']).toBe(candidate);
  }
}

function step(args: string[], message: string): string {
  const out = cli(args);
  git('add', '-A', 'models.yaml', 'dist');
  git('commit', '-qm', message);
  return out;
}

beforeAll(() => {
  clone = mkdtempSync(join(tmpdir(), 'model-serving-newcomer-'));
  execFileSync('git', ['clone', '-q', ROOT, clone]);
  git('config', 'user.email', 'newcomer@example.com');
  git('config', 'user.name', 'newcomer');
});

afterAll(() => rmSync(clone, { recursive: true, force: true }));

test("the README's first command installs and synthesizes exactly the committed dist/", () => {
  sh('npm ci && npx cdk8s synth');
  expect(git('status', '--porcelain', '--untracked-files=all', '--', 'dist', 'models.yaml')).toBe('');
  expectRouted(undefined);
});

test('npx model-serving status works right away', () => {
  const status = cli(['status']);
  expect(status.split('\n')[0]).toMatch(/^MODEL +ENVIRONMENT +VERSION +WEIGHT +TRAFFIC/);
  expect(status).toMatch(/^iris +production +1\.0\.0 +90 +90%/m);
});

test('the documented release, with two canary steps and a rollback, keeps dist/ routing what models.yaml says', () => {
  expect([releaseCommand, promoteCommand, retireCommand].map((c) => commandArgs(c)[0])).toEqual(['release', 'promote', 'retire']);

  step(commandArgs(releaseCommand), 'release iris 1.2.0');
  expectRouted(0);
  step([...commandArgs(promoteCommand), '--weight', '10'], 'iris 1.2.0 to 10 %');
  expectRouted(10);
  expect(declared().production).toEqual({ '1.0.0': 81, '1.1.0': 9, '1.2.0': 10 });
  step([...commandArgs(promoteCommand), '--weight', '50'], 'iris 1.2.0 to 50 %');
  expectRouted(50);

  const rollback = step(['rollback', 'iris'], 'rollback iris');
  expect(rollback).toContain('"iris 1.2.0 to 10 %"');
  expectRouted(10);
  expect(declared().production).toEqual({ '1.0.0': 81, '1.1.0': 9, '1.2.0': 10 });

  step(commandArgs(promoteCommand), 'iris 1.2.0 to 100 %');
  expectRouted(100);
  expect(declared().production).toEqual({ '1.0.0': 0, '1.1.0': 0, '1.2.0': 100 });
  step(commandArgs(retireCommand), 'retire iris 1.0.0');
  expectRouted(100);
  for (const env of Object.keys(declared())) expect(declared()[env]['1.0.0']).toBeUndefined();
});
