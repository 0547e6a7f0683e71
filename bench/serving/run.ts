/**
 * npm run bench:serving — the serving image in its production configuration against a FastAPI +
 * uvicorn peer (as the Debian packages come, and with uvloop + httptools) and a bare node:http
 * server (the stack's limit), all serving the same model.onnx with the same OIP V2 JSON — and the
 * production server once more with the same rows as binary tensor data (in and out), as
 * tritonclient sends them: req/s, p50/p99 and CPU per request at batch 1, 64 and 1024, with 1 and
 * 2 workers, the production server's log volume per request, plus cold start. Every server's
 * answer is first checked against the production server's; load runs are interleaved (rounds ×
 * workers × servers in rotating order) and reported as medians with min–max.
 * Writes bench/results/serving.json, two SVG charts and its section of BENCHMARKS.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { barChart } from '../chart/svg';
import { firstLine, machineLines } from '../common/machine';
import { REPO_ROOT } from '../common/report';
import { summarize } from '../common/stats';
import { runGrpcBench } from './grpc';
import { answerDifferences, inferBinaryOnce, inferenceBody, inferOnce, runWrk, writeBinaryBody, writeBody, type BenchBody, type LoadResult } from './load';
import { debianVersion, ensureDebianPackages } from './prerequisites';
import { SERVER_LABELS, startServer, type ServerName } from './servers';
import { writeServingReport, type Cell, type ServingResults } from './serving-report';

const SERVERS: ServerName[] = ['production', 'production-binary', 'fastapi', 'fastapi-uvloop', 'bare'];
/** Servers whose process differs (production-binary is the production server sent other bodies). */
const PROCESSES: ServerName[] = SERVERS.filter((s) => s !== 'production-binary');
const WORKERS = [1, 2];
const BATCHES = [1, 64, 1024];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const WARMUP_SECONDS = 1;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 5);
const WORK = join(REPO_ROOT, '.bench-tmp', 'serving');
const RESULTS = join(REPO_ROOT, 'bench', 'results');

