/**
 * Runs `cdk8s synth` for the CLI without touching dist/: the app writes into a fresh folder next to
 * it (`--output`), and only a successful run is swapped in (see ./edit). `cdk8s synth` deletes its
 * output folder before it runs the app, so synthesizing into dist/ itself would leave no dist/ at
 * all when the app fails or the run is interrupted.
 *
 * The synth process gets its own process group, so a Ctrl-C in the terminal reaches the CLI only:
 * the CLI decides, stops the whole group (npx, the shell, ts-node) and then puts everything back.
 */
import { spawn } from 'child_process';
import { MODELS_FILE_ENV } from '../models-file/loader';

/** How long synth gets to stop after SIGTERM before it is killed. */
const STOP_GRACE_MS = 5_000;

export interface SynthRun {
  /** The cdk8s project (where cdk8s.yaml is). */
  readonly projectDir: string;
  /** The models file the app must load (absolute): passed as MODEL_SERVING_MODELS_FILE. */
  readonly modelsFile: string;
  /** The folder to synthesize into; must not exist. */
  readonly outputDir: string;
  /** Aborting stops synth and rejects. */
  readonly signal: AbortSignal;
  /** Called with the synth process id once it runs (the journal records it). */
  readonly onStart?: (pid: number) => void;
}

/** Thrown when synth was stopped by an abort. */
export class SynthAbortedError extends Error {}

/** Synthesizes the project into `outputDir`; rejects with synth's own error line when it fails. */
export function runSynth(run: SynthRun): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    if (run.signal.aborted) {
      reject(new SynthAbortedError('synth was not started: interrupted'));
      return;
    }
    // The upgrade check needs the network and its notice would only add noise to a pipeline's log.
    const child = spawn('npx', ['cdk8s', 'synth', '--output', run.outputDir], {
      cwd: run.projectDir,
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', [MODELS_FILE_ENV]: run.modelsFile },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (): void => {
      signalGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), STOP_GRACE_MS);
    };
    run.signal.addEventListener('abort', stop, { once: true });
    child.on('spawn', () => run.onStart?.(child.pid!));
    child.on('error', (error) => {
      run.signal.removeEventListener('abort', stop);
      reject(new Error(`cannot run \`npx cdk8s synth\` in ${run.projectDir}: ${error.message}`));
    });
    child.on('close', (status) => {
      run.signal.removeEventListener('abort', stop);
      if (killTimer) clearTimeout(killTimer);
      // Whatever the group still holds (a grandchild that ignored SIGTERM) goes too.
      signalGroup(child.pid, 'SIGKILL');
      if (run.signal.aborted) reject(new SynthAbortedError('synth was stopped: interrupted'));
      else if (status !== 0) reject(new Error(`\`npx cdk8s synth\` failed in ${run.projectDir}: ${lastLine(stderr) ?? lastLine(stdout) ?? `exit code ${status}`}`));
      else resolvePromise();
    });
  });
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** The informative line of a process's output: the error, not the stack trace under it nor npm's log notice. */
function lastLine(output: string): string | undefined {
  const lines = output.split('\n').map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('at ') && !/^npm (warn|error|ERR!)/i.test(l));
  const error = lines.find((l) => /^(\w*Error|error)\b/.test(l));
  return error ?? lines[lines.length - 1];
}
