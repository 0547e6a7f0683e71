import { find, irisProps, ofKind, synthError, synthModel } from '../support/synth';

const canaryProps = (weights: [number, number]) => irisProps({
  gateway: undefined,
  ingress: { host: 'iris.example.com', className: 'nginx', nginxCanary: true, annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } },
  versions: [
    { version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0', weight: weights[0], replicas: 2 },
    { version: '1.1.0', image: 'ghcr.io/example/iris-server:1.1.0', weight: weights[1], replicas: 1 },
  ],
});
const backendOf = (ingress: any) => ingress.spec.rules[0].http.paths[0].backend.service.name;

describe('NGINX canary compatibility', () => {
  test('the heaviest version is primary; the other is a canary Ingress with exact weight and header pinning', () => {
    const objects = synthModel(canaryProps([90, 10]));
    expect(backendOf(find(objects, 'Ingress', 'iris'))).toBe('iris-1-0-0');
    const canary = find(objects, 'Ingress', 'iris-canary');
    expect(backendOf(canary)).toBe('iris-1-1-0');
    expect(canary.metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-wave': '2',
      'cert-manager.io/cluster-issuer': 'letsencrypt',
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-weight': '10',
      'nginx.ingress.kubernetes.io/canary-weight-total': '100',
      'nginx.ingress.kubernetes.io/canary-by-header': 'x-model-version',
      'nginx.ingress.kubernetes.io/canary-by-header-value': '1.1.0',
    });
    expect(find(objects, 'Ingress', 'iris').metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '2', 'cert-manager.io/cluster-issuer': 'letsencrypt' });
  });

  test('weights that do not sum to 100 keep their exact ratio through canary-weight-total', () => {
    const canary = find(synthModel(canaryProps([3, 1])), 'Ingress', 'iris-canary');
    expect(canary.metadata.annotations!['nginx.ingress.kubernetes.io/canary-weight']).toBe('1');
    expect(canary.metadata.annotations!['nginx.ingress.kubernetes.io/canary-weight-total']).toBe('4');
  });

  test('a single weighted version gets one Ingress straight to its Service', () => {
    const objects = synthModel(canaryProps([100, 0]));
    expect(ofKind(objects, 'Ingress').map((i) => [i.metadata.name, backendOf(i)])).toEqual([['iris', 'iris-1-0-0']]);
  });
});

describe('Ingress paths: the model API unless ingress.path is set', () => {
  const pathsOf = (ingress: any) => ingress.spec.rules[0].http.paths.map((p: any) => [p.path, p.pathType]);
  const API = [
    ['/v2/models/iris', 'Prefix'],
    ['/v1/models/iris', 'Prefix'],
    // ":" is refused in Exact/Prefix paths by ingress-nginx's admission (strict path validation).
    ['/v1/models/iris:predict', 'ImplementationSpecific'],
    ['/v1/models/iris:explain', 'ImplementationSpecific'],
  ];

  test('by default the primary and the canary Ingress route only the model\'s API paths, never "/"', () => {
    const objects = synthModel({ ...canaryProps([90, 10]), ingress: { host: 'iris.example.com', className: 'nginx', nginxCanary: true } });
    for (const ingress of ofKind(objects, 'Ingress')) expect(pathsOf(ingress)).toEqual(API);
  });

  test('extraPublicPaths add prefixes; one with a "." is ImplementationSpecific for the same reason', () => {
    const objects = synthModel({ ...canaryProps([100, 0]), ingress: { host: 'iris.example.com' }, extraPublicPaths: ['/docs', '/openapi.json'] });
    expect(pathsOf(find(objects, 'Ingress', 'iris'))).toEqual([...API, ['/docs', 'Prefix'], ['/openapi.json', 'ImplementationSpecific']]);
  });

  test('an explicit path replaces them with one Prefix path', () => {
    const objects = synthModel({ ...canaryProps([100, 0]), ingress: { host: 'iris.example.com', path: '/' } });
    expect(pathsOf(find(objects, 'Ingress', 'iris'))).toEqual([['/', 'Prefix']]);
  });

  test('two models share one hostname: each Ingress holds only its own model\'s paths', () => {
    const host = { host: 'models.example.com', className: 'nginx', nginxCanary: true };
    const iris = synthModel({ ...canaryProps([90, 10]), ingress: host });
    const other = synthModel({ ...canaryProps([90, 10]), modelName: 'iris-v2', ingress: host });
    const irisPaths = ofKind(iris, 'Ingress').flatMap((i) => pathsOf(i).map(([p]: string[]) => p));
    const otherPaths = ofKind(other, 'Ingress').flatMap((i) => pathsOf(i).map(([p]: string[]) => p));
    expect(otherPaths).toContain('/v2/models/iris-v2');
    for (const path of irisPaths) expect(otherPaths).not.toContain(path);
  });
});

describe('Ingress annotations that would take over the controller are refused', () => {
  test.each([
    ['configuration-snippet', 'nginx.ingress.kubernetes.io/configuration-snippet'],
    ['server-snippet', 'nginx.ingress.kubernetes.io/server-snippet'],
    ['NGINX Inc\'s location-snippets', 'nginx.org/location-snippets'],
  ])('%s', (_name, key) => {
    const message = synthError({ ...canaryProps([90, 10]), ingress: { host: 'iris.example.com', nginxCanary: true, annotations: { [key]: 'return 200;' } } });
    expect(message).toContain(`ModelServing "iris": ingress.annotations key must not be an NGINX snippet annotation: it injects raw NGINX configuration, `
      + `which runs with the controller's privileges for every host it serves; use the controller's dedicated annotations, or ask its admin for a global setting, but "${key}" was provided`);
  });

  test('a canary annotation of its own would fight nginxCanary', () => {
    expect(synthError({ ...canaryProps([90, 10]), ingress: { host: 'iris.example.com', nginxCanary: true, annotations: { 'nginx.ingress.kubernetes.io/canary-weight': '50' } } }))
      .toContain('ingress.annotations key must not be an NGINX canary annotation: set ingress.nginxCanary and the versions\' weights instead, but "nginx.ingress.kubernetes.io/canary-weight" was provided');
  });
});
