import { execFileSync } from 'child_process';
import * as path from 'path';

/**
 * Start-up is a large share of every synth (see BENCHMARKS.md), so the library loads only what a
 * synth uses: generated CRD classes when a chart has such an object, the yaml package and ajv when
 * models.yaml is loaded, and never cdk8s-plus-28's constructs. Each case runs in a fresh Node process
 * (TypeScript compiled on the fly) and lists the modules it loaded.
 */
const ROOT = path.join(__dirname, '..', '..');

/** Runs `script` in a fresh Node process; each `snapshot()` it calls records the modules loaded so far. */
function loadedModules(script: string): string[][] {
  const program = `const snapshots = []; const snapshot = () => snapshots.push(Object.keys(require.cache));
${script}
process.stdout.write(JSON.stringify(snapshots));`;
  const output = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', program], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
  });
  return (JSON.parse(output) as string[][]).map((modules) => modules.map((file) => path.relative(ROOT, file)));
}

const from = (modules: string[], pattern: RegExp) => modules.filter((m) => pattern.test(m));
const CRD_IMPORTS = /^imports\//;
const SECOND_YAML = /^node_modules\/yaml\//;
const PLUS_CONSTRUCTS = /^node_modules\/cdk8s-plus-28\/lib\/(?!imports\/k8s)/;

test('the CLI loads no cdk8s (it runs cdk8s synth in a child process); an Ingress-routed chart loads no CRD classes, no second YAML library, no cdk8s-plus-28 constructs', () => {
  const [cli, chart] = loadedModules(`
    require('./lib/cli/program');
    snapshot();
    const { App, Chart } = require('cdk8s');
    const { ModelServing, synthFolders } = require('./lib');
    const os = require('os'), fs = require('fs'), path = require('path');
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'module-loading-'));
    const app = new App({ outdir });
    new ModelServing(new Chart(app, 'c'), 'iris', { modelName: 'iris', ingress: { host: 'iris.example.com' },
      versions: [{ version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0' }] });
    synthFolders(app);
    fs.rmSync(outdir, { recursive: true });
    snapshot();`);
  expect(from(cli, /^lib\/cli\/program\.ts$/)).toHaveLength(1);
  expect(from(cli, /^node_modules\/(cdk8s|cdk8s-plus-28|constructs)\//)).toEqual([]);
  const library = chart.filter((m) => !cli.includes(m));
  expect(from(library, /^lib\/model-serving\/model-serving\.ts$/)).toHaveLength(1);
  expect(from(library, CRD_IMPORTS)).toEqual([]);
  expect(from(library, SECOND_YAML)).toEqual([]);
  expect(from(library, PLUS_CONSTRUCTS)).toEqual([]);
});

test('an HTTPRoute loads the Gateway API classes only; models.yaml loads yaml and ajv', () => {
  const [modules] = loadedModules(`
    const { App, Chart } = require('cdk8s');
    const { ModelServing, loadModelsFile } = require('./lib');
    new ModelServing(new Chart(new App(), 'c'), 'iris', { modelName: 'iris', gateway: { parentRefs: [{ name: 'public' }] },
      versions: [{ version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0' }] });
    loadModelsFile('test/support/fixtures/models.yaml');
    snapshot();`);
  expect(from(modules, CRD_IMPORTS)).toEqual(['imports/gateway-gateway.networking.k8s.io.ts']);
  expect(from(modules, SECOND_YAML).length).toBeGreaterThan(0);
  expect(from(modules, /^node_modules\/ajv\//).length).toBeGreaterThan(0);
});