/** `wrk -v` prints its version but exits non-zero. */
function wrkVersion(): string {
  const r = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`.split('\n')[0].replace(/ \[.*$/, '').replace(/^wrk /, '') || 'unknown';
}

const rotate = <T>(items: T[], by: number) => items.map((_, i) => items[(i + by) % items.length]);
const log = (name: string) => join(WORK, `${name}.log`);

async function checkAnswers(): Promise<void> {
  const references = new Map<number, Awaited<ReturnType<typeof inferOnce>>>();
  for (const name of SERVERS) {
    const server = await startServer(name, 1, log(name));
    try {
      for (const batch of [64, 1024]) {
        const answer = name === 'production-binary' ? await inferBinaryOnce(server.url, batch) : await inferOnce(server.url, inferenceBody(batch));
        if (!references.has(batch)) references.set(batch, answer);
        const problems = answerDifferences(references.get(batch)!, answer);
        if (problems.length > 0) throw new Error(`${name} answers differently from production at batch ${batch}: ${problems.join('; ')}`);
      }
      console.log(`  ${SERVER_LABELS[name]}: same outputs as production (batch 64 and 1024)`);
    } finally {
      await server.stop();
    }
  }
}

async function measureColdStarts(): Promise<Record<ServerName, number[]>> {
  const samples = Object.fromEntries(PROCESSES.map((s) => [s, [] as number[]])) as Record<ServerName, number[]>;
  for (let i = 0; i < COLD_STARTS; i++) {
    for (const name of rotate(PROCESSES, i)) {
      const server = await startServer(name, 1, log(name));
      samples[name].push(server.readyMs);
      await server.stop();
    }
  }
  return samples;
}

/** One load run's result, with the bytes the server wrote to its log per request. */
type Sample = LoadResult & { logBytesPerReq: number };

async function measureLoad(bodies: Record<number, BenchBody>, binaryBodies: Record<number, BenchBody>): Promise<Map<string, Sample[]>> {
  const samples = new Map<string, Sample[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const workers of WORKERS) {
      for (const name of rotate(SERVERS, round)) {
        const server = await startServer(name, workers, log(name));
        try {
          // Warm up once per start: JIT, connection pools, and (with 2 workers) both workers up.
          const bodyOf = name === 'production-binary' ? binaryBodies : bodies;
          runWrk(server.url, bodyOf[BATCHES[0]], WARMUP_SECONDS * workers, CONNECTIONS, server.cpuSeconds);
          for (const batch of BATCHES) {
            const logBefore = statSync(log(name)).size;
            const run = runWrk(server.url, bodyOf[batch], SECONDS, CONNECTIONS, server.cpuSeconds);
            const result = { ...run, logBytesPerReq: (statSync(log(name)).size - logBefore) / run.requests };
            const key = `${name}/${workers}/${batch}`;
            samples.set(key, [...(samples.get(key) ?? []), result]);
            console.log(`  round ${round + 1} ${workers}w ${name} batch ${batch}: ${Math.round(result.reqPerSec)} req/s, `
              + `p99 ${result.p99Ms.toFixed(1)} ms, ${Math.round(result.cpuUsPerReq)} µs CPU/req${result.errors ? `, ${result.errors} errors` : ''}`);
          }
        } finally {
          await server.stop();
        }
      }
    }
  }
  return samples;
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const loadBefore = loadAverage();
  ensureDebianPackages();
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  mkdirSync(RESULTS, { recursive: true });
  console.log('building the serving image (npm run build --workspace serving-image) …');
  execFileSync('npm', ['run', '--silent', 'build', '--workspace', 'serving-image'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const bodies = Object.fromEntries(BATCHES.map((b) => [b, writeBody(WORK, b)]));
  const binaryBodies = Object.fromEntries(BATCHES.map((b) => [b, writeBinaryBody(WORK, b)]));

  console.log('checking that every server gives the same answer …');
  await checkAnswers();
  console.log(`cold starts (${COLD_STARTS} each) …`);
  const cold = await measureColdStarts();
  console.log(`load: ${ROUNDS} rounds × workers ${WORKERS.join('/')} × batch ${BATCHES.join('/')}, ${SECONDS} s each, `
    + `${CONNECTIONS} connections …`);
  const load = await measureLoad(bodies, binaryBodies);

  const cells: Cell[] = [];
  for (const workers of WORKERS) {
    for (const batch of BATCHES) {
      for (const server of SERVERS) {
        const runs = load.get(`${server}/${workers}/${batch}`)!;
        cells.push({
          server, workers, batch,
          reqPerSec: summarize(runs.map((r) => r.reqPerSec)),
          p50Ms: summarize(runs.map((r) => r.p50Ms)),
          p99Ms: summarize(runs.map((r) => r.p99Ms)),
          cpuUsPerReq: summarize(runs.map((r) => r.cpuUsPerReq)),
          logBytesPerReq: summarize(runs.map((r) => r.logBytesPerReq)),
          errors: runs.reduce((n, r) => n + r.errors, 0),
        });
      }
    }
  }
  const serving = JSON.parse(readFileSync(join(REPO_ROOT, 'serving-image', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const results: ServingResults = {
    machine: machineLines(),
    versions: {
      wrk: wrkVersion(),
      'Python (Debian)': firstLine('/usr/bin/python3', ['--version']),
      ...Object.fromEntries(['python3-fastapi', 'python3-uvicorn', 'python3-pydantic', 'python3-numpy', 'python3-onnx',
        'python3-uvloop', 'python3-httptools'].map((p) => [p, debianVersion(p)])),
      ...Object.fromEntries(['fastify', 'onnxruntime-node', 'pino', 'prom-client'].map((d) => [d, serving.dependencies[d]])),
    },
    settings: { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, coldStarts: COLD_STARTS },
    loadAverage: { before: loadBefore, after: loadAverage() },
    cells,
    coldStartMs: Object.fromEntries(PROCESSES.map((s) => [s, summarize(cold[s])])) as ServingResults['coldStartMs'],
  };
  writeFileSync(join(RESULTS, 'serving.json'), `${JSON.stringify(results, null, 2)}\n`);
  const groups = (pick: (c: Cell) => { median: number; min: number; max: number }) => WORKERS.flatMap((w) => BATCHES.map((b) => ({
    label: `${w} worker${w > 1 ? 's' : ''}, batch ${b}`,
    bars: cells.filter((c) => c.workers === w && c.batch === b).map((c) => ({
      series: SERVER_LABELS[c.server], value: Math.round(pick(c).median * 10) / 10, min: pick(c).min, max: pick(c).max,
    })),
  })));
  writeFileSync(join(RESULTS, 'serving-throughput.svg'), barChart('Requests per second (median, min–max)', 'req/s', groups((c) => c.reqPerSec)));
  writeFileSync(join(RESULTS, 'serving-p99.svg'), barChart('p99 latency (median, min–max)', 'ms', groups((c) => c.p99Ms)));
  writeServingReport(results);
  if (process.env.BENCH_GRPC !== '0') await runGrpcBench({ build: false }); // gRPC beside REST, its own block
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s: BENCHMARKS.md, bench/results/serving.json, bench/results/serving-*.svg`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
