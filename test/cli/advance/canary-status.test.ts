/**
 * `status` shows where each canary stands and its last decision, read from the weights in the
 * first-parent history of models.yaml (there is no state file; a waiting run leaves no trace).
 */
import { buildProgram } from '../../../lib/cli/program';
import { modelsYaml, ScratchModels } from './scratch-models';

// Each test runs git and the CLI several times: seconds each on a machine whose cores are shared.
jest.setTimeout(60_000);

let scratch: ScratchModels;
afterEach(() => scratch.remove());

async function status(): Promise<string[]> {
  const lines: string[] = [];
  await buildProgram((line) => lines.push(line)).parseAsync(['node', 'model-serving', 'status', '--file', scratch.file]);
  return lines;
}

/** The canary table's rows after the versions table and a blank line. */
async function canaryTable(): Promise<string[]> {
  const lines = await status();
  return lines.slice(lines.indexOf('') + 1);
}

test('step i of n and the last decision, from the commit that changed the candidate\'s weight', async () => {
  scratch = ScratchModels.create(modelsYaml({ weights: { '1.0.0': 100, '1.1.0': 0 } }));
  scratch.commit('release iris 1.1.0');
  expect((await canaryTable())[1]).toMatch(/^iris\s+production\s+1\.1\.0\s+not started \(0 of 4\)\s+released at 0 in [0-9a-f]+ "release iris 1\.1\.0" \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/);

  scratch.commitWeights({ '1.0.0': 90, '1.1.0': 10 }, 'advance: start iris 1.1.0 at 10');
  scratch.commitWeights({ '1.0.0': 75, '1.1.0': 25 }, 'advance: iris 1.1.0 10 → 25');
  const table = await canaryTable();
  expect(table[0]).toMatch(/^MODEL\s+ENVIRONMENT\s+CANDIDATE\s+STEP\s+LAST DECISION$/);
  expect(table[1]).toMatch(/^iris\s+production\s+1\.1\.0\s+2 of 4 \(25%\)\s+advanced 10 → 25 in [0-9a-f]+ "advance: iris 1\.1\.0 10 → 25"/);

  scratch.commitWeights({ '1.0.0': 100, '1.1.0': 0 }, 'advance: roll back iris 1.1.0');
  expect((await canaryTable())[1]).toMatch(/rolled back \(0 of 4\)\s+rolled back 25 → 0 in [0-9a-f]+ "advance: roll back iris 1\.1\.0"/);

  scratch.write(modelsYaml({ weights: { '1.0.0': 90, '1.1.0': 10 } }));
  expect((await canaryTable())[1]).toMatch(/1 of 4 \(10%\)\s+uncommitted: weight 10$/);
});

test('no canary, no canary table', async () => {
  scratch = ScratchModels.create(modelsYaml({ weights: { '1.0.0': 100, '1.1.0': 0 }, canary: '    port: 8080' }));
  expect(await status()).not.toContain('');
});

test('canaries lists every model and environment with a canary, as JSON for a pipeline matrix', async () => {
  const text = modelsYaml({ weights: { '1.0.0': 100, '1.1.0': 0 }, environments: ['staging', 'production'] })
    .replace('      staging:\n        versions:', '      staging:\n        canary:\n          steps: [50, 100]\n        versions:');
  scratch = ScratchModels.create(text.replace('    canary:\n      steps: [10, 25, 50, 100]\n', ''));
  const lines: string[] = [];
  await buildProgram((line) => lines.push(line)).parseAsync(['node', 'model-serving', 'canaries', '--file', scratch.file]);
  expect(lines).toEqual(['[{"model":"iris","environment":"staging"}]']);
});
