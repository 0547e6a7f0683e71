/**
 * The decision table of `model-serving advance`, row by row, against a stub Prometheus (a real
 * local HTTP server answering /api/v1/query with exact values) and a real git history. The command
 * runs in process through the CLI's own program (option parsing, exit codes), without synth; the
 * end-to-end test (advance-e2e.test.ts) runs the binary with synth against a real Prometheus.
 */
import { readFileSync } from 'fs';
import { createServer } from 'net';
import { join } from 'path';
import { buildProgram } from '../../../lib/cli/program';
import { shownPath } from '../../../lib/cli/project';
import { DEFAULT_CANARY_METRICS } from '../../../lib/cli/advance/analysis';
import { badData, sample, scalar, StubAnswer, StubPrometheus, vector } from '../../support/stub-prometheus';
import { modelsYaml, ScratchModels } from './scratch-models';

// Each test runs git and the CLI several times: seconds each on a machine whose cores are shared.
jest.setTimeout(60_000);

/** Long enough ago that a step committed then has had a whole default window (5m). */
const SETTLED = 3600;

let prometheus: StubPrometheus;
let scratch: ScratchModels;
/** The stub's answer per default metric; a test changes the ones it is about. */
let answers: Record<'requests' | 'errors' | 'latency', StubAnswer>;

/** Answers the default metrics' queries from `answers`. */
function byDefaultMetric(query: string): StubAnswer {
  if (query.includes('histogram_quantile')) return answers.latency;
  if (query.includes('status=~"5.."')) return answers.errors;
  if (query.includes('increase(')) return answers.requests;
  return badData(`unexpected query ${query}`);
}

beforeAll(async () => {
  prometheus = await StubPrometheus.start(byDefaultMetric);
});
afterAll(() => prometheus.stop());

beforeEach(() => {
  answers = { requests: sample(1520), errors: sample(0.002), latency: sample(0.012) };
  prometheus.answer = byDefaultMetric;
  prometheus.queries.length = 0;
});
afterEach(() => scratch?.remove());

interface Run {
  readonly status: number;
  readonly out: string;
  readonly error?: string;
}

async function advance(...args: string[]): Promise<Run> {
  const lines: string[] = [];
  const previous = process.exitCode;
  process.exitCode = undefined;
  try {
    await buildProgram((line) => lines.push(line))
      .parseAsync(['node', 'model-serving', 'advance', 'iris', '--file', scratch.file, '--no-synth', ...args]);
    return { status: Number(process.exitCode ?? 0), out: lines.join('\n') };
  } catch (error) {
    return { status: 1, out: lines.join('\n'), error: (error as Error).message.split('\n')[0] };
  } finally {
    process.exitCode = previous;
  }
}

