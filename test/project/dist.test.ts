import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { manifestToYaml, manifestYamlPath } from '../../lib/synth/manifest-yaml';
import { expectValidManifests, loadYamlDir } from '../support/manifest-checker';

const DIST = path.join(__dirname, '..', '..', 'dist');
const count = (objects: Array<{ kind?: string }>, kind: string) => objects.filter((o) => o.kind === kind).length;

/** dist/ is committed and applied as is: it must pass the same checks as every object in the suite. */
describe.each(['staging', 'production'])('dist/%s (committed, synced by Argo CD / Flux)', (environment) => {
  const objects = loadYamlDir(path.join(DIST, environment));

  test('passes the strict schema, Pod Security "restricted" and the semantic rules', () => {
    expect(objects.length).toBeGreaterThan(0);
    expectValidManifests(objects);
  });

  test('holds the iris sample: 2 Deployments and 3 Services with version labels', () => {
    expect(count(objects, 'Deployment')).toBe(2);
    expect(count(objects, 'Service')).toBe(3);
    const versions = objects.filter((o: any) => o.kind === 'Deployment').map((o: any) => o.metadata.labels['app.kubernetes.io/version']);
    expect(versions.sort()).toEqual(['1.0.0', '1.1.0']);
  });
});

test('staging routes with an Ingress (NGINX canary), production with a Gateway API HTTPRoute and HPAs', () => {
  const staging = loadYamlDir(path.join(DIST, 'staging'));
  const production = loadYamlDir(path.join(DIST, 'production'));
  expect(count(staging, 'Ingress')).toBe(2);
  expect(count(production, 'HTTPRoute')).toBe(1);
  expect(count(production, 'HorizontalPodAutoscaler')).toBe(2);
});

test('the GitOps objects live outside the synced paths and pass their CRD schemas', () => {
  const argocd = loadYamlDir(path.join(DIST, 'gitops-argocd'));
  const flux = loadYamlDir(path.join(DIST, 'gitops-flux'));
  expect(argocd.map((o: any) => `${o.kind}/${o.spec.source.path}`).sort()).toEqual(['Application/dist/production', 'Application/dist/staging']);
  expect(flux.map((o: any) => o.kind).sort()).toEqual(['GitRepository', 'Kustomization', 'Kustomization']);
  expectValidManifests([...argocd, ...flux]);
});

test('every object file of dist/ is written by the fast YAML writer, never by its fallback', () => {
  // Each file is read back (YAML 1.1, as cdk8s writes it) and must come out of the writer with the
  // very same bytes, on the fast path: the objects synth resolved are these same plain trees.
  const files = fs.readdirSync(DIST, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.k8s.yaml')).sort();
  const fallbacks: string[] = [];
  let fast = 0;
  for (const file of files) {
    const text = fs.readFileSync(path.join(DIST, file), 'utf8');
    const object = parse(text, { version: '1.1' });
    const taken = manifestYamlPath(object);
    if (taken.path === 'fast') fast++;
    else fallbacks.push(`${file}: ${taken.reason}`);
    expect(manifestToYaml(object)).toBe(text);
  }
  expect(fallbacks).toEqual([]);
  expect(fast).toBe(files.length);
  expect(fast).toBeGreaterThan(20);
});
