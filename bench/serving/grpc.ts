/**
 * npm run bench:serving:grpc (also run at the end of npm run bench:serving; BENCH_GRPC=0 skips it
 * there) — the production server's Open Inference Protocol over gRPC beside its REST API, on one
 * process with GRPC_PORT set: batch 1 and 64, REST JSON (wrk) against gRPC typed contents and
 * gRPC raw contents (h2load), same rows, same connection count. Before any timing, the three
 * answers to the batch-64 request must be identical. Runs are short and interleaved (rounds ×
 * batches, protocol order rotating, the server restarted per round), reported as medians with
 * min–max; server CPU per request (from /proc) is the main number on this shared machine, and
 * each gRPC run is also divided by the REST run next to it (same round, same batch): the median
 * of those paired ratios is the least noisy comparison here.
 * Writes bench/results/serving-grpc.json and its block of BENCHMARKS.md.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { credentials, loadPackageDefinition, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { machineLines } from '../common/machine';
import { REPO_ROOT, replaceSection, table } from '../common/report';
import { cell, summarize, type Summary } from '../common/stats';
import { grpcInferRequest, runH2load, writeGrpcBody, type GrpcMode } from './grpc-load';
import { inferOnce, runWrk, writeBody, type BenchBody, type LoadResult } from './load';
import { debianVersion } from './prerequisites';
import { freePort, groupCpuSeconds, MODEL_DIR } from './servers';

const BATCHES = [1, 64];
// More, shorter runs than bench:serving's: on a shared machine the paired per-round ratios need many pairs.
const ROUNDS = Number(process.env.BENCH_GRPC_ROUNDS ?? 10);
const SECONDS = Number(process.env.BENCH_GRPC_SECONDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WORK = join(REPO_ROOT, '.bench-tmp', 'serving-grpc');
const RESULTS = join(REPO_ROOT, 'bench', 'results');

type Variant = 'rest' | GrpcMode;
const VARIANTS: Variant[] = ['rest', 'typed', 'raw'];
const LABELS: Record<Variant, string> = {
  rest: 'REST, V2 JSON (wrk)', typed: 'gRPC, typed contents (h2load)', raw: 'gRPC, raw contents (h2load)',
};

interface Production { url: string; metricsUrl: string; grpcAddress: string; cpuSeconds(): number; stop(): Promise<void> }

/** The production server as bench:serving runs it (servers.ts), plus GRPC_PORT. */
async function startProduction(logFile: string): Promise<Production> {
  const [port, metricsPort, grpcPort] = [await freePort(), await freePort(), await freePort()];
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [join(REPO_ROOT, 'serving-image', 'build', 'serving-image', 'src', 'server.js')], {
    cwd: REPO_ROOT, detached: true, stdio: ['ignore', log, log],
    env: {
      PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port),
      METRICS_PORT: String(metricsPort), GRPC_PORT: String(grpcPort), MODEL_DIR, MODEL_NAME: 'iris', MODEL_VERSION: '1.0.0',
      DRAIN_DELAY_SECONDS: '0', SHUTDOWN_TIMEOUT_SECONDS: '10',
    },
  });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* gone */ }
    const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5000);
    await exited;
    clearTimeout(timer);
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await fetch(`${url}/v2/health/ready`).then((r) => r.status, () => 0);
    if (status === 200) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`production server not ready; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { url, metricsUrl: `http://127.0.0.1:${metricsPort}`, grpcAddress: `127.0.0.1:${grpcPort}`, cpuSeconds: () => groupCpuSeconds(child.pid!), stop };
}

