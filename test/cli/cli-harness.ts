/**
 * Runs the real `model-serving` binary against a throw-away copy of the project: the files synth
 * needs (main.ts, lib, imports, cdk8s.yaml, tsconfig.json, package.json; models.yaml from a fixture) in a
 * fresh git repository, node_modules symlinked. The CLI is compiled with the project's build
 * config into the copy's build/, as `npm run build` does for the published `bin`.
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const COPIED = ['main.ts', 'lib', 'imports', 'cdk8s.yaml', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];
/**
 * The copy's models.yaml is a fixture, not the repository's sample: the tests assert line numbers and
 * routers, which must not change when the sample does. `models.yaml` keeps an NGINX-canary staging
 * (the compatibility mode); `models-gateway.yaml` routes every environment with Gateway API;
 * `models-grpc.yaml` adds gRPC (a GRPCRoute next to each HTTPRoute).
 */
const FIXTURES = join(ROOT, 'test', 'support', 'fixtures');

/**
 * The CLI compiled with the project's build config (`tsc -p tsconfig.build.json`, as `npm run
 * build` compiles the published `bin`), once per version of the sources: compiling takes ~10 s of
 * CPU, and every CLI test file needs the same output. Kept in the temp folder under a hash of
 * everything the build reads; written to a scratch folder and renamed into place, so test files
 * running in parallel never see half a build.
 */
function compiledCli(): string {
  const hash = createHash('sha256');
  const add = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) add(join(path, entry));
    } else {
      hash.update(relative(ROOT, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  for (const entry of COPIED) add(join(ROOT, entry));
  const cached = join(tmpdir(), `model-serving-cli-build-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(cached)) return cached;
  const scratch = mkdtempSync(`${cached}.partial-`);
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', scratch], { cwd: ROOT });
  try {
    renameSync(scratch, cached);
  } catch {
    rmSync(scratch, { recursive: true, force: true }); // another test file got there first: same sources, same output
  }
  return cached;
}

/** A CLI run in progress. */
export interface RunningCli {
  readonly child: ChildProcess;
  readonly done: Promise<CliResult>;
}

/** What one CLI run printed and returned. */
export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export class ProjectCopy {
  /**
   * A copy of the project with the CLI built into it and everything committed. Its models.yaml is a
   * fixture of test/support/fixtures/ (default models.yaml) or, given `{ text }`, that text.
   */
  public static create(models: 'models.yaml' | 'models-gateway.yaml' | 'models-grpc.yaml' | { text: string } = 'models.yaml'): ProjectCopy {
    const dir = mkdtempSync(join(tmpdir(), 'model-serving-cli-'));
    for (const entry of COPIED) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
    if (typeof models === 'string') cpSync(join(FIXTURES, models), join(dir, 'models.yaml'));
    else writeFileSync(join(dir, 'models.yaml'), models.text);
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    cpSync(compiledCli(), join(dir, 'build'), { recursive: true });
    const copy = new ProjectCopy(dir);
    copy.synth();
    copy.git('init', '-q');
    copy.commit('initial state');
    return copy;
  }

  private constructor(public readonly dir: string) {}

  /** Runs `model-serving <args>` in the copy. */
  public run(...args: string[]): CliResult {
    const result = spawnSync(process.execPath, [join(this.dir, 'build', 'lib', 'cli', 'index.js'), ...args], {
      cwd: this.dir, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Starts `model-serving <args>` in the copy without waiting: for signals and concurrent runs. */
  public start(...args: string[]): RunningCli {
    const child = spawn(process.execPath, [join(this.dir, 'build', 'lib', 'cli', 'index.js'), ...args], {
      cwd: this.dir, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => { stdout += chunk; });
    child.stderr!.on('data', (chunk) => { stderr += chunk; });
    const done = new Promise<CliResult>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
    return { child, done };
  }

  /** The CLI's lock file, parsed, or undefined when no command holds it. */
  public lock(): any {
    const file = join(this.dir, '.model-serving.lock');
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  }

  /** Waits until the lock's journal satisfies `ready` (e.g. synth has started); fails after `timeoutMs`. */
  public async waitForLock(ready: (lock: any) => boolean, timeoutMs = 60_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      let lock: any;
      try {
        lock = this.lock();
      } catch {
        lock = undefined; // replaced while being read
      }
      if (lock && ready(lock)) return lock;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`the lock never became ready: ${JSON.stringify(this.lock())}`);
  }

  /**
   * Hidden files and folders the CLI may create in the project (lock, synth and swap folders):
   * empty when it cleaned up. cdk8s.yaml's scratch `output` is not one: synth keeps it (a link to
   * dist/ after each successful run) and empties it itself before the next.
   */
  public leftovers(): string[] {
    const scratch = parse(this.read('cdk8s.yaml')).output;
    return readdirSync(this.dir).filter((name) => name.startsWith('.') && name !== '.git' && name !== scratch);
  }

  /** Runs `cdk8s synth` in the copy, as the CLI does. */
  public synth(): void {
    execFileSync('npx', ['cdk8s', 'synth'], { cwd: this.dir, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' }, stdio: 'pipe' });
  }

  public read(path: string): string {
    return readFileSync(join(this.dir, path), 'utf8');
  }

  public write(path: string, text: string): void {
    writeFileSync(join(this.dir, path), text);
  }

  /** A synthesized object of dist/ (parsed), or undefined when the file does not exist. */
  public manifest(path: string): any {
    const file = join(this.dir, 'dist', path);
    return existsSync(file) ? parse(readFileSync(file, 'utf8')) : undefined;
  }

  /** Every file of models.yaml and dist/, path → content: compared before and after a failing command. */
  public snapshot(): Map<string, string> {
    const files = new Map<string, string>([['models.yaml', this.read('models.yaml')]]);
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else files.set(relative(this.dir, path), readFileSync(path, 'utf8'));
      }
    };
    walk(join(this.dir, 'dist'));
    return files;
  }

  /** The weights of a model's versions in one environment, as models.yaml declares them. */
  public weights(env: string, model = 'iris'): Record<string, number> {
    const versions: { version: string; weight: number }[] = parse(this.read('models.yaml')).models[model].environments[env].versions;
    return Object.fromEntries(versions.map((v) => [v.version, v.weight]));
  }

  /** `git status --short` of models.yaml and dist/ (empty when they match the last commit). */
  public changes(): string {
    return this.git('status', '--short', '--', 'models.yaml', 'dist');
  }

  /** `git diff` of models.yaml, without the header: the lines the last commands changed. */
  public modelsDiff(): string[] {
    return this.git('diff', '-U0', '--', 'models.yaml').split('\n').filter((l) => /^[-+](?![-+])/.test(l));
  }

  /** Commits models.yaml and dist/ (standing in for merging the release pull request). */
  public commit(message: string): void {
    this.git('add', '-A', '--', 'models.yaml', 'dist', 'main.ts', 'lib', 'imports', 'cdk8s.yaml', 'tsconfig.json', 'tsconfig.build.json', 'package.json');
    this.git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-q', '--allow-empty', '-m', message);
  }

  public remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8' });
  }
}

/** The weights of the HTTPRoute's weighted rule, by backend Service. */
export function routeWeights(route: any): Record<string, number> {
  const rule = route.spec.rules.find((r: any) => r.name === 'weighted');
  return Object.fromEntries(rule.backendRefs.map((b: any) => [b.name, b.weight]));
}
