/**
 * End to end, with real parts only: a Prometheus (Debian's package, 1 s scrape interval) scrapes three
 * real serving-image processes — 1.0.0 (stable), 1.1.0 (healthy candidate: the same model) and 1.2.0
 * (a genuinely broken candidate: the trained model re-exported with its batch size frozen, so most
 * requests fail inside onnxruntime) — under a load generator that plays the Gateway. The real
 * `model-serving advance` binary, with the DEFAULT metrics (only the window is shortened), walks
 * 1.1.0 through every step to 100, then starts 1.2.0 and rolls it back, in a scratch copy of the
 * project where each decision is a commit whose dist/ HTTPRoute carries the weights of models.yaml.
 * The gateway follows the committed route, as Argo CD or Flux plus a Gateway would.
 *
 * The synthesized PrometheusRule (same objectives, `for: 0s`) is loaded into that Prometheus: it
 * fires for the broken version and not for the healthy one.
 */
import { execFileSync, spawn } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { setTimeout as sleep } from 'timers/promises';
import { parse, stringify } from 'yaml';
import { ProjectCopy, routeWeights } from '../cli-harness';
import { writeFrozenBatchModel } from '../../support/progressive/frozen-batch-model';
import { LoadGateway } from '../../support/progressive/load-gateway';
import { ensurePrometheus, freePort, ModelServer, startModelServer, startPrometheus, stopAll } from '../../support/progressive/processes';

/** The serving image's own trained model: the stable version and the healthy candidate serve it. */
const BUNDLED_MODEL_DIR = join(__dirname, '..', '..', '..', 'serving-image', 'model', 'iris');
/** Short enough for a fast test, long enough for 6 scrapes: each step is judged on ~6 s of its own traffic. */
const WINDOW_SECONDS = 6;
/** At 10 %, the candidate gets ~30 requests/s: well over the default minimum of 100 within the window. */
const REQUESTS_PER_SECOND = 300;

function modelsYaml(prometheusUrl: string): string {
  return `environments:
  production:
    namespace: models

models:
  iris:
    gateway:
      parentRefs:
        - name: public
          namespace: gateway-system
    monitoring:
      prometheusRule:
        window: ${WINDOW_SECONDS}s
        for: 0s
    # The default metrics (no analysis.metrics): requests, error-rate, latency-p99.
    canary:
      steps: [10, 50, 100]
      analysis:
        prometheusUrl: ${prometheusUrl}
        window: ${WINDOW_SECONDS}s
    environments:
      production:
        versions:
          - version: 1.0.0
            image: ghcr.io/example/iris-server:1.0.0
            weight: 100
          - version: 1.1.0
            image: ghcr.io/example/iris-server:1.1.0
            weight: 0
          - version: 1.2.0
            image: ghcr.io/example/iris-server:1.2.0
            weight: 0
`;
}

interface Decision {
  readonly status: number | null;
  readonly json: any;
  readonly stderr: string;
}

let copy: ProjectCopy;
let work: string;
let brokenModelDir: string;
let servers: ModelServer[] = [];
let prometheusUrl: string;
let gateway: LoadGateway | undefined;
const started = Date.now();
/** Every decision, for the failure message and the timing note. */
const log: string[] = [];
/** How long each judged (not waiting) step had been in git, as advance reports it. */
const judgedAges: number[] = [];
/** Set when the suite ends, so a test that timed out stops asking. */
let finished = false;

