/**
 * Real processes for the progressive-delivery end-to-end test: serving-image servers (run from
 * their TypeScript source, as the image's own process tests do) and a Prometheus from the Debian
 * package. Each is started on ports chosen here and stopped by its own pid.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { createServer } from 'net';
import { join } from 'path';
import { setTimeout as sleep } from 'timers/promises';

const ROOT = join(__dirname, '..', '..', '..');

/** A port free right now (the kernel's choice for a listener that is closed at once). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Every child started here and not yet exited: a failed setup must not leave one running. */
const running = new Set<Child>();

/** Stops every child started here that is still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => child.stop()));
}

/** A child process with its output kept for the failure message. */
export class Child {
  public readonly output: string[] = [];
  public readonly exited: Promise<number | null>;

  constructor(public readonly name: string, public readonly process: ChildProcess) {
    running.add(this);
    process.once('exit', () => running.delete(this));
    process.stdout?.on('data', (chunk: Buffer) => this.keep(chunk));
    process.stderr?.on('data', (chunk: Buffer) => this.keep(chunk));
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
  }

  /** Polls `url` until it answers 2xx; fails with the process's output when it exits or `timeoutMs` passes. */
  public async waitReady(url: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => { exited = true; });
    while (Date.now() < deadline && !exited) {
      try {
        if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`${this.name} was not ready at ${url} ${exited ? '(it exited)' : `within ${timeoutMs} ms`}:\n${this.output.join('').slice(-3000)}`);
  }

  /** SIGTERM, then SIGKILL if it has not exited within 5 s. */
  public async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }

  private keep(chunk: Buffer): void {
    this.output.push(chunk.toString());
    if (this.output.length > 200) this.output.splice(0, this.output.length - 200);
  }
}

/** A model server: the serving image's process with its own model folder, version and ports. */
export interface ModelServer {
  readonly version: string;
  readonly port: number;
  readonly metricsPort: number;
  readonly child: Child;
}

export async function startModelServer(model: string, version: string, modelDir: string): Promise<ModelServer> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const child = new Child(`model server ${model} ${version}`, spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'serving-image', 'src', 'server.ts')], {
    cwd: join(ROOT, 'serving-image'),
    env: {
      ...process.env,
      TS_NODE_PROJECT: join(ROOT, 'serving-image', 'tsconfig.json'),
      MODEL_NAME: model, MODEL_VERSION: version, MODEL_DIR: modelDir,
      HOST: '127.0.0.1', PORT: String(port), METRICS_PORT: String(metricsPort),
      DRAIN_DELAY_SECONDS: '0', LOG_LEVEL: 'warn',
      // This machine's cores are shared with other test runs: only real overload should be shed,
      // never a scheduling hiccup of a busy neighbour (the default, 250 ms, is meant for a pod's own CPU).
      OVERLOAD_EVENT_LOOP_DELAY_MS: '5000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
  await child.waitReady(`http://127.0.0.1:${port}/v2/health/ready`, 60_000);
  return { version, port, metricsPort, child };
}

/** The Prometheus binary, installed from Debian's package by scripts/ensure-prometheus.sh when missing. */
export function ensurePrometheus(): void {
  execFileSync(join(ROOT, 'scripts', 'ensure-prometheus.sh'), { stdio: 'pipe', timeout: 300_000 });
}

export async function startPrometheus(configFile: string, dataDir: string, port: number): Promise<Child> {
  const child = new Child('prometheus', spawn('prometheus', [
    `--config.file=${configFile}`, `--storage.tsdb.path=${dataDir}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn',
  ], { stdio: ['ignore', 'pipe', 'pipe'] }));
  await child.waitReady(`http://127.0.0.1:${port}/-/ready`, 60_000);
  return child;
}
