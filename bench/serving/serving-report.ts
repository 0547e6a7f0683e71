/** Turns the serving benchmark's results into its BENCHMARKS.md section (tables, ratios, targets). */
import { replaceSection, table } from '../common/report';
import { cell, fmt, type Summary } from '../common/stats';
import { SERVER_LABELS, type ServerName } from './servers';

export interface Cell {
  readonly server: ServerName;
  readonly workers: number;
  readonly batch: number;
  readonly reqPerSec: Summary;
  readonly p50Ms: Summary;
  readonly p99Ms: Summary;
  readonly cpuUsPerReq: Summary;
  /** Bytes the server wrote to stdout/stderr (its access log) per request. */
  readonly logBytesPerReq: Summary;
  readonly errors: number;
}

export interface ServingResults {
  readonly machine: string[];
  readonly versions: Record<string, string>;
  readonly settings: { rounds: number; seconds: number; connections: number; coldStarts: number };
  /** /proc/loadavg at the start and end: other work on the machine skews req/s (not CPU/req). */
  readonly loadAverage: { before: string; after: string };
  readonly cells: Cell[];
  readonly coldStartMs: Partial<Record<ServerName, Summary>>;
}

const x = (v: number) => `${v.toFixed(2)}×`;

function targetRows(r: ServingResults): string[][] {
  const rows: string[][] = [];
  const scenarios = [...new Set(r.cells.map((c) => `${c.workers}/${c.batch}`))];
  for (const scenario of scenarios) {
    const [workers, batch] = scenario.split('/').map(Number);
    const get = (s: ServerName) => r.cells.find((c) => c.server === s && c.workers === workers && c.batch === batch)!;
    const prod = get('production');
    const fast = get('fastapi');
    const fastUv = get('fastapi-uvloop');
    const bare = get('bare');
    const speed = prod.reqPerSec.median / fast.reqPerSec.median;
    const speedUv = prod.reqPerSec.median / fastUv.reqPerSec.median;
    const p99 = prod.p99Ms.median / fast.p99Ms.median;
    const p99Uv = prod.p99Ms.median / fastUv.p99Ms.median;
    const binary = get('production-binary');
    const share = prod.reqPerSec.median / bare.reqPerSec.median;
    const cpuShare = bare.cpuUsPerReq.median / prod.cpuUsPerReq.median;
    const mark = (ok: boolean) => (ok ? '✅' : '❌');
    rows.push([
      `${workers} worker${workers > 1 ? 's' : ''}, batch ${batch}`,
      `${x(speed)} ${mark(speed >= 6)} / ${x(speedUv)} ${mark(speedUv >= 6)}`,
      `${x(p99)} ${mark(p99 <= 0.25)} / ${x(p99Uv)} ${mark(p99Uv <= 0.25)}`,
      `${(share * 100).toFixed(0)} % ${mark(share >= 0.85)}`,
      `${(cpuShare * 100).toFixed(0)} % ${mark(cpuShare >= 0.85)}`,
      `${x(prod.cpuUsPerReq.median / binary.cpuUsPerReq.median)} / ${x(binary.reqPerSec.median / prod.reqPerSec.median)}`,
      fmt(prod.logBytesPerReq.median),
    ]);
  }
  return rows;
}

export function writeServingReport(r: ServingResults): void {
  const s = r.settings;
  const md = [
    '### Serving: results',
    '',
    ...r.machine,
    ...Object.entries(r.versions).map(([name, version]) => `- ${name} ${version}`),
    `- wrk, 1 thread, ${s.connections} keep-alive connections on loopback, ${s.seconds} s per run after a warm-up run;`
      + ` ${s.rounds} interleaved rounds (server order rotating, every server restarted per round). Cells: median (min–max).`,
    '- Load generator and servers share the same 2 cores: with 2 workers, three busy processes compete for two cores.',
    `- Load average (1/5/15 min) at start: ${r.loadAverage.before}; at end: ${r.loadAverage.after}.`,
    '',
    '#### Against the targets (production server ÷ peer, medians)',
    '',
    'Each FastAPI column shows the plain Debian uvicorn (asyncio + h11) / uvicorn with uvloop + httptools.',
    '',
    table(['scenario', 'req/s vs FastAPI (target ≥ 6×)', 'p99 vs FastAPI (target ≤ 0.25×)', 'req/s vs bare node:http (target ≥ 85 %)',
      'CPU efficiency vs bare (bare CPU/req ÷ production CPU/req, target ≥ 85 %)', 'binary tensor data vs JSON: CPU/req saved / req/s gained',
      'access log bytes / request'],
      targetRows(r)),
    '',
    '![Requests per second](bench/results/serving-throughput.svg)',
    '',
    '#### Throughput and latency',
    '',
    'Server CPU per request = user + system CPU time of all the server\'s processes during the run ÷ requests: unlike req/s',
    'it does not depend on what else the shared machine was doing.',
    '',
    table(['workers', 'batch', 'server', 'req/s', 'p50 (ms)', 'p99 (ms)', 'server CPU µs / req', 'errors'],
      r.cells.map((c) => [String(c.workers), String(c.batch), SERVER_LABELS[c.server], cell(c.reqPerSec), cell(c.p50Ms, 2),
        cell(c.p99Ms, 1), cell(c.cpuUsPerReq), String(c.errors)])),
    '',
    '![p99 latency](bench/results/serving-p99.svg)',
    '',
    `#### Cold start (process spawn → first 200 from /v2/health/ready, 1 worker, ${s.coldStarts} starts each)`,
    '',
    table(['server', 'cold start (ms)'],
      (Object.keys(r.coldStartMs) as ServerName[]).map((name) => [SERVER_LABELS[name], cell(r.coldStartMs[name]!)])),
    '',
    `Production server cold start: ${fmt(r.coldStartMs.production!.median)} ms median.`,
  ].join('\n');
  replaceSection('bench:serving', md);
}
