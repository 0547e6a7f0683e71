/**
 * An editing command as one all-or-nothing change of the project: either models.yaml holds the
 * edit and dist/ was re-synthesized from it, or both are byte for byte what they were — after a
 * validation error, a failing synth, a signal, or (on the next run) a kill.
 *
 * 1. Take the project lock (./lock); a stale one is undone from its journal first.
 * 2. Read, edit and validate models.yaml; journal the original text, then write the edit atomically.
 * 3. Synthesize into a new folder next to dist/ (./synth); dist/ is untouched while synth runs.
 * 4. Swap: dist/ → a folder aside, the new folder → dist/ (two renames, journaled); then drop the old.
 * Any failure or signal before the swap completes undoes whatever the journal says was done.
 */
import * as fs from 'fs';
import { basename, dirname, join } from 'path';
import { writeFileAtomic } from './atomic-file';
import { InterruptedError, Interrupts } from './interrupts';
import { isAlive, LockRecord, ProjectLock, sha256 } from './lock';
import { ModelsSession } from './models-session';
import { locateProject, ProjectPaths, shownPath } from './project';
import { runSynth, SynthAbortedError } from './synth';

/** What an editing command needs to know. */
export interface EditRun {
  /** The models file (--file). */
  readonly file: string;
  /** Re-synthesize after the edit (false with --no-synth). */
  readonly synth: boolean;
}

/** What one editing run did: the edit's own result, and what became of the project. */
export interface EditResult<T> {
  /** What `edit` returned. */
  readonly value: T;
  /** What the lock's recovery of an earlier, killed command did (usually nothing). */
  readonly recoveryNotes: string[];
  /** Whether models.yaml (and dist/) changed. */
  readonly changed: boolean;
  /** One line for the report: "models.yaml unchanged", "models.yaml updated, dist/ re-synthesized", ... */
  readonly outcome: string;
}

/**
 * Runs `edit` on the models file under the project lock and commits its result. `edit` may be
 * asynchronous (`advance` asks Prometheus before it decides): the lock is held from the read to the
 * commit, so no other command can change the file between the decision and its write. `edit`
 * throws to refuse, before anything is written.
 */
export async function editModelsWith<T>(run: EditRun, edit: (session: ModelsSession) => T | Promise<T>): Promise<EditResult<T>> {
  const paths = locateProject(run.file, run.synth);
  // Before the lock, whose folder may not exist either when the path is mistyped.
  if (!fs.existsSync(paths.modelsFile)) throw new Error(`${paths.shownFile}: cannot read the models file (ENOENT); pass --file <path>`);
  const interrupts = Interrupts.install();
  let lock: ProjectLock | undefined;
  try {
    lock = ProjectLock.acquire(paths.lockDir, commandLine(), (stale) => undo(stale));
    const session = ModelsSession.open(run.file);
    const value = await edit(session);
    const recoveryNotes = [...lock.recoveryNotes];
    if (interrupts.received !== undefined) {
      throw new InterruptedError(interrupts.received, `interrupted by ${interrupts.received}: ${paths.shownFile} was left as it was`);
    }
    const text = session.editedText();
    if (text === session.originalText) return { value, recoveryNotes, changed: false, outcome: `${paths.shownFile} unchanged` };
    session.checkEdited(text);
    await commit(paths, lock, session.originalText, text, run.synth, interrupts);
    return { value, recoveryNotes, changed: true, outcome: outcome(paths, run.synth) };
  } finally {
    lock?.release();
    interrupts.dispose();
  }
}

/** `editModelsWith` for the commands whose report is lines: the recovery notes, the edit's lines, the outcome. */
export async function editModels(run: EditRun, edit: (session: ModelsSession) => string[]): Promise<string[]> {
  const result = await editModelsWith(run, edit);
  return [...result.recoveryNotes, ...result.value, result.outcome];
}

