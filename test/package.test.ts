import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * What a user gets from npm: `npm pack` (which builds through `prepack`), install the tarball into a
 * fresh project next to cdk8s, cdk8s-plus-28 and constructs, type-check a TypeScript chart against
 * the shipped .d.ts and synthesize it.
 */
const ROOT = path.join(__dirname, '..');
const run = (command: string, args: string[], cwd: string) => execFileSync(command, args, {
  cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
});
const peerVersion = (name: string) => require(path.join(ROOT, 'node_modules', name, 'package.json')).version as string;

describe('the npm package', () => {
  let work: string;
  let tarball: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'model-serving-pack-'));
    const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], ROOT));
    tarball = path.join(work, packed[0].filename);
  }, 240_000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('ships compiled JS and declarations only: no sources, tests, dist/ YAML or serving image', () => {
    const files: string[] = run('tar', ['-tzf', tarball], work).trim().split('\n').map((f) => f.replace(/^package\//, ''));
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'build/lib/index.js', 'build/lib/index.d.ts', 'build/imports/gateway-gateway.networking.k8s.io.js']));
    expect(files.filter((f) => /(^|\/)(test|dist|serving-image)\/|\.ts$(?<!\.d\.ts$)/.test(f))).toEqual([]);
  });

  test('a fresh project installs it, type-checks a chart against it and synthesizes', () => {
    const app = path.join(work, 'consumer');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    run('npm', ['install', '--prefer-offline', '--no-save', tarball,
      `cdk8s@${peerVersion('cdk8s')}`, `cdk8s-plus-28@${peerVersion('cdk8s-plus-28')}`, `constructs@${peerVersion('constructs')}`], app);
    fs.writeFileSync(path.join(app, 'main.ts'), [
      "import { App, Chart } from 'cdk8s';",
      "import { ModelServing, ModelServingProps } from 'cdk8s-model-serving';",
      'const props: ModelServingProps = {',
      "  modelName: 'iris',",
      "  versions: [{ version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0', weight: 90, replicas: 2 },",
      "             { version: '1.1.0', image: 'ghcr.io/example/iris-server:1.1.0', weight: 10, replicas: 1 }],",
      "  gateway: { parentRefs: [{ name: 'public', namespace: 'gateway-system' }] },",
      '};',
      "const app = new App({ outdir: 'out' });",
      "new ModelServing(new Chart(app, 'iris', { namespace: 'models' }), 'iris', props);",
      'app.synth();',
    ].join('\n'));
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    run(process.execPath, [tsc, '--strict', '--esModuleInterop', '--skipLibCheck', '--module', 'commonjs', '--target', 'es2022', 'main.ts'], app);
    run(process.execPath, ['main.js'], app);
    const yaml = fs.readFileSync(path.join(app, 'out', 'iris.k8s.yaml'), 'utf8');
    expect(yaml).toContain('kind: HTTPRoute');
    expect(yaml.match(/^kind: Deployment$/gm)).toHaveLength(2);
    // The CLI ships in the package's bin, with its runtime dependencies.
    expect(run(path.join(app, 'node_modules', '.bin', 'model-serving'), ['--help'], app)).toContain('Usage: model-serving');
  }, 240_000);
});
