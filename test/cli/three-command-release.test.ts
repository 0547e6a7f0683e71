/**
 * The release the documentation promises: README.md, docs/release.md and `model-serving --help` show
 * the same three commands (read from those files, so they cannot drift from what is tested;
 * test/project/newcomer-path.test.ts runs them on a fresh clone). Then, on a copy whose environments all
 * route with Gateway API (synth is the slow part, so it is skipped here), the CLI's weight guarantee:
 * whatever the file held before, every editing command leaves the environments it acted on summing to 100.
 */
import { parseDocument } from 'yaml';
import { buildProgram } from '../../lib/cli/program';
import { commandArgs, documentedCommands, THREE_COMMANDS_HEADING as HEADING } from '../support/readme';
import { ProjectCopy } from './cli-harness';

jest.setTimeout(180_000);

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
const args = commandArgs;

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

test('README.md, docs/release.md and --help document the same three commands: release, promote, retire, with no --env', () => {
  expect(commands.map((c) => args(c)[0])).toEqual(['release', 'promote', 'retire']);
  expect(commands.map(normalizeSpaces)).toEqual(documentedCommands('docs/release.md').map(normalizeSpaces));
  expect(commands.map(normalizeSpaces)).toEqual(helpCommands().map(normalizeSpaces));
  for (const command of commands) expect(command).not.toContain('--env');
});

describe('every editing command leaves the environments it acts on summing to 100', () => {
  // The documented release, without synth (slow, and run for real in test/project/newcomer-path.test.ts).
  beforeAll(() => {
    for (const command of commands) run(...args(command), '--no-synth');
    project.commit('the three documented commands');
  });

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