/** models.yaml as the CLI names it in messages (relative to the working directory). */
function shown(): string {
  return shownPath(scratch.file);
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A canary history: released at 0 (stable at 100), then each step of `walk` committed, the last `ageOfLast` seconds ago. */
function history(walk: number[], ageOfLast = SETTLED): void {
  scratch = ScratchModels.create(modelsYaml({ weights: { '1.0.0': 100, '1.1.0': 0 } }));
  scratch.commit('release iris 1.1.0', 4 * SETTLED);
  walk.forEach((w, i) => scratch.commitWeights({ '1.0.0': 100 - w, '1.1.0': w }, `iris 1.1.0 at ${w}`, i === walk.length - 1 ? ageOfLast : 3 * SETTLED - i));
}

describe('without analysis', () => {
  test('a candidate at weight 0 starts at the first step; the others share the rest (exit 0, no query)', async () => {
    history([]);
    const run = await advance('--prometheus', prometheus.url);
    expect(run).toMatchObject({ status: 0 });
    expect(run.out).toBe(`production: iris 1.1.0 started: step 1 of 4 (10%); 1.0.0 100 → 90, 1.1.0 0 → 10; ${shown()} updated (synth skipped: run \`npx cdk8s synth\`)`);
    expect(scratch.weights()).toEqual({ '1.0.0': 90, '1.1.0': 10 });
    expect(prometheus.queries).toEqual([]);
  });

  test('a candidate at the last step is complete: nothing to do (exit 0, no query)', async () => {
    history([10, 25, 50, 100]);
    const before = scratch.read();
    const run = await advance('--prometheus', prometheus.url);
    expect(run).toMatchObject({ status: 0 });
    expect(run.out).toContain('iris 1.1.0 complete: step 4 of 4 (100%), nothing to do');
    expect(scratch.read()).toBe(before);
    expect(prometheus.queries).toEqual([]);
  });

  test('a candidate at weight 0 that had traffic before (rolled back) is not restarted', async () => {
    history([10, 0]);
    const before = scratch.read();
    const run = await advance('--prometheus', prometheus.url);
    expect(run).toMatchObject({ status: 0 });
    expect(run.out).toMatch(/iris 1\.1\.0 not restarted: its traffic was taken away in [0-9a-f]+ "iris 1\.1\.0 at 0" \(promote it to 10 to retry, or retire it\)/);
    expect(scratch.read()).toBe(before);
  });
});

test('a rollback not committed yet still keeps the candidate from restarting', async () => {
  history([10]);
  scratch.write(modelsYaml({ weights: { '1.0.0': 100, '1.1.0': 0 } }));
  const run = await advance('--prometheus', prometheus.url);
  expect(run).toMatchObject({ status: 0 });
  expect(run.out).toContain('not restarted: its traffic was taken away in an uncommitted change');
});

describe('with analysis', () => {
  test('every metric within bounds: the candidate moves to the next step, naming each value and bound (exit 0)', async () => {
    history([10]);
    const run = await advance('--prometheus', prometheus.url);
    expect(run).toMatchObject({ status: 0 });
    expect(run.out).toBe('production: iris 1.1.0 advanced to step 2 of 4 (25%) '
      + '[requests 1520 (≥ 100), error-rate 0.002 (≤ 0.01), latency-p99 0.012 (≤ 0.5)]; 1.0.0 90 → 75, 1.1.0 10 → 25; '
      + `${shown()} updated (synth skipped: run \`npx cdk8s synth\`)`);
    expect(scratch.weights()).toEqual({ '1.0.0': 75, '1.1.0': 25 });
  });

  test('the default queries select the candidate by model, version and namespace over the window', async () => {
    history([10]);
    await advance('--prometheus', prometheus.url);
    expect(prometheus.queries).toHaveLength(DEFAULT_CANARY_METRICS.length);
    for (const query of prometheus.queries) {
      expect(query).toContain('model="iris",version="1.1.0",namespace="models"');
      expect(query).toContain('[5m]');
      expect(query).not.toMatch(/\{\{|\}\}/);
    }
  });

  test('at the step before 100, advancing gives every other version 0', async () => {
    history([10, 25, 50]);
    const run = await advance('--prometheus', prometheus.url);
    expect(run).toMatchObject({ status: 0 });
    expect(scratch.weights()).toEqual({ '1.0.0': 0, '1.1.0': 100 });
  });

  test.each([
    ['no sample', vector()],
    ['NaN (a ratio over no requests, a quantile of an empty histogram)', sample('NaN')],
  ])('a metric with no data (%s) changes nothing and names the metric (exit 2)', async (_what, answer) => {
    history([25]);
    answers.latency = answer;
    const before = scratch.read();
    const run = await advance('--prometheus', prometheus.url);
    expect(run).toMatchObject({ status: 2 });
    expect(run.out).toContain('iris 1.1.0 waiting at step 2 of 4 (25%): no data for latency-p99');
    expect(run.out).toContain('latency-p99 no data (needs ≤ 0.5)');
    expect(scratch.read()).toBe(before);
  });

  test('a metric out of bounds rolls back to the weights before the first step, from git (exit 3)', async () => {
    scratch = ScratchModels.create(modelsYaml({ weights: { '1.0.0': 70, '0.9.0': 30, '1.1.0': 0 } }));
    scratch.commit('release iris 1.1.0', 3 * SETTLED);
    scratch.commitWeights({ '1.0.0': 63, '0.9.0': 27, '1.1.0': 10 }, 'iris 1.1.0 at 10', 2 * SETTLED);
    // Someone moved the others by hand during the canary: the rollback still restores the split before it.
    scratch.commitWeights({ '1.0.0': 45, '0.9.0': 45, '1.1.0': 10 }, 'rebalance', SETTLED);
    answers.errors = sample(0.31);
    const run = await advance('--prometheus', prometheus.url);
    expect(run).toMatchObject({ status: 3 });
    expect(run.out).toContain('iris 1.1.0 rolled back from step 1 of 4 (10%): out of bounds: error-rate '
      + '[requests 1520 (≥ 100), error-rate 0.31 > 0.01 OUT OF BOUNDS, latency-p99 0.012 (≤ 0.5)]');
    expect(run.out).toMatch(/weights restored from [0-9a-f]+ "release iris 1\.1\.0", before the first step/);
    expect(scratch.weights()).toEqual({ '1.0.0': 70, '0.9.0': 30, '1.1.0': 0 });
  });

  test('a lower bound counts too: a value below min is out of bounds', async () => {
    history([10]);
    scratch.write(scratch.read().replace('steps: [10, 25, 50, 100]', [
      'steps: [10, 25, 50, 100]',
      '      analysis:',
      '        metrics:',
      '          - name: accuracy',
      '            query: avg(model_accuracy{version="{{ version }}"})',
      '            min: 0.9',
    ].join('\n')));
    scratch.commit('accuracy metric', SETTLED);
    prometheus.answer = () => scalar(0.85);
    const run = await advance('--prometheus', prometheus.url);
    expect(run).toMatchObject({ status: 3 });
    expect(run.out).toContain('[accuracy 0.85 < 0.9 OUT OF BOUNDS]');
    expect(prometheus.queries).toEqual(['avg(model_accuracy{version="1.1.0"})']);
  });

  test('where git does not tell the weights before the first step, the others share the traffic in proportion', async () => {
    scratch = ScratchModels.create(modelsYaml({ weights: { '1.0.0': 60, '0.9.0': 15, '1.1.0': 25 } }));
    scratch.commit('adopted mid-canary', SETTLED); // the candidate had traffic in every revision
    answers.latency = sample('+Inf');
    const run = await advance('--prometheus', prometheus.url);
    expect(run).toMatchObject({ status: 3 });
    expect(run.out).toContain('latency-p99 +Inf > 0.5 OUT OF BOUNDS');
    expect(run.out).toContain('git does not tell the weights before the first step: the others share the traffic in proportion');
    expect(scratch.weights()).toEqual({ '1.0.0': 80, '0.9.0': 20, '1.1.0': 0 });
  });

  test('no data wins over out of bounds: a step is judged only on complete evidence', async () => {
    history([10]);
    answers.requests = vector(); // fewer requests than the minimum: the query returns nothing
    answers.errors = sample(0.5);
    const run = await advance('--prometheus', prometheus.url);
    expect(run).toMatchObject({ status: 2 });
    expect(run.out).toContain('no data for requests');
  });

  test('a step committed less than one window ago waits, whatever the metrics say', async () => {
    history([10], 20);
    answers.errors = sample(0.5);
    const run = await advance('--prometheus', prometheus.url);
    expect(run).toMatchObject({ status: 2 });
    expect(run.out).toMatch(/waiting at step 1 of 4 \(10%\): step 1 \(10%\) was committed 2\ds ago in [0-9a-f]+ "iris 1\.1\.0 at 10"; it is judged once a whole window \(5m\) of it has passed/);
  });

  test('a step that is not committed yet waits (it is not deployed)', async () => {
    history([10]);
    scratch.write(modelsYaml({ weights: { '1.0.0': 75, '1.1.0': 25 } }));
    const run = await advance('--prometheus', prometheus.url);
    expect(run).toMatchObject({ status: 2 });
    expect(run.out).toContain('step 2 (25%) is not committed yet');
  });

  test('--json prints the same decision as one JSON object', async () => {
    history([10]);
    const run = await advance('--prometheus', prometheus.url, '--json');
    const decision = JSON.parse(run.out);
    expect(decision).toMatchObject({
      model: 'iris', environment: 'production', candidate: '1.1.0', decision: 'advance', exitCode: 0,
      step: { position: 1, of: 4, weight: 10, ageSeconds: expect.any(Number) }, target: { position: 2, weight: 25 },
      weights: { before: { '1.0.0': 90, '1.1.0': 10 }, after: { '1.0.0': 75, '1.1.0': 25 } },
    });
    expect(decision.metrics.map((m: any) => [m.name, m.value, m.status])).toEqual([['requests', 1520, 'ok'], ['error-rate', 0.002, 'ok'], ['latency-p99', 0.012, 'ok']]);
    expect(decision.message).toContain('advanced to step 2 of 4 (25%)');
    expect(decision.step.ageSeconds).toBeGreaterThanOrEqual(SETTLED);
  });
});

describe('errors change nothing (exit 1)', () => {
  test.each([
    ['a query returning several samples', () => { answers.errors = vector([{ pod: 'a' }, 0], [{ pod: 'b' }, 0.5]); },
      'the query of metric "error-rate" returned 2 samples ({pod="a"}, {pod="b"}); it must return one'],
    ['a query Prometheus rejects', () => { answers.latency = badData('1:2: parse error: unexpected "}"'); },
      'Prometheus rejected the query of metric "latency-p99" (HTTP 400, bad_data): 1:2: parse error'],
  ])('%s', async (_what, arrange, message) => {
    history([10]);
    arrange();
    const before = scratch.read();
    const run = await advance('--prometheus', prometheus.url);
    expect(run.status).toBe(1);
    expect(run.error).toContain(message);
    expect(scratch.read()).toBe(before);
  });

  test('an unreachable Prometheus', async () => {
    history([10]);
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await advance('--prometheus', url);
    expect(run).toMatchObject({ status: 1, error: `cannot reach Prometheus at ${url} (metric "requests"): ECONNREFUSED` });
  });

  test('no Prometheus URL anywhere', async () => {
    history([10]);
    const saved = process.env.PROMETHEUS_URL;
    delete process.env.PROMETHEUS_URL;
    try {
      expect((await advance()).error).toBe(`no Prometheus to ask: set canary.analysis.prometheusUrl in ${shown()}, PROMETHEUS_URL, or --prometheus <url>`);
    } finally {
      if (saved !== undefined) process.env.PROMETHEUS_URL = saved;
    }
  });

  test('a model in several environments needs --env, and only one', async () => {
    const text = modelsYaml({ weights: { '1.0.0': 90, '1.1.0': 10 }, environments: ['staging', 'production'] });
    scratch = ScratchModels.create(text);
    scratch.commit('two environments', SETTLED);
    expect((await advance('--prometheus', prometheus.url)).error).toBe('model "iris" is served in staging, production: choose one with --env');
    expect((await advance('--prometheus', prometheus.url, '--env', 'staging,production')).error)
      .toBe('advance decides about one environment at a time, but --env named staging, production');
    const run = await advance('--prometheus', prometheus.url, '--env', 'staging');
    expect(run).toMatchObject({ status: 0 });
    expect(prometheus.queries[0]).toContain('namespace="models-staging"');
    expect(scratch.weights('staging')).toEqual({ '1.0.0': 75, '1.1.0': 25 });
    expect(scratch.weights('production')).toEqual({ '1.0.0': 90, '1.1.0': 10 });
  });

  test('a model without canary', async () => {
    scratch = ScratchModels.create(modelsYaml({ weights: { '1.0.0': 100, '1.1.0': 0 }, canary: '    port: 8080' }));
    expect((await advance()).error).toBe(`model "iris" has no canary in production: add canary.steps to it in ${shown()}`);
  });
});

describe('where the Prometheus URL and the candidate come from', () => {
  test('--prometheus over PROMETHEUS_URL over canary.analysis.prometheusUrl', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const canary = `    canary:\n      steps: [10, 25, 50, 100]\n      analysis:\n        prometheusUrl: ${dead}`;
    scratch = ScratchModels.create(modelsYaml({ weights: { '1.0.0': 90, '1.1.0': 10 }, canary }));
    scratch.commit('1.1.0 at 10', SETTLED);
    const saved = process.env.PROMETHEUS_URL;
    try {
      delete process.env.PROMETHEUS_URL;
      expect((await advance()).error).toContain(`cannot reach Prometheus at ${dead}`); // the file's URL
      process.env.PROMETHEUS_URL = prometheus.url;
      expect((await advance()).status).toBe(0); // the variable wins over the file (advanced to 25, uncommitted)
      process.env.PROMETHEUS_URL = dead;
      expect((await advance('--prometheus', prometheus.url)).status).toBe(2); // the flag wins over both (25 is not committed: waiting)
    } finally {
      if (saved === undefined) delete process.env.PROMETHEUS_URL;
      else process.env.PROMETHEUS_URL = saved;
    }
  });

  test('--version picks a candidate other than the last listed version', async () => {
    scratch = ScratchModels.create(modelsYaml({ weights: { '1.0.0': 90, '1.1.0': 10, '1.2.0': 0 } }));
    scratch.commit('1.1.0 at 10', SETTLED);
    const run = await advance('--prometheus', prometheus.url, '--version', '1.1.0');
    expect(run.out).toContain('iris 1.1.0 advanced to step 2 of 4 (25%)');
    expect(scratch.weights()).toEqual({ '1.0.0': 75, '1.1.0': 25, '1.2.0': 0 });
  });
});

test('docs/progressive-delivery.md writes out the default metrics exactly as they are queried', () => {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'progressive-delivery.md'), 'utf8');
  for (const m of DEFAULT_CANARY_METRICS) {
    expect(doc).toContain(`| \`${m.name}\` | \`${m.query}\` | ${m.min !== undefined ? `min ${m.min}` : `max ${m.max}`}`);
  }
});