/** ModelInfer over @grpc/grpc-js, outputs as plain numbers by name (typed or raw). */
async function grpcInferOnce(address: string, mode: GrpcMode, batch: number): Promise<Record<string, number[]>> {
  const proto = loadPackageDefinition(loadSync(['open_inference_grpc.proto'], {
    keepCase: true, longs: String, defaults: true, includeDirs: [join(REPO_ROOT, 'serving-image', 'proto')],
  })) as unknown as { inference: { GRPCInferenceService: new (a: string, c: ReturnType<typeof credentials.createInsecure>) => Client } };
  const client = new proto.inference.GRPCInferenceService(address, credentials.createInsecure());
  try {
    const response = await new Promise<{ outputs: { name: string; datatype: string; contents: Record<string, unknown[]> | null }[]; raw_output_contents: Buffer[] }>(
      (resolve, reject) => (client as unknown as Record<string, (r: unknown, o: object, cb: (e: ServiceError | null, r: never) => void) => void>)
        .ModelInfer(grpcInferRequest(batch, mode), { deadline: Date.now() + 10_000 }, (err, r) => (err ? reject(err) : resolve(r))),
    );
    return Object.fromEntries(response.outputs.map((o, i) => {
      if (response.raw_output_contents.length === 0) return [o.name, (o.contents!.int64_contents.length ? o.contents!.int64_contents : o.contents!.fp32_contents).map(Number)];
      const b = response.raw_output_contents[i];
      const copy = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
      return [o.name, o.datatype === 'INT64' ? Array.from(new BigInt64Array(copy), Number) : Array.from(new Float32Array(copy))];
    }));
  } finally {
    client.close();
  }
}

async function checkAnswers(): Promise<void> {
  const server = await startProduction(join(WORK, 'check.log'));
  try {
    const rest = Object.fromEntries(Object.entries(await inferOnce(server.url, readFileSync(writeBody(WORK, 64).file, 'utf8'))).map(([n, o]) => [n, o.data]));
    for (const mode of ['typed', 'raw'] as GrpcMode[]) {
      const got = await grpcInferOnce(server.grpcAddress, mode, 64);
      if (JSON.stringify(got) !== JSON.stringify(rest)) throw new Error(`gRPC ${mode} answers differently from REST at batch 64`);
      console.log(`  gRPC ${mode}: the same outputs as REST (batch 64, exact)`);
    }
  } finally {
    await server.stop();
  }
}

const rotate = <T>(items: T[], by: number) => items.map((_, i) => items[(i + by) % items.length]);

interface GrpcCell {
  variant: Variant; batch: number; reqPerSec: Summary; p50Ms: Summary; p99Ms: Summary; cpuUsPerReq: Summary; errors: number;
  /** This variant's CPU per request ÷ the REST run's in the same round and batch. */
  cpuVsRest: Summary;
}

async function measure(): Promise<GrpcCell[]> {
  const restBodies = Object.fromEntries(BATCHES.map((b) => [b, writeBody(WORK, b)])) as Record<number, BenchBody>;
  const bodies = Object.fromEntries(BATCHES.flatMap((b) => [
    [`typed/${b}`, writeGrpcBody(WORK, b, 'typed')], [`raw/${b}`, writeGrpcBody(WORK, b, 'raw')],
  ]));
  const runs = new Map<string, LoadResult[]>();
  for (let round = 0; round < ROUNDS; round++) {
    const server = await startProduction(join(WORK, 'production.log'));
    try {
      runWrk(server.url, restBodies[1], 1, CONNECTIONS, server.cpuSeconds); // warm-up: JIT, both protocols
      await runH2load(server.grpcAddress, bodies['typed/1'], 1, CONNECTIONS, server.cpuSeconds, server.metricsUrl, WORK);
      for (const batch of BATCHES) {
        for (const variant of rotate(VARIANTS, round)) {
          const result = variant === 'rest'
            ? runWrk(server.url, restBodies[batch], SECONDS, CONNECTIONS, server.cpuSeconds)
            : await runH2load(server.grpcAddress, bodies[`${variant}/${batch}`], SECONDS, CONNECTIONS, server.cpuSeconds, server.metricsUrl, WORK);
          runs.set(`${variant}/${batch}`, [...(runs.get(`${variant}/${batch}`) ?? []), result]);
          console.log(`  round ${round + 1} batch ${batch} ${variant}: ${Math.round(result.reqPerSec)} req/s, p99 ${result.p99Ms.toFixed(1)} ms, `
            + `${Math.round(result.cpuUsPerReq)} µs CPU/req${result.errors ? `, ${result.errors} errors` : ''}`);
        }
      }
    } finally {
      await server.stop();
    }
  }
  return BATCHES.flatMap((batch) => VARIANTS.map((variant) => {
    const r = runs.get(`${variant}/${batch}`)!;
    const rest = runs.get(`rest/${batch}`)!;
    return {
      variant, batch, reqPerSec: summarize(r.map((x) => x.reqPerSec)), p50Ms: summarize(r.map((x) => x.p50Ms)),
      p99Ms: summarize(r.map((x) => x.p99Ms)), cpuUsPerReq: summarize(r.map((x) => x.cpuUsPerReq)), errors: r.reduce((n, x) => n + x.errors, 0),
      cpuVsRest: summarize(r.map((x, round) => x.cpuUsPerReq / rest[round].cpuUsPerReq)),
    };
  }));
}

