import { spawnSync } from 'child_process';
import { cpSync, existsSync, lstatSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';

/**
 * Re-runs `cdk8s synth` in the project (the folder of models.yaml, where cdk8s.yaml is), so
 * dist/ always matches the edited models.yaml. The upgrade check is off: it needs the network
 * and its notice would only add noise to a pipeline's log.
 *
 * `cdk8s synth` deletes its output folder before it runs the app, so a failing app would leave
 * no dist/ at all: the folder is copied aside first and put back when synth fails.
 */
export function runSynth(projectDir: string): void {
  const outdir = join(projectDir, outputFolder(projectDir));
  // A link is what main.ts's publishOutput leaves in a scratch `output` after publishing dist/,
  // which it only replaces on success: nothing to keep then.
  const isFolder = existsSync(outdir) && !lstatSync(outdir).isSymbolicLink();
  const backup = isFolder ? mkdtempSync(join(tmpdir(), 'model-serving-dist-')) : undefined;
  if (backup) cpSync(outdir, backup, { recursive: true });
  try {
    const result = spawnSync('npx', ['cdk8s', 'synth'], {
      cwd: projectDir,
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
      encoding: 'utf8',
    });
    if (result.error) throw new Error(`cannot run \`npx cdk8s synth\` in ${projectDir}: ${result.error.message}`);
    if (result.status !== 0) {
      throw new Error(`\`npx cdk8s synth\` failed in ${projectDir}: ${lastLine(result.stderr) ?? lastLine(result.stdout) ?? `exit code ${result.status}`}`);
    }
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    if (backup) cpSync(backup, outdir, { recursive: true });
    throw error;
  } finally {
    if (backup) rmSync(backup, { recursive: true, force: true });
  }
}

/** The `output` folder of cdk8s.yaml (cdk8s's default: dist). */
function outputFolder(projectDir: string): string {
  try {
    const output = parse(readFileSync(join(projectDir, 'cdk8s.yaml'), 'utf8'))?.output;
    return typeof output === 'string' && output !== '' ? output : 'dist';
  } catch {
    return 'dist';
  }
}

/** The last informative line of a process's output: the error, not the stack trace under it. */
function lastLine(output: string | null): string | undefined {
  const lines = (output ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('at ') && !l.startsWith('npm warn'));
  const error = lines.find((l) => /^(\w*Error|error)\b/.test(l));
  return error ?? lines[lines.length - 1];
}
