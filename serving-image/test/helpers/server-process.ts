/** Runs src/server.ts as a real child process (ts-node, no build step) and reads its JSON log. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from './wait-for';

/** The ports the server logged on 'listening' (grpcPort only when GRPC_PORT was set). */
export interface Ports { port: number; metricsPort: number; grpcPort?: number }

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly logs: Record<string, unknown>[];
  readonly stderr: string[];
  readonly exited: Promise<number | null>;
  /** Resolves with the ports once the server logged 'listening'; rejects if it exits first. */
  readonly listening: Promise<Ports>;
  /** Resolves once `msg` was logged (bounded: rejects after `timeoutMs`). */
  logged(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

const root = join(__dirname, '..', '..');
const running = new Set<ChildProcess>();

/** For afterEach: a failed or timed-out test must not leave its server running. */
export function killLeftoverServers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** Starts the server with PORT/METRICS_PORT 0 and HOST 127.0.0.1 unless `env` overrides them. */
export function startServer(env: Record<string, string | undefined>): ServerProcess {
  const merged: Record<string, string | undefined> = {
    ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.json'), PORT: '0', METRICS_PORT: '0', HOST: '127.0.0.1', ...env,
  };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(root, 'src', 'server.ts')], {
    cwd: root,
    env: merged as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const logs: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  let buffered = '';
  let onListening: (ports: Ports) => void = () => undefined;
  const listening = new Promise<Ports>((resolve, reject) => {
    onListening = resolve;
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening: ${JSON.stringify(logs)} ${stderr.join('')}`)));
  });
  listening.catch(() => undefined); // tests that expect an early exit never await it
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry.msg === 'listening') {
        onListening({ port: entry.port as number, metricsPort: entry.metricsPort as number, grpcPort: entry.grpcPort as number | undefined });
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const logged = (msg: string, timeoutMs = 15_000) =>
    waitFor(`log line "${msg}"`, () => logs.find((l) => l.msg === msg), { timeoutMs });
  return { child, logs, stderr, exited, listening, logged };
}