function report(cells: GrpcCell[], loadAverage: { before: string; after: string }): string {
  const versions = JSON.parse(readFileSync(join(REPO_ROOT, 'serving-image', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const h2loadVersion = spawnSync('h2load', ['--version'], { encoding: 'utf8' }).stdout.trim();
  const rows = cells.map((c) => {
    const ratio = c.variant === 'rest' ? '—' : `${cell(c.cpuVsRest, 2)}`;
    return [String(c.batch), LABELS[c.variant], cell(c.reqPerSec), cell(c.p50Ms, 2), cell(c.p99Ms, 1), cell(c.cpuUsPerReq), ratio, String(c.errors)];
  });
  return [
    '#### gRPC beside REST: results',
    '',
    ...machineLines({}),
    `- ${h2loadVersion} (Debian nghttp2-client ${debianVersion('nghttp2-client')}), wrk ${debianVersion('wrk')}; `
      + `@grpc/grpc-js ${versions.dependencies['@grpc/grpc-js']}, @grpc/proto-loader ${versions.dependencies['@grpc/proto-loader']}`,
    `- One production server (NODE_ENV=production, info logs to a file, metrics listener) with GRPC_PORT set; ${CONNECTIONS} keep-alive `
      + `connections, one request in flight on each; ${SECONDS} s per run after a 1 s warm-up of each protocol; ${ROUNDS} rounds, `
      + 'the server restarted per round and the protocol order rotating. Cells: median (min–max).',
    `- Load average (1/5/15 min) at start: ${loadAverage.before}; at end: ${loadAverage.after}.`,
    '',
    table(['batch', 'protocol', 'req/s', 'p50 (ms)', 'p99 (ms)', 'server CPU µs / req', 'CPU / REST\'s, paired per round', 'errors'], rows),
  ].join('\n');
}

/** Runs the comparison and writes its results; `build` false when the caller has just built the server. */
export async function runGrpcBench({ build = true } = {}): Promise<void> {
  const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const before = loadAverage();
  if (spawnSync('h2load', ['--version']).status !== 0) {
    throw new Error('h2load is missing: apt-get install nghttp2-client (bench:serving installs it when run as root)');
  }
  mkdirSync(WORK, { recursive: true });
  mkdirSync(RESULTS, { recursive: true });
  if (build) execFileSync('npm', ['run', '--silent', 'build', '--workspace', 'serving-image'], { cwd: REPO_ROOT, stdio: 'inherit' });
  console.log('gRPC: checking that REST, gRPC typed and gRPC raw answer alike …');
  await checkAnswers();
  console.log(`gRPC beside REST: ${ROUNDS} rounds × batch ${BATCHES.join('/')} × ${VARIANTS.join('/')}, ${SECONDS} s each …`);
  const cells = await measure();
  const loads = { before, after: loadAverage() };
  writeFileSync(join(RESULTS, 'serving-grpc.json'), `${JSON.stringify({ machine: machineLines(), loadAverage: loads, cells }, null, 2)}\n`);
  replaceSection('bench:serving:grpc', report(cells, loads));
  console.log('gRPC: BENCHMARKS.md (bench:serving:grpc block), bench/results/serving-grpc.json');
}

if (require.main === module) {
  runGrpcBench().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
