/**
 * The settings of a project's cdk8s.yaml that both the app (`publishOutput`) and the `model-serving`
 * CLI need, read in one place: `output`, the folder `cdk8s synth` empties and the app writes into,
 * and `publishTo`, this project's own key (cdk8s-cli ignores it) naming the folder that is committed
 * when `output` is only a scratch folder published to it.
 */
import * as fs from 'fs';

/** cdk8s.yaml's `output`, with cdk8s's default (`dist`). */
export function configuredOutput(configFile: string): string {
  return stringSetting(configFile, 'output') ?? 'dist';
}

/** cdk8s.yaml's `publishTo`, when the project publishes a scratch `output` to it. */
export function publishTarget(configFile: string): string | undefined {
  return stringSetting(configFile, 'publishTo');
}

/** The folder that is committed: `publishTo`, else `output`. */
export function committedOutput(configFile: string): string {
  return publishTarget(configFile) ?? configuredOutput(configFile);
}

function stringSetting(configFile: string, key: string): string | undefined {
  // Loaded here, not at the top: only apps that publish, and the CLI, read a cdk8s.yaml (cdk8s's own
  // Yaml.load would spawn a Node process to read it).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse }: typeof import('yaml') = require('yaml');
  let value: unknown;
  try {
    value = parse(fs.readFileSync(configFile, 'utf8'))?.[key];
  } catch {
    return undefined;
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}
