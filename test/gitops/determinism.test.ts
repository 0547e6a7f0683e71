/**
 * The committed dist/ only changes where the intent changed, so a git diff is a review: the whole multi-environment
 * app (one chart per environment plus the GitOps chart, like main.ts) is synthesized with a real
 * cdk8s App into temp dirs and the files are compared byte by byte.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, YamlOutputType } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { ArgoCdApplication } from '../../lib/gitops/argocd';
import { FluxGitRepository, FluxKustomization } from '../../lib/gitops/flux';
import { deploymentsScaledByHpa } from '../../lib/gitops/hpa-targets';
import { EnvironmentNamespace } from '../../lib/gitops/namespace';
import { writeKustomization } from '../../lib/gitops/kustomization';
import { findManifestProblems } from '../support/manifest-checker/hygiene';
import { ModelServing } from '../../lib/model-serving/model-serving';
import { ModelServingProps } from '../../lib/model-serving/props';
import { expectValidManifests } from '../support/manifest-checker';
import { kubectlKustomize, pinnedBinary } from '../support/kubectl';

const REPO = 'https://github.com/example/iris-serving.git';
const image = (tag: string) => `ghcr.io/example/iris-server:${tag}`;

type Versions = ModelServingProps['versions'];
const BASE: Versions = [
  { version: '1.0.0', image: image('1.0.0'), weight: 90, replicas: 2 },
  { version: '1.1.0', image: image('1.1.0'), weight: 10, replicas: 1 },
];

/** staging routes through an Ingress (+ NGINX canary), production through Gateway API with an HPA. */
function environments(versions: Versions): Record<string, ModelServingProps> {
  return {
    staging: {
      modelName: 'iris',
      versions,
      ingress: { host: 'iris.staging.example.com', className: 'nginx', nginxCanary: true },
    },
    production: {
      modelName: 'iris',
      versions,
      gateway: { parentRefs: [{ name: 'public', namespace: 'gateway-system' }], hostnames: ['iris.example.com'] },
      autoscaling: { minReplicas: 2, maxReplicas: 10 },
    },
  };
}

const created: string[] = [];
afterAll(() => created.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Synthesizes dist/<env>/ and dist/gitops/ the way main.ts does; returns the outdir and every file's bytes. */
function synth(envs: Record<string, ModelServingProps>): { outdir: string; files: Map<string, string> } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'determinism-'));
  created.push(outdir);
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  const gitops = new Chart(app, 'gitops');
  const source = new FluxGitRepository(gitops, 'iris-serving', { url: REPO });
  for (const [env, props] of Object.entries(envs)) {
    const chart = new Chart(app, env, { namespace: `models-${env}` });
    new EnvironmentNamespace(chart, 'namespace');
    new ModelServing(chart, 'iris', props); // annotates its own objects with sync waves
    new ArgoCdApplication(gitops, `iris-${env}`, {
      repoUrl: REPO, path: `dist/${env}`, destinationNamespace: `models-${env}`, hpaManagedDeployments: deploymentsScaledByHpa(chart),
    });
    new FluxKustomization(gitops, `flux-iris-${env}`, { source, path: `dist/${env}` });
  }
  app.synth();
  for (const env of Object.keys(envs)) writeKustomization(path.join(outdir, env));
  const files = new Map<string, string>();
  for (const dir of fs.readdirSync(outdir).sort()) {
    for (const file of fs.readdirSync(path.join(outdir, dir)).sort()) {
      files.set(`${dir}/${file}`, fs.readFileSync(path.join(outdir, dir, file), 'utf8'));
    }
  }
  return { outdir, files };
}

/** Per changed file, the [before, after] pairs of lines that differ; throws if lines were added or removed. */
function changedLines(before: Map<string, string>, after: Map<string, string>): Record<string, Array<[string, string]>> {
  const changes: Record<string, Array<[string, string]>> = {};
  for (const [file, text] of after) {
    const old = before.get(file);
    if (old === undefined || old === text) continue;
    const a = old.split('\n');
    const b = text.split('\n');
    if (a.length !== b.length) throw new Error(`${file}: line count changed from ${a.length} to ${b.length}`);
    changes[file] = a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]] as [string, string]]));
  }
  return changes;
}

function objectsOf(files: Map<string, string>, prefix = ''): any[] {
  return [...files.entries()]
    .filter(([file]) => file.startsWith(prefix) && !file.endsWith('/kustomization.yaml'))
    .flatMap(([, text]) => parseAllDocuments(text).map((doc) => doc.toJS()));
}

/** Every selector-like field of every object, keyed by file and JSON path. */
function selectors(files: Map<string, string>): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  const walk = (value: any, where: string) => {
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      const childWhere = `${where}.${key}`;
      if (/selector$/i.test(key)) found[childWhere] = child;
      else walk(child, childWhere);
    }
  };
  for (const [file, text] of files) parseAllDocuments(text).forEach((doc) => walk(doc.toJS(), file));
  return found;
}

