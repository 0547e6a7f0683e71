import { assertCleanManifests, findManifestProblems } from '../support/manifest-checker/hygiene';

const clean = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'iris-1-0-0', labels: { 'app.kubernetes.io/name': 'iris' } },
  spec: {
    template: {
      spec: {
        containers: [{ name: 's', image: 'x:1', resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } } }],
        volumes: [{ name: 'tmp', emptyDir: {} }],
      },
    },
  },
};

describe('findManifestProblems', () => {
  test('a clean manifest (and meaningful empty maps such as emptyDir or podSelector) passes', () => {
    const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny' }, spec: { podSelector: {} } };
    expect(findManifestProblems([clean, policy])).toEqual([]);
    expect(() => assertCleanManifests([clean, policy])).not.toThrow();
  });

  test('reports cluster-owned fields, Argo CD tracking metadata, empty values and non-canonical quantities', () => {
    const dirty = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'iris',
        creationTimestamp: null,
        annotations: { 'argocd.argoproj.io/tracking-id': 'iris:/Service:iris/iris' },
        labels: { 'app.kubernetes.io/instance': 'iris-production' },
      },
      spec: { selector: {}, ports: [], resources: { requests: { cpu: '1000m', memory: '1024Mi' }, limits: { cpu: '1500m' } } },
      status: { loadBalancer: {} },
    };
    expect(findManifestProblems([dirty])).toEqual([
      'Service/iris: .status: owned by the cluster, never committed',
      'Service/iris: .metadata.creationTimestamp: set by the API server, changes on every re-create',
      'Service/iris: .metadata.annotations["argocd.argoproj.io/tracking-id"]: written by Argo CD on the live object, never in git',
      'Service/iris: .metadata.labels["app.kubernetes.io/instance"]: Argo CD\'s tracking label, never in git',
      'Service/iris: .metadata.creationTimestamp: null value (omit the field instead)',
      'Service/iris: .spec.selector: empty map (the API server drops it, so the live object never matches)',
      'Service/iris: .spec.ports: empty list (omit the field instead)',
      'Service/iris: .spec.resources.requests.cpu: quantity "1000m" is stored by the API server as "1"',
      'Service/iris: .spec.resources.requests.memory: quantity "1024Mi" is stored by the API server as "1Gi"',
      'Service/iris: .status.loadBalancer: empty map (the API server drops it, so the live object never matches)',
    ]);
    expect(() => assertCleanManifests([clean, dirty])).toThrow(/^10 manifest hygiene problem\(s\):\n {2}Service\/iris: \.status/);
  });

  test('names objects it cannot identify by position', () => {
    expect(findManifestProblems([null, { metadata: {} }])).toEqual([
      'manifests[0]: not an object',
      'manifests[1]/?: .metadata: empty map (the API server drops it, so the live object never matches)',
    ]);
  });
});
