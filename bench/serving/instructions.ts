/**
 * npm run bench:serving:instructions -- <label=server.js> … — machine instructions per request of
 * each server, counted by valgrind's callgrind: unlike CPU time, the count does not depend on what
 * else the shared machine is doing, so a change of a few percent is visible in one run.
 *
 * Each server runs under callgrind with instrumentation off (start-up is not counted); after a
 * warm-up (so V8 has optimised the hot path, as it has in production) counting is switched on,
 * exactly BENCH_INSTR_REQUESTS requests are sent over BENCH_INSTR_CONNECTIONS keep-alive
 * connections, and the count is dumped. Ir / requests is the number. The server runs with the
 * production settings of bench:serving (NODE_ENV=production, info-level access log to a file,
 * metrics listener); instructions-preload.js keeps callgrind's long pauses from shedding. Valgrind runs the code 20–50× slower, so timers (the deadline sweep, the
 * load-shedding sampler) fire more often per request than in production: a small, constant bias.
 *
 * Env: BENCH_INSTR_BATCH (1), BENCH_INSTR_REQUESTS (2000), BENCH_INSTR_WARMUP (1500),
 * BENCH_INSTR_CONNECTIONS (4), BENCH_INSTR_BINARY=1 (send the batch with the binary tensor data
 * extension; only for servers that support it).
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../common/report';
import { binaryInferenceBody, inferenceBody, INFER_PATH } from './load';
import { freePort, MODEL_DIR } from './servers';

const BATCH = Number(process.env.BENCH_INSTR_BATCH ?? 1);
const REQUESTS = Number(process.env.BENCH_INSTR_REQUESTS ?? 2000);
const WARMUP = Number(process.env.BENCH_INSTR_WARMUP ?? 1500);
const CONNECTIONS = Number(process.env.BENCH_INSTR_CONNECTIONS ?? 4);
const BINARY = process.env.BENCH_INSTR_BINARY === '1';
const WORK = join(REPO_ROOT, '.bench-tmp', 'serving-instructions');

interface Body {
  readonly bytes: Buffer;
  readonly headers: Record<string, string>;
}

function body(): Body {
  if (!BINARY) return { bytes: Buffer.from(inferenceBody(BATCH)), headers: { 'content-type': 'application/json' } };
  const { bytes, headerLength } = binaryInferenceBody(BATCH);
  return { bytes, headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(headerLength) } };
}

/** Sends exactly `count` requests, `CONNECTIONS` at a time; rejects on any non-200. */
function send(url: string, b: Body, count: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let started = 0;
  const one = (): Promise<void> => new Promise((ok, fail) => {
    const req = request(`${url}${INFER_PATH}`, { method: 'POST', agent, headers: { ...b.headers, 'content-length': b.bytes.length } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? ok() : fail(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', fail);
    req.end(b.bytes);
  });
  const lane = async (): Promise<void> => {
    while (started < count) {
      started++;
      await one();
    }
  };
  return Promise.all(Array.from({ length: CONNECTIONS }, lane)).then(() => agent.destroy());
}

async function measure(label: string, entry: string): Promise<number> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const out = join(WORK, `${label}.callgrind`);
  const log = openSync(join(WORK, `${label}.log`), 'w');
  const child = spawn('valgrind', ['--tool=callgrind', '--instr-atstart=no', '--separate-threads=yes', `--callgrind-out-file=${out}`, process.execPath,
    '-r', join(__dirname, 'instructions-preload.js'), entry], {
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port),
      METRICS_PORT: String(metricsPort), MODEL_DIR, MODEL_NAME: 'iris', MODEL_VERSION: '1.0.0', DRAIN_DELAY_SECONDS: '0',
      // Valgrind's slowness must not read as overload.
      OVERLOAD_EVENT_LOOP_DELAY_MS: '60000' },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 300_000;
    while ((await fetch(`${url}/v2/health/ready`).then((r) => r.status, () => 0)) !== 200) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${label} did not become ready; see ${WORK}/${label}.log`);
      await new Promise((r) => setTimeout(r, 500));
    }
    // callgrind_control finds the process through vgdb's pipes, named after USER and HOST: same env.
    const control = (option: string) => execFileSync('callgrind_control', [option, String(child.pid)],
      { stdio: 'ignore', env: { ...process.env, HOST: '127.0.0.1' } });
    const b = body();
    await send(url, b, WARMUP);
    // Switching instrumentation on retranslates all code: a second, short warm-up before counting.
    control('--instr=on');
    await send(url, b, 200);
    control('-z');
    await send(url, b, REQUESTS);
    control('-d');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  // The dump written by -d is <out>.1-<thread>; thread 01 is the main thread, where every request
  // is handled (the JavaScript, the HTTP parser, onnxruntime's run with one intra-op thread). The
  // other threads are V8's concurrent compiler and GC helpers: their work in the window depends on
  // when V8 decides to optimise, not on the request path, and made counts jump by a third.
  const dump = `${label}.callgrind.1-01`;
  const text = readFileSync(join(WORK, dump), 'utf8');
  const total = /^(?:summary|totals): (\d+)/m.exec(text);
  if (!total) throw new Error(`no instruction total in ${dump}`);
  return Number(total[1]) / REQUESTS;
}

async function main(): Promise<void> {
  const servers = process.argv.slice(2).map((arg) => {
    const [label, path] = arg.includes('=') ? arg.split('=') : [arg.replace(/\W+/g, '-'), arg];
    return { label, entry: resolve(path) };
  });
  if (servers.length === 0) throw new Error('usage: instructions.ts <label=server.js> …');
  mkdirSync(WORK, { recursive: true });
  for (const f of readdirSync(WORK)) if (f.includes('.callgrind')) execFileSync('rm', ['-f', join(WORK, f)]);
  console.log(`batch ${BATCH}${BINARY ? ' (binary)' : ''}, ${REQUESTS} counted requests after ${WARMUP} warm-up, ${CONNECTIONS} connections`);
  for (const { label, entry } of servers) {
    const perRequest = await measure(label, entry);
    console.log(`| ${label} | ${Math.round(perRequest).toLocaleString('en-US')} instructions / request |`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
