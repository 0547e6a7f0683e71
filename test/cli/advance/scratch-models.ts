/**
 * A models.yaml alone in a fresh git repository, for the `advance` tests that run the command in
 * process without synth: git history is what advance reads (step age, weights before the canary,
 * earlier rollbacks), so each test builds the history it needs, commit by commit, with the commit
 * times it needs.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';

/** A models.yaml with one model, `iris`, in the given environments (each behind a Gateway), with `canary` model-wide. */
export function modelsYaml(options: {
  weights: Record<string, number>;
  environments?: string[];
  canary?: string;
}): string {
  const envs = options.environments ?? ['production'];
  const versions = Object.entries(options.weights).map(([version, weight]) => [
    `          - version: ${version}`,
    `            image: ghcr.io/example/iris-server:${version}`,
    `            weight: ${weight}`,
  ].join('\n')).join('\n');
  return [
    'environments:',
    ...envs.map((env) => `  ${env}:\n    namespace: ${env === 'production' ? 'models' : `models-${env}`}`),
    'models:',
    '  iris:',
    ...(options.canary ?? '    canary:\n      steps: [10, 25, 50, 100]').split('\n'),
    '    gateway:',
    '      parentRefs:',
    '        - name: public',
    '    environments:',
    ...envs.map((env) => `      ${env}:\n        versions:\n${versions}`),
    '',
  ].join('\n');
}

export class ScratchModels {
  public static create(text: string): ScratchModels {
    const dir = mkdtempSync(join(tmpdir(), 'model-serving-advance-'));
    const scratch = new ScratchModels(dir);
    scratch.git('init', '-q');
    scratch.write(text);
    return scratch;
  }

  private constructor(public readonly dir: string) {}

  public get file(): string {
    return join(this.dir, 'models.yaml');
  }

  public read(): string {
    return readFileSync(this.file, 'utf8');
  }

  public write(text: string): void {
    writeFileSync(this.file, text);
  }

  /** Commits the file as it is now, dated `ageSeconds` ago (the step's age is its commit time). */
  public commit(message: string, ageSeconds = 0): void {
    const date = `@${Math.floor(Date.now() / 1000 - ageSeconds)} +0000`;
    this.git('add', 'models.yaml');
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-q', '--allow-empty', '-m', message], {
      cwd: this.dir, env: { ...process.env, GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date },
    });
  }

  /** Writes `weights` into the file (same versions) and commits them `ageSeconds` ago. */
  public commitWeights(weights: Record<string, number>, message: string, ageSeconds = 0, options: Omit<Parameters<typeof modelsYaml>[0], 'weights'> = {}): void {
    this.write(modelsYaml({ ...options, weights }));
    this.commit(message, ageSeconds);
  }

  /** The weights of iris in one environment, as the file declares them now. */
  public weights(env = 'production'): Record<string, number> {
    const versions: { version: string; weight: number }[] = parse(this.read()).models.iris.environments[env].versions;
    return Object.fromEntries(versions.map((v) => [v.version, v.weight]));
  }

  public remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8' });
  }
}
