/**
 * npm run bench:serving:ab -- <A server.js> <B server.js> — two builds of the model server side by
 * side in one run (e.g. before/after a change): rounds interleaved A B B A …, each server started
 * fresh per round with the production settings bench:serving uses, wrk with 32 keep-alive
 * connections at batch 1 (BENCH_AB_BATCH), median req/s and server CPU per request, and B's cost
 * relative to A — both as the ratio of the medians and as the median of the per-round ratios
 * (each round's A and B run back to back, so they share the machine's load at that moment,
 * which matters on a shared, noisy machine). Prints a Markdown table; writes nothing to
 * BENCHMARKS.md by itself.
 *
 * BENCH_AB_MODE=concurrent runs A and B at the same time instead, each with its own wrk, so both
 * see exactly the same background load; each round's B/A ratio then compares the two servers
 * under identical conditions (absolute numbers are lower: they share the cores with each other).
 */
import { execFile, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../common/report';
import { cell, summarize } from '../common/stats';
import { runWrk, writeBody, type LoadResult } from './load';
import { freePort, groupCpuSeconds, MODEL_DIR } from './servers';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const BATCH = Number(process.env.BENCH_AB_BATCH ?? 1);
const WORK = join(REPO_ROOT, '.bench-tmp', 'serving-ab');
const CONCURRENT = process.env.BENCH_AB_MODE === 'concurrent';
const WRK_SCRIPT = join(REPO_ROOT, 'bench', 'serving', 'wrk-post.lua');

/** Like runWrk, but asynchronous, so two load runs can overlap. */
function runWrkAsync(url: string, bodyFile: string, seconds: number, cpuSeconds: () => number): Promise<LoadResult> {
  const cpuBefore = cpuSeconds();
  return new Promise((resolvePromise, reject) => {
    execFile('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '-s', WRK_SCRIPT, `${url}/v2/models/iris/infer`],
      { env: { ...process.env, BENCH_BODY_FILE: bodyFile } }, (err, out) => {
        if (err) { reject(err); return; }
        const cpuUsed = cpuSeconds() - cpuBefore;
        const line = out.split('\n').find((l) => l.startsWith('BENCH_JSON '));
        if (!line) { reject(new Error(`wrk printed no BENCH_JSON line:\n${out}`)); return; }
        const r = JSON.parse(line.slice('BENCH_JSON '.length));
        resolvePromise({
          reqPerSec: r.requests / (r.duration_us / 1e6), p50Ms: r.p50_us / 1000, p99Ms: r.p99_us / 1000,
          errors: r.errors + r.status_errors, cpuUsPerReq: (cpuUsed * 1e6) / r.requests, requests: r.requests,
        });
      });
  });
}

async function start(entry: string, logFile: string) {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const log = openSync(logFile, 'a');
  // As bench:serving runs the production server: NODE_ENV=production, info-level request logs to a file.
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port),
      METRICS_PORT: String(metricsPort), MODEL_DIR, MODEL_NAME: 'iris', MODEL_VERSION: '1.0.0', DRAIN_DELAY_SECONDS: '0' },
    stdio: ['ignore', log, log], detached: true,
  });
  closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}; see ${logFile}`);
    const status = await fetch(`${url}/v2/health/ready`).then((r) => r.status, () => 0);
    if (status === 200) break;
    if (Date.now() > deadline) throw new Error(`${entry} not ready after 60 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* gone */ }
    const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { url, cpuSeconds: () => groupCpuSeconds(child.pid!), stop };
}

