import * as path from 'path';
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

  test('declares its namespace, labelled to enforce Pod Security "restricted"', () => {
    const namespaces = objects.filter((o: any) => o.kind === 'Namespace');
    expect(namespaces).toHaveLength(1);
    expect(namespaces[0].metadata.name).toBe(environment === 'production' ? 'models' : 'models-staging');
    expect(namespaces[0].metadata.labels).toEqual({
      'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted',
    });
    expect(namespaces[0].metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-2');
    for (const o of objects.filter((x: any) => x.kind !== 'Namespace')) expect(o.metadata.namespace).toBe(namespaces[0].metadata.name);
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
  // The Namespace is in the synced folder, labelled: Argo CD must not create an unlabelled one first.
  for (const app of argocd) expect(app.spec.syncPolicy.syncOptions).not.toContain('CreateNamespace=true');
  expect(flux.map((o: any) => o.kind).sort()).toEqual(['GitRepository', 'Kustomization', 'Kustomization']);
  expectValidManifests([...argocd, ...flux]);
});
