/**
 * One editing command at a time per project, and a journal that lets the next run undo a run that
 * was killed outright.
 *
 * The lock is a file, `.model-serving.lock`, next to cdk8s.yaml (or next to the models file when
 * there is no project). It is created complete and atomically (written aside, then hard-linked into
 * place, which fails if the lock exists), so a reader never sees half a lock. While the command runs
 * it also serves as the journal of what the command has changed: the original models-file text, the
 * hash of the text written, the folder synth writes into, and where the old dist/ was moved during
 * the swap — everything needed to put the project back.
 *
 * A stale lock — its process is gone (same host), or it is older than `STALE_AFTER_MS` (another
 * host, e.g. a killed CI container sharing the checkout, whose process cannot be checked) — never
 * blocks for good: the next run moves it aside, undoes the interrupted run from its journal, and
 * takes the lock. Two runs finding the same stale lock cannot both take it: the one that moved it
 * aside first owns the recovery, the other sees the new owner's lock.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import { hostname } from 'os';
import { join } from 'path';

/** The lock file's name, in the project directory. */
export const LOCK_FILE = '.model-serving.lock';

/** A lock from another host is considered abandoned after this long (no command runs for minutes). */
export const STALE_AFTER_MS = 15 * 60 * 1000;

/** How far a command got; each step is journaled before it is taken. */
export type EditPhase = 'editing' | 'written' | 'swapping' | 'committed';

/** The lock file's content: who holds it, and the journal of what it changed. */
export interface LockRecord {
  readonly token: string;
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  readonly command: string;
  readonly phase: EditPhase;
  /** The models file being edited (absolute) and its text before the edit. */
  readonly modelsFile?: string;
  readonly original?: string;
  /** SHA-256 of the text written to the models file. */
  readonly writtenSha256?: string;
  /** The synthesized output folder (dist/), whether it existed, and the folders of the swap. */
  readonly outdir?: string;
  readonly outdirExisted?: boolean;
  readonly synthDir?: string;
  readonly synthPid?: number;
  readonly previousDir?: string;
}

/** Thrown when another command holds the lock. */
export class LockBusyError extends Error {}

/** SHA-256 of a text, hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The held lock of one command; `update` journals a step, `release` removes the lock. */
export class ProjectLock {
  /**
   * Takes the lock of `dir`; a stale lock is handed to `recover` (which undoes its run and returns
   * what it did, for the report) and replaced. Throws `LockBusyError` when a live command holds it.
   */
  public static acquire(dir: string, command: string, recover: (stale: LockRecord) => string[]): ProjectLock {
    const path = join(dir, LOCK_FILE);
    const record: LockRecord = {
      token: `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
      pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command, phase: 'editing',
    };
    for (let attempt = 0; attempt < 2; attempt++) {
      if (createExclusive(path, record)) return new ProjectLock(path, record, []);
      const held = readLock(path);
      if (held === undefined) continue; // released between our attempt and the read
      if (!isStale(held)) throw busy(path, held.record);
      const notes = takeOver(path, held.text, held.record, recover);
      if (notes === undefined) continue; // another run took it over first; look again
      if (createExclusive(path, record)) return new ProjectLock(path, record, notes);
    }
    const held = readLock(path);
    throw busy(path, held?.record);
  }

  private constructor(
    /** The lock file. */
    public readonly path: string,
    private record: LockRecord,
    /** What was done to recover from a stale lock, for the command's report. */
    public readonly recoveryNotes: string[],
  ) {}

  /** The current journal. */
  public get current(): LockRecord {
    return this.record;
  }

  /** Journals the next step: the lock file is replaced atomically with the merged record. */
  public update(changes: Partial<Omit<LockRecord, 'token' | 'pid' | 'host' | 'startedAt' | 'command'>>): void {
    this.record = { ...this.record, ...changes };
    const temp = `${this.path}.${this.record.token}`;
    fs.writeFileSync(temp, JSON.stringify(this.record));
    fs.renameSync(temp, this.path);
  }

  /** Removes the lock if it is still ours. */
  public release(): void {
    const held = readLock(this.path);
    if (held?.record?.token === this.record.token) fs.rmSync(this.path, { force: true });
  }
}

/** Creates the lock file with `record` unless one exists; true when created. */
function createExclusive(path: string, record: LockRecord): boolean {
  const temp = `${path}.${record.token}`;
  fs.writeFileSync(temp, JSON.stringify(record));
  try {
    fs.linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** The lock file's text and record (`record` undefined when unreadable); undefined when there is no lock. */
function readLock(path: string): { text: string; record?: LockRecord; mtimeMs: number } | undefined {
  try {
    const text = fs.readFileSync(path, 'utf8');
    const mtimeMs = fs.statSync(path).mtimeMs;
    try {
      return { text, record: JSON.parse(text) as LockRecord, mtimeMs };
    } catch {
      return { text, mtimeMs };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isStale(held: { record?: LockRecord; mtimeMs: number }): boolean {
  const record = held.record;
  if (record && record.host === hostname() && Number.isInteger(record.pid)) return !isAlive(record.pid);
  const since = record ? Date.parse(record.startedAt) : held.mtimeMs;
  return !(Date.now() - (Number.isNaN(since) ? held.mtimeMs : since) < STALE_AFTER_MS);
}

/** Whether a process exists (EPERM: it exists but belongs to someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves the stale lock aside (only one run can move a given file), checks it is the lock judged
 * stale, recovers, and deletes it. `undefined` when another run replaced the lock in between.
 */
function takeOver(path: string, staleText: string, stale: LockRecord | undefined, recover: (stale: LockRecord) => string[]): string[] | undefined {
  const aside = `${path}.stale-${process.pid}-${Date.now().toString(36)}`;
  try {
    fs.renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (fs.readFileSync(aside, 'utf8') !== staleText) {
    // We moved a fresh lock of another run: put it back unless a third run took the place already.
    try {
      fs.linkSync(aside, path);
    } finally {
      fs.rmSync(aside, { force: true });
    }
    return undefined;
  }
  const notes = stale ? recover(stale) : [];
  fs.rmSync(aside, { force: true });
  const who = stale ? `pid ${stale.pid} on ${stale.host}, \`${stale.command}\`` : 'unreadable lock';
  return [`note: took over the lock of an interrupted model-serving command (${who})${notes.length ? `: ${notes.join('; ')}` : ''}`];
}

function busy(path: string, record: LockRecord | undefined): LockBusyError {
  const who = record ? ` (pid ${record.pid} on ${record.host}, \`${record.command}\`, since ${record.startedAt})` : '';
  return new LockBusyError(`another model-serving command is running${who}; wait for it to finish. `
    + `If it is not running, delete ${path}`);
}
