import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { manifestToYaml, manifestYamlPath } from '../../lib/synth/manifest-yaml';
import { loadModelsFile } from '../../lib/models-file/loader';
import { versionNamePart } from '../../lib/core/naming';
import { expectValidManifests, loadYamlDir } from '../support/manifest-checker';

const ROOT = path.join(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');
const count = (objects: Array<{ kind?: string }>, kind: string) => objects.filter((o) => o.kind === kind).length;
const config = loadModelsFile(path.join(ROOT, 'models.yaml'));

/** dist/ is committed and applied as is: it must pass the same checks as every object in the suite. */
describe.each(Object.keys(config.environments))('dist/%s (committed, synced by Argo CD / Flux)', (environment) => {
  const objects = loadYamlDir(path.join(DIST, environment));
  const versions = config.models.iris.environments[environment].versions;

  test('passes the strict schema, Pod Security "restricted" and the semantic rules', () => {
    expect(objects.length).toBeGreaterThan(0);
    expectValidManifests(objects);
  });

  test('holds a Deployment and a Service per version of models.yaml, plus the stable Service', () => {
    const deployed = objects.filter((o: any) => o.kind === 'Deployment').map((o: any) => o.metadata.labels['app.kubernetes.io/version']);
    expect(deployed.sort()).toEqual(versions.map((v) => v.version).sort());
    expect(count(objects, 'Service')).toBe(versions.length + 1);
  });

  // The sample shows the router a new user should pick: Gateway API, exact weights over any number of
  // versions (NGINX canary stays tested on its own fixture and in test/model-serving/ingress.test.ts).
  test('routes with one Gateway API HTTPRoute carrying exactly the weights of models.yaml, and no Ingress', () => {
    const routes = objects.filter((o: any) => o.kind === 'HTTPRoute');
    expect(routes).toHaveLength(1);
    const weighted = routes[0].spec.rules.find((r: any) => r.name === 'weighted');
    expect(Object.fromEntries(weighted.backendRefs.map((b: any) => [b.name, b.weight])))
      .toEqual(Object.fromEntries(versions.map((v) => [`iris-${versionNamePart(v.version)}`, v.weight])));
    expect(count(objects, 'Ingress')).toBe(0);
  });

  test('declares its namespace, labelled to enforce Pod Security "restricted"', () => {
    const namespaces = objects.filter((o: any) => o.kind === 'Namespace');
    expect(namespaces).toHaveLength(1);
    expect(namespaces[0].metadata.name).toBe(config.environments[environment].namespace);
    expect(namespaces[0].metadata.labels).toEqual({
      'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted',
    });
    expect(namespaces[0].metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-2');
    for (const o of objects.filter((x: any) => x.kind !== 'Namespace')) expect(o.metadata.namespace).toBe(namespaces[0].metadata.name);
  });
});

test('the sample shows an A/B/N split over three versions in staging and autoscaled versions in production', () => {
  expect(config.models.iris.environments.staging.versions.filter((v) => (v.weight ?? 0) > 0)).toHaveLength(3);
  expect(count(loadYamlDir(path.join(DIST, 'production')), 'HorizontalPodAutoscaler')).toBe(2);
});

test('the GitOps objects live outside the synced paths and pass their CRD schemas', () => {
  const argocd = loadYamlDir(path.join(DIST, 'gitops-argocd'));
  const flux = loadYamlDir(path.join(DIST, 'gitops-flux'));
  // main.ts picks the ApplicationSet (ARGOCD_APPLICATIONSET): one Application per environment of models.yaml.
  expect(argocd.map((o: any) => `${o.kind}/${o.metadata.name}`)).toEqual(['ApplicationSet/model-serving']);
  const elements = argocd[0].spec.generators[0].list.elements;
  expect(elements.map((e: any) => [e.environment, e.path, e.namespace])).toEqual(
    Object.entries(config.environments).map(([env, { namespace }]) => [env, `dist/${env}`, namespace]));
  // Exactly the autoscaled Deployments of each environment have their replicas left to the HPA.
  for (const element of elements) {
    const hpaTargets = loadYamlDir(path.join(DIST, element.environment)).filter((o: any) => o.kind === 'HorizontalPodAutoscaler').map((o: any) => o.spec.scaleTargetRef.name);
    expect(element.hpaManagedDeployments ?? []).toEqual(hpaTargets.sort());
  }
  // The Namespace is in the synced folder, labelled: Argo CD must not create an unlabelled one first.
  expect(argocd[0].spec.template.spec.syncPolicy.syncOptions).not.toContain('CreateNamespace=true');
  expect(flux.map((o: any) => o.kind).sort()).toEqual(['GitRepository', 'Kustomization', 'Kustomization']);
  expectValidManifests([...argocd, ...flux]);
});

test('every object file of dist/ is written by the YAML writer with the same bytes, on the fast path but for the one Go template', () => {
  // Each file is read back (YAML 1.1, as cdk8s writes it) and must come out of the writer with the
  // very same bytes. The fast path must carry every model's objects (what grows with a fleet); the
  // ApplicationSet's templatePatch is a multi-line Go template, which the writer leaves to cdk8s's.
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
  expect(fallbacks).toEqual(['gitops-argocd/ApplicationSet.model-serving.k8s.yaml: a multi-line scalar at .spec.templatePatch']);
  expect(fast).toBe(files.length - 1);
  expect(fast).toBeGreaterThan(20);
});