async function commit(paths: ProjectPaths, lock: ProjectLock, original: string, text: string, synth: boolean, interrupts: Interrupts): Promise<void> {
  lock.update({ phase: 'written', modelsFile: paths.modelsFile, original, writtenSha256: sha256(text) });
  try {
    writeFileAtomic(paths.modelsFile, text);
    if (synth) await synthesizeAndSwap(paths, lock, interrupts);
    lock.update({ phase: 'committed' });
  } catch (error) {
    undo(lock.current);
    lock.update({ phase: 'editing' });
    const what = synth ? `${paths.shownFile} and ${shownOutdir(paths)}` : paths.shownFile;
    if (interrupts.received !== undefined || error instanceof SynthAbortedError) {
      const signal = interrupts.received ?? 'SIGTERM';
      throw new InterruptedError(signal, `interrupted by ${signal}: ${what} were left as they were`);
    }
    throw new Error(`${(error as Error).message}; ${what} were left as they were`);
  }
  // Committed: the old output is no longer needed (a failure here changes nothing that matters).
  if (lock.current.previousDir) fs.rmSync(lock.current.previousDir, { recursive: true, force: true });
}

async function synthesizeAndSwap(paths: ProjectPaths, lock: ProjectLock, interrupts: Interrupts): Promise<void> {
  const outdir = paths.outdir!;
  const synthDir = besideOutdir(outdir, 'synth');
  lock.update({ outdir, outdirExisted: fs.existsSync(outdir), synthDir });
  await runSynth({
    projectDir: paths.projectDir!, modelsFile: paths.modelsFile, outputDir: synthDir, signal: interrupts.signal,
    onStart: (pid) => lock.update({ synthPid: pid }),
  });
  if (interrupts.signal.aborted) throw new SynthAbortedError('interrupted');
  // From here to `committed` the code is synchronous: a signal is only handled after the swap.
  const previousDir = besideOutdir(outdir, 'previous');
  lock.update({ phase: 'swapping', previousDir });
  if (lock.current.outdirExisted) fs.renameSync(outdir, previousDir);
  fs.renameSync(synthDir, outdir);
}

/**
 * Puts the project back as the journal says it was before the command: stops a synth still
 * running, removes its folder, moves the old dist/ back, and restores the models file if it still
 * holds what the command wrote (an edit made since is never overwritten). Returns what it did.
 */
export function undo(record: LockRecord): string[] {
  const notes: string[] = [];
  if (record.synthPid !== undefined && record.phase !== 'committed' && isAlive(record.synthPid)) {
    try {
      process.kill(-record.synthPid, 'SIGKILL');
      notes.push(`stopped its synth (pid ${record.synthPid})`);
    } catch {
      // Gone meanwhile.
    }
  }
  if (record.synthDir) fs.rmSync(record.synthDir, { recursive: true, force: true });
  if (record.phase === 'committed') {
    if (record.previousDir) fs.rmSync(record.previousDir, { recursive: true, force: true });
    return notes;
  }
  if (record.outdir && record.phase === 'swapping') {
    if (record.previousDir && fs.existsSync(record.previousDir)) {
      fs.rmSync(record.outdir, { recursive: true, force: true });
      fs.renameSync(record.previousDir, record.outdir);
      notes.push(`put ${basename(record.outdir)}/ back`);
    } else if (!record.outdirExisted) {
      fs.rmSync(record.outdir, { recursive: true, force: true });
    }
  }
  if (record.modelsFile && record.original !== undefined && record.writtenSha256) {
    const current = readIfExists(record.modelsFile);
    if (current !== undefined && current !== record.original) {
      if (sha256(current) === record.writtenSha256) {
        writeFileAtomic(record.modelsFile, record.original);
        notes.push(`restored ${basename(record.modelsFile)}`);
      } else {
        notes.push(`left ${basename(record.modelsFile)} as it is (edited since)`);
      }
    }
  }
  return notes;
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A fresh folder name next to the output folder (same file system, so a rename moves it). */
function besideOutdir(outdir: string, purpose: string): string {
  return join(dirname(outdir), `.${basename(outdir)}.${purpose}-${process.pid}-${Date.now().toString(36)}`);
}

function shownOutdir(paths: ProjectPaths): string {
  return `${shownPath(paths.outdir!)}/`;
}

function outcome(paths: ProjectPaths, synth: boolean): string {
  if (synth) return `${paths.shownFile} updated, ${shownOutdir(paths)} re-synthesized`;
  const usual = paths.projectDir !== undefined && paths.modelsFile === join(paths.projectDir, 'models.yaml');
  const command = usual ? 'npx cdk8s synth' : `MODEL_SERVING_MODELS_FILE=${paths.shownFile} npx cdk8s synth`;
  return `${paths.shownFile} updated (synth skipped: run \`${command}\`)`;
}

/** The command as typed, for the lock (shown to a second run). */
function commandLine(): string {
  return ['model-serving', ...process.argv.slice(2)].join(' ');
}
