import { find, irisProps, ofKind, synthModel } from '../support/synth';

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
