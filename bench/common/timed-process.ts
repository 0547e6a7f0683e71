/**
 * Runs a command to completion and measures its wall time (from spawn to exit, taken here) and
 * peak resident memory (GNU time's %M: the largest RSS of the process or any one descendant).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GNU_TIME = '/usr/bin/time';

export interface TimedResult {
  readonly wallMs: number;
  readonly peakRssMb: number;
  readonly stdout: string;
}

export interface TimedOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Send stdout to this file instead of capturing it (e.g. `helm template > out.yaml`). */
  readonly stdoutFile?: string;
}

export function runTimed(command: string, args: string[], options: TimedOptions = {}): TimedResult {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-time-'));
  const rssFile = join(scratch, 'rss');
  const out = options.stdoutFile ? openSync(options.stdoutFile, 'w') : 'pipe';
  try {
    const started = performance.now();
    const result = spawnSync(GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...args], {
      cwd: options.cwd, env: options.env, stdio: ['ignore', out, 'pipe'], encoding: 'utf8', maxBuffer: 64 * 2 ** 20,
    });
    const wallMs = performance.now() - started;
    if (result.status !== 0) {
      throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${result.stderr}`);
    }
    const rssKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    return { wallMs, peakRssMb: rssKb / 1024, stdout: result.stdout ?? '' };
  } finally {
    if (typeof out === 'number') closeSync(out);
    rmSync(scratch, { recursive: true, force: true });
  }
}
