/**
 * The serving image's Dockerfile installs the workspace alone, from a copy of only a few root files
 * (package.json, package-lock.json, .npmrc, tsconfig.json): whatever the root package.json adds
 * (a lifecycle script that needs lib/, a bin, an install-script policy, an override) must keep
 * that install working. No container engine runs here, so the build stages are replayed in a
 * temporary folder: their COPY instructions (read from the Dockerfile itself) and their RUN
 * commands, with the stage's ENV, on this machine's node and npm.
 */
import { execFileSync } from 'child_process';
import { cpSync, Dirent, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';

const ROOT = join(__dirname, '..', '..');
const DOCKERFILE = join(ROOT, 'serving-image', 'Dockerfile');

interface Stage { name: string; env: Record<string, string>; instructions: { op: string; args: string }[] }

/** The Dockerfile's stages, continuation lines joined and comments dropped. */
function stages(text: string): Stage[] {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const result: Stage[] = [];
  for (const line of lines) {
    const [, op, args] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (op === 'FROM') result.push({ name: / AS (\S+)$/i.exec(args)?.[1] ?? '', env: {}, instructions: [] });
    else if (op === 'ENV' && result.length > 0) {
      for (const [, key, value] of args.matchAll(/(\w+)=(\S+)/g)) result[result.length - 1].env[key] = value;
    } else if (result.length > 0) result[result.length - 1].instructions.push({ op, args });
  }
  return result;
}

/** A user's environment: nothing from the `npm test` that runs this (its npm_* config would leak in). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if ((/^npm_/i.test(key) && !/^npm_config_(cache|userconfig)$/i.test(key)) || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  return { ...env, npm_config_prefer_offline: 'true', ...extra };
}

// The stages that install packages; the runtime stage only copies their results.
/** Files under `dir`, relative and sorted; none when it does not exist. */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath ?? (entry as any).path, entry.name)))
    .sort();
}

const built = stages(readFileSync(DOCKERFILE, 'utf8')).filter((s) => s.instructions.some((i) => i.op === 'RUN' && /\bnpm ci\b/.test(i.args)));

test('the Dockerfile has the build and deps stages this test replays', () => {
  expect(built.map((s) => s.name)).toEqual(['build', 'deps']);
  for (const stage of built) {
    expect(stage.instructions.find((i) => i.op === 'RUN')?.args).toMatch(/npm ci .*--workspace serving-image --include-workspace-root=false/);
  }
});

describe.each(built.map((s) => [s.name, s] as const))('the %s stage, replayed in a folder with only what it copies', (_name, stage) => {
  let app: string;

  beforeAll(() => {
    app = mkdtempSync(join(tmpdir(), `serving-image-${stage.name}-`));
  });

  afterAll(() => rmSync(app, { recursive: true, force: true }));

  test('runs every RUN to the end: the workspace-only npm ci, and what follows it', () => {
    for (const { op, args } of stage.instructions) {
      if (op === 'COPY') {
        const parts = args.split(/\s+/);
        if (parts.some((p) => p.startsWith('--from='))) continue;
        const sources = parts.slice(0, -1);
        const dest = parts[parts.length - 1];
        // Docker's rule: into the folder when the destination ends with / or there are several sources.
        const intoFolder = dest.endsWith('/') || sources.length > 1;
        if (intoFolder) mkdirSync(join(app, dest), { recursive: true });
        for (const source of sources) {
          cpSync(join(ROOT, source), intoFolder ? join(app, dest, source.split('/').pop()!) : join(app, dest), { recursive: true });
        }
      } else if (op === 'RUN') {
        const command = args.replace(/--mount=\S+\s*/g, '');
        try {
          execFileSync('sh', ['-c', command], { cwd: app, encoding: 'utf8', stdio: 'pipe', env: cleanEnv(stage.env) });
        } catch (error) {
          const e = error as { status: number; stdout: string; stderr: string };
          throw new Error(`RUN ${command}\nexit ${e.status}\n${e.stdout}\n${e.stderr}`);
        }
      }
    }
    // The root project was not installed or built: of lib/ only the env contract the server compiles
    // in, no root build/, only the workspace's packages.
    expect(listFiles(join(app, 'lib'))).toEqual(stage.name === 'build' ? ['model-serving/server-env.ts'] : []);
    expect(existsSync(join(app, 'build'))).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'fastify', 'package.json'))).toBe(true);
    expect(existsSync(join(app, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6', 'linux', 'x64'))).toBe(true);
    if (stage.name === 'build') expect(existsSync(join(app, 'serving-image', 'build', 'serving-image', 'src', 'server.js'))).toBe(true);
    if (stage.name === 'deps') expect(existsSync(join(app, 'node_modules', 'typescript'))).toBe(false);
  }, 600_000);
});
