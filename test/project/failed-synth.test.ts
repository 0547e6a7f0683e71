import { spawnSync } from 'child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';

/**
 * `npx cdk8s synth` by hand, in a copy of the project: cdk8s deletes its output folder before it
 * runs the app, so cdk8s.yaml's `output` is a scratch folder and main.ts publishes dist/ from it only
 * when everything synthesized. A broken models.yaml must fail with its line:column and leave every
 * byte of dist/ as it was; a good edit must replace dist/, stale files included.
 */
const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(ROOT, 'test', 'support', 'fixtures', 'models.yaml');

function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(relative(dir, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name), 'utf8'));
  }
  return files;
}

describe('npx cdk8s synth in a copy of the project', () => {
  let project: string;
  const synth = () => spawnSync('npx', ['cdk8s', 'synth'], {
    cwd: project, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
  });
  const models = () => readFileSync(join(project, 'models.yaml'), 'utf8');
  const setModels = (text: string) => writeFileSync(join(project, 'models.yaml'), text);

  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'model-serving-synth-'));
    for (const entry of ['main.ts', 'lib', 'imports', 'cdk8s.yaml', 'tsconfig.json', 'package.json']) {
      cpSync(join(ROOT, entry), join(project, entry), { recursive: true });
    }
    cpSync(FIXTURE, join(project, 'models.yaml'));
    symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
    const first = synth();
    expect(first.stderr).not.toMatch(/Error/);
    expect(first.status).toBe(0);
  }, 120_000);

  afterAll(() => rmSync(project, { recursive: true, force: true }));

  test('a typo in models.yaml fails with its line and column and leaves dist/ byte for byte as it was', () => {
    const before = tree(join(project, 'dist'));
    expect(before.size).toBeGreaterThan(20);
    const good = models();
    setModels(good.replace('            weight: 90\n', '            wieght: 90\n'));
    try {
      const failed = synth();
      expect(failed.status).not.toBe(0);
      expect(failed.stderr).toMatch(/models\.yaml:50:13: models\.iris\.environments\.production\.versions\[0\] key must be one of the known settings/);
      expect(tree(join(project, 'dist'))).toEqual(before);
    } finally {
      setModels(good);
    }
  }, 120_000);

  test('a good edit replaces dist/: the retired version\'s files are gone, nothing else is left over', () => {
    const good = models();
    // Retire 1.1.0 from production: its traffic goes to 1.0.0.
    setModels(good.replace('            weight: 90\n', '            weight: 100\n').replace(
      '          - version: 1.1.0\n            image: ghcr.io/example/iris-server:1.1.0\n            weight: 10\n            replicas: 1\n', ''));
    try {
      const result = synth();
      expect(result.stderr).not.toMatch(/Error/);
      expect(result.status).toBe(0);
      const dist = tree(join(project, 'dist'));
      expect(dist.has('production/Deployment.iris-1-0-0.k8s.yaml')).toBe(true);
      expect([...dist.keys()].filter((f) => f.startsWith('production/') && f.includes('1-1-0'))).toEqual([]);
      expect(dist).toEqual(tree(join(project, '.dist-staging')));
      expect(readdirSync(project).filter((f) => f.startsWith('.dist'))).toEqual(['.dist-staging']);
    } finally {
      setModels(good);
    }
  }, 120_000);
});