async function main(): Promise<void> {
  const [a, b] = process.argv.slice(2).map((p) => resolve(p));
  if (!a || !b) throw new Error('usage: ab.ts <A server.js> <B server.js>');
  mkdirSync(WORK, { recursive: true });
  const body = writeBody(WORK, BATCH);
  const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`A = ${a}\nB = ${b}\n${ROUNDS} rounds (${CONCURRENT ? 'A and B at the same time' : 'A B B A …'}), ${SECONDS} s per run after a 1 s warm-up, batch ${BATCH}, `
    + `${CONNECTIONS} connections; load average ${loadAverage()}`);
  const runs: Record<'A' | 'B', LoadResult[]> = { A: [], B: [] };
  for (let round = 0; CONCURRENT && round < ROUNDS; round++) {
    const servers = { A: await start(a, join(WORK, 'A.log')), B: await start(b, join(WORK, 'B.log')) };
    try {
      await Promise.all((['A', 'B'] as const).map((w) => runWrkAsync(servers[w].url, body.file, 1, servers[w].cpuSeconds)));
      const [ra, rb] = await Promise.all((['A', 'B'] as const).map((w) => runWrkAsync(servers[w].url, body.file, SECONDS, servers[w].cpuSeconds)));
      if (ra.errors + rb.errors > 0) throw new Error(`errors: A ${ra.errors}, B ${rb.errors}`);
      runs.A.push(ra);
      runs.B.push(rb);
      console.log(`  round ${round + 1} together: A ${Math.round(ra.reqPerSec)} req/s ${Math.round(ra.cpuUsPerReq)} µs CPU/req, `
        + `B ${Math.round(rb.reqPerSec)} req/s ${Math.round(rb.cpuUsPerReq)} µs CPU/req`);
    } finally {
      await Promise.all([servers.A.stop(), servers.B.stop()]);
    }
  }
  for (let round = 0; !CONCURRENT && round < ROUNDS; round++) {
    for (const which of (round % 2 === 0 ? ['A', 'B'] : ['B', 'A']) as ('A' | 'B')[]) {
      const server = await start(which === 'A' ? a : b, join(WORK, `${which}.log`));
      try {
        runWrk(server.url, body, 1, CONNECTIONS, server.cpuSeconds);
        const result = runWrk(server.url, body, SECONDS, CONNECTIONS, server.cpuSeconds);
        if (result.errors > 0) throw new Error(`${which}: ${result.errors} errors`);
        runs[which].push(result);
        console.log(`  round ${round + 1} ${which}: ${Math.round(result.reqPerSec)} req/s, p99 ${result.p99Ms.toFixed(1)} ms, `
          + `${Math.round(result.cpuUsPerReq)} µs CPU/req`);
      } finally {
        await server.stop();
      }
    }
  }
  const rps = { A: summarize(runs.A.map((r) => r.reqPerSec)), B: summarize(runs.B.map((r) => r.reqPerSec)) };
  const cpu = { A: summarize(runs.A.map((r) => r.cpuUsPerReq)), B: summarize(runs.B.map((r) => r.cpuUsPerReq)) };
  const p99 = { A: summarize(runs.A.map((r) => r.p99Ms)), B: summarize(runs.B.map((r) => r.p99Ms)) };
  console.log(`\nload average at end ${loadAverage()}\n`);
  console.log('| server | req/s | p99 (ms) | server CPU µs / req |\n| --- | --- | --- | --- |');
  for (const which of ['A', 'B'] as const) console.log(`| ${which} | ${cell(rps[which])} | ${cell(p99[which], 1)} | ${cell(cpu[which])} |`);
  const pct = (x: number, y: number) => `${(((y - x) / x) * 100).toFixed(1)} %`;
  console.log(`\nB vs A (ratio of medians): req/s ${pct(rps.A.median, rps.B.median)}, CPU per request ${pct(cpu.A.median, cpu.B.median)}`);
  const paired = (pick: (r: LoadResult) => number) => summarize(runs.A.map((a, i) => pick(runs.B[i]) / pick(a)));
  const [rpsRatio, cpuRatio] = [paired((r) => r.reqPerSec), paired((r) => r.cpuUsPerReq)];
  const ratioPct = (ratio: number) => `${((ratio - 1) * 100).toFixed(1)} %`;
  console.log(`B vs A (median of per-round ratios, min–max): req/s ${ratioPct(rpsRatio.median)} `
    + `(${ratioPct(rpsRatio.min)} – ${ratioPct(rpsRatio.max)}), CPU per request ${ratioPct(cpuRatio.median)} `
    + `(${ratioPct(cpuRatio.min)} – ${ratioPct(cpuRatio.max)})`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
