import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { userEnv } from '../support/user-env';

/**
 * What a user gets from npm: `npm pack` (which builds through `prepack`), then the README's
 * "Use the library in your own project" setup run as written — its shell blocks and files are
 * read from README.md, so the test fails when the README drifts — in a fresh project next to the
 * tarball. Also the `model-serving` bin in this repository's own checkout, through npx.
 */
const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

const run = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = userEnv()) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env });

/** The fenced blocks of a README section, each with the line that introduces it. */
function sectionBlocks(markdown: string, heading: string): { lang: string; code: string; label: string }[] {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md has no section "${heading}"`);
  const rest = markdown.slice(start + heading.length + 2);
  const section = rest.slice(0, rest.search(/\n##? |\n### What it synthesizes/));
  const blocks: { lang: string; code: string; label: string }[] = [];
  const fence = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (let match = fence.exec(section); match; match = fence.exec(section)) {
    const before = section.slice(0, match.index).trimEnd().split('\n');
    blocks.push({ lang: match[1], code: match[2], label: before[before.length - 1] });
  }
  return blocks;
}

describe('the npm package', () => {
  let work: string;
  let tarball: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'model-serving-pack-'));
    const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], ROOT, { ...process.env, CDK8S_CHECK_UPGRADE: 'false' }));
    tarball = path.join(work, packed[0].filename);
  }, 240_000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('ships compiled JS and declarations only, and the bin: no sources, tests, dist/ YAML or serving image', () => {
    const files: string[] = run('tar', ['-tzf', tarball], work).trim().split('\n').map((f) => f.replace(/^package\//, ''));
    expect(files).toEqual(expect.arrayContaining([
      'package.json', 'README.md', 'bin/model-serving.js', 'build/lib/index.js', 'build/lib/index.d.ts', 'build/lib/cli/index.js',
      'build/imports/gateway-gateway.networking.k8s.io.js',
    ]));
    expect(files.filter((f) => /(^|\/)(test|dist|serving-image)\/|^lib\/|\.ts$(?<!\.d\.ts$)/.test(f))).toEqual([]);
    // Every bin target is in the tarball: npm silently skips a bin whose file is missing.
    for (const target of Object.values<string>(PACKAGE.bin)) expect(files).toContain(path.posix.normalize(target));
  });

  describe("the README's consumer setup, run as written", () => {
    const blocks = sectionBlocks(README, '## Use the library in your own project');
    const packBlock = blocks.find((b) => b.lang === 'sh' && b.code.includes('npm pack'));
    const consumerBlocks = blocks.slice(blocks.indexOf(packBlock!) + 1);

    test('says the package is not on the registry yet and how to build the tarball it installs', () => {
      expect(README).toMatch(/`npm install cdk8s-model-serving` answers\s+404/);
      expect(packBlock?.code).toContain('npm ci && npm pack');
      // The tarball name the README installs is the one `npm pack` writes for this version.
      const tarballName = `cdk8s-model-serving-${PACKAGE.version}.tgz`;
      expect(packBlock?.code).toContain(tarballName);
      expect(consumerBlocks[0].code).toContain(`../cdk8s-model-serving/${tarballName}`);
    });

    test('lists its whole setup: cdk8s-cli, ts-node, TypeScript 5.9, cdk8s.yaml, tsconfig.json and a main.ts that uses synthFolders', () => {
      const installs = consumerBlocks.filter((b) => b.lang === 'sh').map((b) => b.code).join('\n');
      expect(installs).toMatch(/npm install --save-dev .*\bcdk8s-cli\b/);
      expect(installs).toMatch(/npm install --save-dev .*\bts-node\b/);
      expect(installs).toMatch(/npm install --save-dev .*\btypescript@~5\.9\b/);
      const files = consumerBlocks.filter((b) => b.lang !== 'sh').map((b) => b.label);
      expect(files).toEqual(['`cdk8s.yaml`:', '`tsconfig.json`:', '`main.ts`:']);
      const main = consumerBlocks.find((b) => b.label === '`main.ts`:')!.code;
      expect(main).toContain('synthFolders(app)');
      expect(main).not.toMatch(/^\s*app\.synth\(\);/m);
    });

    test('installs the tarball, synthesizes with `npx cdk8s synth` and runs `npx model-serving --help`', () => {
      // Next to the "clone" holding the tarball, as the README says.
      const clone = path.join(work, 'cdk8s-model-serving');
      fs.mkdirSync(clone, { recursive: true });
      fs.copyFileSync(tarball, path.join(clone, path.basename(tarball)));

      let cwd = work;
      const outputs: string[] = [];
      for (const block of consumerBlocks) {
        if (block.lang === 'sh') {
          // One bash per block, the working directory carried over (the first block `cd`s into the
          // new project). The README's commands run verbatim; only the environment is the test's:
          // a user's shell with the warm npm cache preferred (see userEnv).
          const state = path.join(work, '.cwd');
          const result = spawnSync('bash', ['-c', `set -euo pipefail\n${block.code}\npwd > "${state}"`], {
            cwd, encoding: 'utf8', env: userEnv(),
          });
          if (result.status !== 0) throw new Error(`README block failed (exit ${result.status}):\n${block.code}\n${result.stdout}\n${result.stderr}`);
          outputs.push(result.stdout + result.stderr);
          cwd = fs.readFileSync(state, 'utf8').trim();
        } else {
          fs.writeFileSync(path.join(cwd, block.label.replace(/^`|`:$/g, '')), block.code);
        }
      }

      expect(path.basename(cwd)).toBe('iris-app');
      // TypeScript 5.9, not the 7.x a plain `npm install typescript` brings (ts-node cannot load it).
      expect(JSON.parse(fs.readFileSync(path.join(cwd, 'node_modules', 'typescript', 'package.json'), 'utf8')).version).toMatch(/^5\.9\./);
      // synthFolders wrote one folder per chart, one file per object, where cdk8s synth expects them.
      const written = fs.readdirSync(path.join(cwd, 'dist', 'iris')).sort();
      expect(written).toEqual(expect.arrayContaining([
        'Deployment.iris-1-0-0.k8s.yaml', 'Deployment.iris-1-1-0.k8s.yaml', 'HTTPRoute.iris.k8s.yaml',
        'HorizontalPodAutoscaler.iris-1-0-0.k8s.yaml', 'Service.iris.k8s.yaml',
      ]));
      expect(fs.readFileSync(path.join(cwd, 'dist', 'iris', 'HTTPRoute.iris.k8s.yaml'), 'utf8')).toMatch(/weight: 90[\s\S]*weight: 10/);
      const all = outputs.join('\n');
      expect(all).toContain('Usage: model-serving');
      // No stack trace from cdk8s-cli's upgrade check: the README passes --no-check-upgrade.
      expect(all).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m);
    }, 600_000);
  });
});

describe('the model-serving bin in a checkout', () => {
  let copy: string;
  let cache: string;

  beforeAll(() => {
    // A checkout that was never built (no build/), with a fresh npm cache: what `npm ci` leaves.
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'model-serving-checkout-'));
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'model-serving-npm-cache-'));
    for (const entry of ['package.json', '.npmrc', 'bin', 'lib', 'imports', 'tsconfig.json', 'models.yaml']) {
      fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  });

  afterAll(() => {
    fs.rmSync(copy, { recursive: true, force: true });
    fs.rmSync(cache, { recursive: true, force: true });
  });

  test('`npx model-serving` works without a build, and npx caches a working entry', () => {
    // npm never links a package's own bin in its own node_modules/.bin: npx links the checkout
    // into its cache once, and links the bin there only if its target exists at that moment.
    const env = { ...process.env, npm_config_cache: cache, CDK8S_CHECK_UPGRADE: 'false' };
    expect(fs.existsSync(path.join(copy, 'build'))).toBe(false);
    expect(run('npx', ['model-serving', 'status'], copy, env)).toMatch(/^MODEL\s+ENVIRONMENT\s+VERSION/);
    const entries = fs.readdirSync(path.join(cache, '_npx'));
    expect(entries).toHaveLength(1);
    expect(fs.existsSync(path.join(cache, '_npx', entries[0], 'node_modules', '.bin', 'model-serving'))).toBe(true);
    // Again, from the cached entry.
    expect(run('npx', ['model-serving', '--help'], copy, env)).toContain('Usage: model-serving');
  }, 240_000);

  test('the bin runs the TypeScript sources in a checkout, so an edit takes effect without a build', () => {
    const entry = path.join(copy, 'lib', 'cli', 'index.ts');
    const original = fs.readFileSync(entry, 'utf8');
    try {
      fs.writeFileSync(entry, "process.stdout.write('ran the edited source\\n');\n");
      expect(run(process.execPath, [path.join(copy, 'bin', 'model-serving.js')], copy)).toBe('ran the edited source\n');
    } finally {
      fs.writeFileSync(entry, original);
    }
  }, 60_000);
});