describe('byte-stable dist/', () => {
  test('two synths of the same app are byte-identical, kustomization.yaml included', () => {
    const first = synth(environments(BASE)).files;
    const second = synth(environments(BASE)).files;
    expect([...second.keys()]).toEqual([...first.keys()]);
    expect(second).toEqual(first);
    expect([...first.keys()]).toEqual(expect.arrayContaining([
      'gitops/Application.iris-production.k8s.yaml', 'gitops/GitRepository.iris-serving.k8s.yaml',
      'production/kustomization.yaml', 'staging/kustomization.yaml',
    ]));
    // The GitOps objects are not inside a synced path.
    expect([...first.keys()].filter((f) => /^(staging|production)\//.test(f) && /Application|GitRepository|Kustomization\./.test(f))).toEqual([]);
  });

  test('a weight change touches only weight lines', () => {
    const before = synth(environments(BASE)).files;
    const after = synth(environments([{ ...BASE[0], weight: 75 }, { ...BASE[1], weight: 25 }])).files;
    expect([...after.keys()]).toEqual([...before.keys()]);
    const changes = changedLines(before, after);
    expect(Object.keys(changes).sort()).toEqual(['production/HTTPRoute.iris.k8s.yaml', 'staging/Ingress.iris-canary.k8s.yaml']);
    for (const pairs of Object.values(changes)) {
      for (const [old, updated] of pairs) {
        expect(old).toMatch(/weight/);
        expect(updated).toMatch(/weight/);
      }
    }
    expect(changes['production/HTTPRoute.iris.k8s.yaml']).toEqual([
      ['          weight: 90', '          weight: 75'],
      ['          weight: 10', '          weight: 25'],
    ]);
  });

  test('adding a version leaves the existing Deployments and Services byte-identical', () => {
    const before = synth({ production: environments(BASE).production }).files;
    const withNew = [{ ...BASE[0], weight: 80 }, BASE[1], { version: '1.2.0', image: image('1.2.0'), weight: 10, replicas: 1 }];
    const after = synth({ production: environments(withNew).production }).files;
    const existing = [...before.keys()].filter((f) => /\/(Deployment|Service)\./.test(f));
    expect(existing).toEqual([
      'production/Deployment.iris-1-0-0.k8s.yaml', 'production/Deployment.iris-1-1-0.k8s.yaml',
      'production/Service.iris-1-0-0.k8s.yaml', 'production/Service.iris-1-1-0.k8s.yaml', 'production/Service.iris.k8s.yaml',
    ]);
    for (const file of existing) expect({ file, text: after.get(file) }).toEqual({ file, text: before.get(file) });
    expect(after.has('production/Deployment.iris-1-2-0.k8s.yaml')).toBe(true);
    expect(after.get('production/kustomization.yaml')).toContain('  - Deployment.iris-1-2-0.k8s.yaml\n');
  });

  test('an image bump changes no selector, and only image lines', () => {
    const before = synth(environments(BASE)).files;
    const after = synth(environments([BASE[0], { ...BASE[1], image: image('1.1.0-patch1') }])).files;
    expect(selectors(after)).toEqual(selectors(before));
    expect(Object.keys(selectors(before)).length).toBeGreaterThan(10);
    const changes = changedLines(before, after);
    expect(Object.keys(changes).sort()).toEqual(['production/Deployment.iris-1-1-0.k8s.yaml', 'staging/Deployment.iris-1-1-0.k8s.yaml']);
    for (const pairs of Object.values(changes)) {
      for (const [, updated] of pairs) expect(updated).toContain('1.1.0-patch1');
    }
  });
});

describe('what dist/ holds', () => {
  let synthesized: { outdir: string; files: Map<string, string> };
  beforeAll(() => {
    synthesized = synth(environments(BASE));
  });

  test('every object passes its strict schema (GitOps objects included) and carries no drift-prone content', () => {
    const objects = objectsOf(synthesized.files);
    expect(objects.filter((o) => ['Application', 'GitRepository', 'Kustomization'].includes(o.kind))).toHaveLength(5);
    expectValidManifests(objects);
    expect(findManifestProblems(objects)).toEqual([]);
  }, 60_000); // compiles every schema the checker needs on first use

  test('every synced object carries a sync wave; the Argo CD Application ignores replicas of HPA-managed Deployments only', () => {
    for (const object of objectsOf(synthesized.files, 'production/')) {
      expect({ object: `${object.kind}/${object.metadata.name}`, wave: object.metadata.annotations?.['argocd.argoproj.io/sync-wave'] })
        .toEqual({ object: `${object.kind}/${object.metadata.name}`, wave: expect.stringMatching(/^-?\d$/) });
    }
    const apps = objectsOf(synthesized.files, 'gitops/').filter((o) => o.kind === 'Application');
    const ignored = Object.fromEntries(apps.map((a) => [a.metadata.name, (a.spec.ignoreDifferences ?? []).map((d: any) => d.name)]));
    expect(ignored).toEqual({ 'iris-staging': [], 'iris-production': ['iris-1-0-0', 'iris-1-1-0'] });
  });

  test('kubectl kustomize (pinned 1.28.3) builds each synced path into exactly its objects', () => {
    const kubectl = pinnedBinary('kubectl');
    for (const env of ['staging', 'production']) {
      const built = parseAllDocuments(kubectlKustomize(kubectl, path.join(synthesized.outdir, env))).map((d) => d.toJS());
      const key = (o: any) => `${o.kind}/${o.metadata.name}`;
      expect(built.map(key).sort()).toEqual(objectsOf(synthesized.files, `${env}/`).map(key).sort());
      // kustomize (and so Flux) applies the Namespace before everything that lives in it.
      expect(key(built[0])).toBe(`Namespace/models-${env}`);
    }
  }, 120_000);
});