beforeAll(async () => {
  const mark = (what: string) => log.push(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${what}`);
  ensurePrometheus();
  mark('prometheus installed');
  work = mkdtempSync(join(tmpdir(), 'advance-e2e-'));
  brokenModelDir = writeFrozenBatchModel();
  const prometheusPort = await freePort();
  prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
  // The servers start (their own processes) while the project copy is compiled and synthesized.
  const starting = Promise.all([
    startModelServer('iris', '1.0.0', BUNDLED_MODEL_DIR),
    startModelServer('iris', '1.1.0', BUNDLED_MODEL_DIR),
    startModelServer('iris', '1.2.0', brokenModelDir),
  ]);
  copy = ProjectCopy.create({ text: modelsYaml(prometheusUrl) });
  mark('project copy built and synthesized');
  servers = await starting;
  mark('model servers ready');

  // The PrometheusRule synth wrote, as Prometheus' own rule file (what the Operator does with it).
  const rule = parse(copy.read('dist/production/PrometheusRule.iris.k8s.yaml'));
  writeFileSync(join(work, 'rules.yaml'), stringify({ groups: rule.spec.groups }));
  // Static targets with the namespace label a ServiceMonitor (or the usual pod relabelling) adds.
  writeFileSync(join(work, 'prometheus.yml'), stringify({
    global: { scrape_interval: '1s', scrape_timeout: '900ms', evaluation_interval: '1s' },
    rule_files: [join(work, 'rules.yaml')],
    scrape_configs: [{
      job_name: 'model-servers',
      static_configs: [{ targets: servers.map((s) => `127.0.0.1:${s.metricsPort}`), labels: { namespace: 'models' } }],
    }],
  }));
  await startPrometheus(join(work, 'prometheus.yml'), join(work, 'data'), prometheusPort);
  mark('prometheus ready');

  gateway = new LoadGateway('iris', Object.fromEntries(servers.map((s) => [`iris-${s.version.replace(/\./g, '-')}`, s.port])), REQUESTS_PER_SECOND);
  gateway.sync(committedRoute());
  gateway.start();
}, 400_000);

afterAll(async () => {
  finished = true;
  // The timeline of the run (setup phases and every decision): where the time goes, and what failed.
  process.stdout.write(`advance e2e: ${((Date.now() - started) / 1000).toFixed(1)} s including setup\n${log.join('\n')}\n`);
  await gateway?.stop();
  await stopAll(); // Prometheus and the servers, also those of a setup that failed half-way
  copy?.remove();
  for (const dir of [work, brokenModelDir]) if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

/** The weights of the HTTPRoute in dist/ (by Service name). */
function committedRoute(): Record<string, number> {
  return routeWeights(copy.manifest('production/HTTPRoute.iris.k8s.yaml'));
}

/** Runs `model-serving advance iris --json …` in the copy without blocking the load generator. */
function advance(...args: string[]): Promise<Decision> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(copy.dir, 'build', 'lib', 'cli', 'index.js'), 'advance', 'iris', '--json', ...args], {
      cwd: copy.dir, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', PROMETHEUS_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk; });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (status) => {
      const json = stdout.trim() === '' ? undefined : JSON.parse(stdout);
      log.push(`[${((Date.now() - started) / 1000).toFixed(1)}s] exit ${status}: ${json?.message ?? stderr.trim()}`);
      resolve({ status, json, stderr });
    });
  });
}

/**
 * Runs advance until it decides something other than waiting: right after a commit it must wait
 * (the step has not had a whole window yet); then it is asked once a second.
 */
async function decide(...args: string[]): Promise<Decision> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (finished) throw new Error('the test ended (timed out?) while waiting for a decision');
    const result = await advance(...args);
    if (result.status !== 2 || Date.now() > deadline) {
      judgedAges.push(result.json?.step?.ageSeconds);
      return result;
    }
    await sleep(1000);
  }
}

/** Commits models.yaml and dist/ (merging the decision), after checking that the route carries models.yaml's weights; the gateway follows. */
function merge(message: string): void {
  const live = (weights: Record<string, number>) => Object.fromEntries(Object.entries(weights).filter(([, w]) => w > 0));
  const declared = Object.fromEntries(Object.entries(copy.weights('production')).map(([v, w]) => [`iris-${v.replace(/\./g, '-')}`, w]));
  expect(live(committedRoute())).toEqual(live(declared));
  copy.commit(message);
  gateway!.sync(committedRoute());
}

test('advance walks a healthy candidate to 100 and rolls back a broken one, every decision a commit', async () => {
  // 1.1.0, healthy: started at once (no analysis at weight 0), then judged at every step.
  let d = await advance('--version', '1.1.0');
  expect(d.json).toMatchObject({ decision: 'start', weights: { after: { '1.0.0': 90, '1.1.0': 10, '1.2.0': 0 } } });
  merge('advance: start iris 1.1.0 at 10');

  for (const [from, to] of [[10, 50], [50, 100]]) {
    d = await decide('--version', '1.1.0');
    expect({ status: d.status, decision: d.json?.decision, target: d.json?.target?.weight, log }).toMatchObject({ status: 0, decision: 'advance', target: to });
    expect(d.json.metrics.map((m: any) => m.name)).toEqual(['requests', 'error-rate', 'latency-p99']);
    expect(d.json.metrics.every((m: any) => m.status === 'ok')).toBe(true);
    merge(`advance: iris 1.1.0 ${from} → ${to}`);
  }
  expect(copy.weights('production')).toEqual({ '1.0.0': 0, '1.1.0': 100, '1.2.0': 0 });
  expect((await advance('--version', '1.1.0')).json.decision).toBe('complete');

  // 1.2.0, broken: the last listed version is the candidate by default.
  d = await advance();
  expect(d.json).toMatchObject({ candidate: '1.2.0', decision: 'start', weights: { after: { '1.1.0': 90, '1.2.0': 10 } } });
  merge('advance: start iris 1.2.0 at 10');
  d = await decide();
  expect({ status: d.status, decision: d.json?.decision, log }).toMatchObject({ status: 3, decision: 'rollback' });
  const errorRate = d.json.metrics.find((m: any) => m.name === 'error-rate');
  expect(errorRate).toMatchObject({ status: 'out-of-bounds', max: 0.01 });
  expect(errorRate.value).toBeGreaterThan(0.5); // three batch sizes in four fail (~0.75)
  // The weights before 1.2.0's first step, from git: 1.1.0 back at 100.
  expect(d.json.weights.after).toEqual({ '1.0.0': 0, '1.1.0': 100, '1.2.0': 0 });

  // The PrometheusRule's alert, evaluated by the same Prometheus, fires for 1.2.0 only.
  const alerts = await firingAlerts();
  expect(alerts.filter((a) => a.alertname === 'ModelServingErrorRatioHigh').map((a) => a.version)).toEqual(['1.2.0']);
  merge('advance: roll back iris 1.2.0');

  // A rolled-back candidate is not restarted by the next scheduled run.
  d = await advance();
  expect(d.json).toMatchObject({ decision: 'halted', file: 'unchanged' });

  // Each decision is one commit of models.yaml + dist/, and the real traffic followed them.
  const subjects = execGit('log', '--format=%s', '--', 'models.yaml').trim().split('\n');
  expect(subjects.slice(0, 5)).toEqual([
    'advance: roll back iris 1.2.0', 'advance: start iris 1.2.0 at 10', 'advance: iris 1.1.0 50 → 100',
    'advance: iris 1.1.0 10 → 50', 'advance: start iris 1.1.0 at 10',
  ]);
  // No step was judged before a whole window of it had been in git.
  expect(judgedAges).toHaveLength(3); // 10 → 50, 50 → 100, and 1.2.0's rollback
  for (const age of judgedAges) expect(age).toBeGreaterThanOrEqual(WINDOW_SECONDS);
  expect(gateway!.stats.get('iris-1-1-0')!.failed).toBe(0);
  expect(gateway!.stats.get('iris-1-2-0')!.failed).toBeGreaterThan(0);
}, 600_000);

/** The alerts firing now (polled for a few evaluation intervals), as label sets. */
async function firingAlerts(): Promise<Record<string, string>[]> {
  let firing: Record<string, string>[] = [];
  for (let i = 0; i < 10; i++) {
    const body: any = await (await fetch(`${prometheusUrl}/api/v1/alerts`)).json();
    firing = body.data.alerts.filter((a: any) => a.state === 'firing').map((a: any) => a.labels);
    if (firing.some((a) => a.alertname === 'ModelServingErrorRatioHigh')) break;
    await sleep(1000);
  }
  return firing;
}

function execGit(...args: string[]): string {
  return execFileSync('git', args, { cwd: copy.dir, encoding: 'utf8' });
}
