import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, YamlOutputType } from 'cdk8s';
import { ModelServing, publishOutput, synthFolders } from '../../lib';
import { publishFolder } from '../../lib/synth/publish-output';
import { irisProps } from '../support/synth';

function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[path.relative(dir, path.join(entry.parentPath, entry.name))] = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

describe('publishOutput', () => {
  let work: string;
  let cwd: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'publish-output-'));
    cwd = process.cwd();
    process.chdir(work);
    fs.writeFileSync('cdk8s.yaml', 'app: node main.js\noutput: .dist-staging\n');
  });
  afterEach(() => {
    process.chdir(cwd);
    fs.rmSync(work, { recursive: true, force: true });
  });

  /** An app writing into `outdir`, with one model per listed version. */
  function synth(outdir: string, versions = ['1.0.0', '1.1.0']): App {
    const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    new ModelServing(new Chart(app, 'production', { namespace: 'models' }), 'iris', irisProps({
      versions: versions.map((version, i) => ({ version, image: `ghcr.io/example/iris-server:${version}`, weight: i === 0 ? 100 : 0 })),
    }));
    synthFolders(app);
    return app;
  }

  test('replaces the target with the scratch output: new files in, stale files out, scratch kept for cdk8s to list', () => {
    publishOutput(synth('.dist-staging', ['1.0.0', '1.1.0', '1.2.0']), 'dist');
    fs.writeFileSync('dist/production/Stale.k8s.yaml', 'kind: Stale\n');
    fs.rmSync('.dist-staging', { recursive: true }); // what cdk8s synth does before each run
    const app = synth('.dist-staging', ['1.0.0', '1.1.0']);
    expect(publishOutput(app, 'dist')).toBe(true);
    expect(readTree('dist')).toEqual(readTree('.dist-staging'));
    expect(Object.keys(readTree('dist'))).toContain('production/Deployment.iris-1-1-0.k8s.yaml');
    expect(Object.keys(readTree('dist'))).not.toContain('production/Deployment.iris-1-2-0.k8s.yaml');
    expect(fs.readdirSync('.').sort()).toEqual(['.dist-staging', 'cdk8s.yaml', 'dist']);
    // The scratch folder was moved into place, not copied, and left as a link to it for cdk8s to list...
    expect(fs.lstatSync('.dist-staging').isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync('.dist-staging')).toBe('dist');
    // ...which cdk8s synth's rmSync removes without touching what it points to.
    fs.rmSync('.dist-staging', { recursive: true, force: true });
    expect(Object.keys(readTree('dist'))).toContain('production/Deployment.iris-1-1-0.k8s.yaml');
  });

  test('an app that writes through the link (run without cdk8s synth) wrote into the target itself: nothing to swap', () => {
    publishOutput(synth('.dist-staging'), 'dist');
    const app = synth('.dist-staging', ['1.0.0', '1.4.0']);
    expect(publishOutput(app, 'dist')).toBe(false);
    expect(Object.keys(readTree('dist'))).toContain('production/Deployment.iris-1-4-0.k8s.yaml');
    expect(fs.lstatSync('.dist-staging').isSymbolicLink()).toBe(true);
  });

  test('refuses a scratch folder inside the target', () => {
    fs.writeFileSync('cdk8s.yaml', 'app: node main.js\noutput: dist/.staging\n');
    expect(() => publishOutput(synth('dist/.staging'), 'dist')).toThrow("cdk8s.yaml's output (dist/.staging) and dist must not contain each other");
  });

  test('creates the target when it does not exist yet, and its parent folders', () => {
    expect(publishOutput(synth('.dist-staging'), 'out/dist')).toBe(true);
    expect(readTree('out/dist')).toEqual(readTree('.dist-staging'));
  });

  test('leaves the target untouched when the app writes elsewhere (cdk8s synth --output <dir>)', () => {
    publishOutput(synth('.dist-staging'), 'dist');
    const before = readTree('dist');
    expect(publishOutput(synth('preview', ['2.0.0']), 'dist')).toBe(false);
    expect(readTree('dist')).toEqual(before);
    expect(Object.keys(readTree('preview'))).toContain('production/Deployment.iris-2-0-0.k8s.yaml');
  });

  test('does nothing without a cdk8s.yaml (the app is not run by cdk8s synth)', () => {
    fs.rmSync('cdk8s.yaml');
    expect(publishOutput(synth('.dist-staging'), 'dist')).toBe(false);
    expect(fs.existsSync('dist')).toBe(false);
  });

  test('warns when cdk8s.yaml\'s output is the target itself: cdk8s synth has already emptied it', () => {
    fs.writeFileSync('cdk8s.yaml', 'app: node main.js\noutput: dist\n');
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      expect(publishOutput(synth('dist'), 'dist')).toBe(false);
      expect(emitWarning).toHaveBeenCalledTimes(1);
      expect(String(emitWarning.mock.calls[0][0])).toMatch(/sets output to dist itself, which cdk8s synth empties before it runs the app/);
    } finally {
      emitWarning.mockRestore();
    }
  });

  test('where it must copy (another filesystem), a copy that fails midway leaves the target untouched and no partial folder behind', () => {
    publishOutput(synth('.dist-staging'), 'dist');
    const before = readTree('dist');
    fs.rmSync('.dist-staging', { recursive: true });
    synth('.dist-staging', ['3.0.0']);
    fs.symlinkSync(path.join(work, 'missing'), '.dist-staging/production/Dangling.k8s.yaml');
    expect(() => publishFolder('.dist-staging', 'dist', { copy: true })).toThrow(/ENOENT/);
    expect(readTree('dist')).toEqual(before);
    expect(fs.readdirSync('.').sort()).toEqual(['.dist-staging', 'cdk8s.yaml', 'dist']);
  });

  test('cleans up what a publish killed between its two renames left behind', () => {
    fs.mkdirSync('.dist.previous-0badf00d/production', { recursive: true });
    fs.mkdirSync('.dist.incoming-0badf00d');
    expect(publishOutput(synth('.dist-staging'), 'dist')).toBe(true);
    expect(fs.readdirSync('.').sort()).toEqual(['.dist-staging', 'cdk8s.yaml', 'dist']);
  });
});
