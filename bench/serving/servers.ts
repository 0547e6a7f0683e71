/**
 * The servers under test and their lifecycle: start (in their own process group), wait until
 * /v2/health/ready answers 200 (that wait is the cold-start time), stop the whole group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../common/report';

export const MODEL_DIR = join(REPO_ROOT, 'serving-image', 'model', 'iris');
const NODE_CLUSTER = join(REPO_ROOT, 'bench', 'peers', 'node-cluster.js');
const PYTHON = '/usr/bin/python3'; // Debian's, where python3-fastapi & co. are installed.

export type ServerName = 'production' | 'production-binary' | 'fastapi' | 'fastapi-uvloop' | 'bare';

export const SERVER_LABELS: Record<ServerName, string> = {
  'production': 'serving image (Fastify, production)',
  'production-binary': 'serving image, binary tensor data in and out',
  fastapi: 'FastAPI + uvicorn (asyncio, h11)',
  'fastapi-uvloop': 'FastAPI + uvicorn (uvloop, httptools)',
  bare: 'bare node:http + onnxruntime-node',
};

interface Command {
  readonly command: string;
  readonly args: string[];
  readonly env: NodeJS.ProcessEnv;
}

function nodeCommand(script: string, workers: number, env: NodeJS.ProcessEnv): Command {
  return { command: process.execPath, args: workers > 1 ? [NODE_CLUSTER, String(workers), script] : [script], env };
}

function uvicorn(workers: number, port: number, loop: string, http: string): Command {
  return {
    command: PYTHON,
    // The launcher is the uvicorn CLI plus the upstream fix for its multi-worker TCP_NODELAY bug.
    args: [join(REPO_ROOT, 'bench', 'peers', 'uvicorn_nodelay.py'), 'fastapi_server:app', '--app-dir', join(REPO_ROOT, 'bench', 'peers'), '--host', '127.0.0.1',
      '--port', String(port), '--workers', String(workers), '--loop', loop, '--http', http],
    env: { MODEL_DIR, PYTHONDONTWRITEBYTECODE: '1' },
  };
}

function commandFor(name: ServerName, workers: number, port: number, metricsPort: number): Command {
  switch (name) {
    case 'production':
    case 'production-binary': // the same server; the benchmark sends it binary tensor data
      // As the image runs it (Dockerfile ENV + ENTRYPOINT): NODE_ENV=production, info-level
      // request logging, metrics listener, schema validation and load shedding all on.
      // A zero drain delay only shortens the benchmark's own shutdowns.
      return nodeCommand(join(REPO_ROOT, 'serving-image', 'build', 'serving-image', 'src', 'server.js'), workers, {
        NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), METRICS_PORT: String(metricsPort), MODEL_DIR,
        MODEL_NAME: 'iris', MODEL_VERSION: '1.0.0', DRAIN_DELAY_SECONDS: '0', SHUTDOWN_TIMEOUT_SECONDS: '10',
      });
    case 'bare':
      return nodeCommand(join(REPO_ROOT, 'bench', 'peers', 'bare-node-server.js'), workers, { PORT: String(port), MODEL_DIR });
    case 'fastapi':
      return uvicorn(workers, port, 'asyncio', 'h11');
    case 'fastapi-uvloop':
      return uvicorn(workers, port, 'uvloop', 'httptools');
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  readonly name: ServerName;
  readonly workers: number;
  readonly url: string;
  /** Spawn → first 200 from /v2/health/ready, in ms. */
  readonly readyMs: number;
  /** CPU seconds (user + system) used so far by every process of the server's group. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * Sums utime + stime of the live processes in a process group, from /proc/<pid>/stat. CPU time
 * per request does not depend on what else runs on the machine, unlike req/s on a shared box.
 */
export function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the parenthesised command name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${url}/v2/health/ready`);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`server at ${url} not ready after ${timeoutMs} ms`);
}

export async function startServer(name: ServerName, workers: number, logFile: string): Promise<RunningServer> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const { command, args, env } = commandFor(name, workers, port, metricsPort);
  const log = openSync(logFile, 'a');
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: REPO_ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', log, log], detached: true,
  });
  closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ }
      }, 5000);
      await exited;
      clearTimeout(timer);
    }
    // uvicorn/cluster workers live in the same group; make sure none outlives the primary.
    try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ }
  };
  try {
    await waitReady(url, child, 60_000);
  } catch (err) {
    await stop();
    throw new Error(`${name} (${workers} worker(s)): ${(err as Error).message}; see ${logFile}`);
  }
  return { name, workers, url, readyMs: performance.now() - started, cpuSeconds: () => groupCpuSeconds(child.pid!), stop };
}
