import { spawnSync } from 'child_process';

/**
 * Re-runs `cdk8s synth` in the project (the folder of models.yaml, where cdk8s.yaml is), so
 * dist/ always matches the edited models.yaml. The upgrade check is off: it needs the network
 * and its notice would only add noise to a pipeline's log.
 */
export function runSynth(projectDir: string): void {
  const result = spawnSync('npx', ['cdk8s', 'synth'], {
    cwd: projectDir,
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
    encoding: 'utf8',
  });
  if (result.error) throw new Error(`cannot run \`npx cdk8s synth\` in ${projectDir}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`\`npx cdk8s synth\` failed in ${projectDir}: ${lastLine(result.stderr) ?? lastLine(result.stdout) ?? `exit code ${result.status}`}`);
  }
}

/** The last informative line of a process's output: the error, not the stack trace under it. */
function lastLine(output: string | null): string | undefined {
  const lines = (output ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('at ') && !l.startsWith('npm warn'));
  const error = lines.find((l) => /^(\w*Error|error)\b/.test(l));
  return error ?? lines[lines.length - 1];
}
