import { ModelVersionSpec } from '../../lib';
import { find, irisProps, ofKind, synthError, synthModel } from '../support/synth';

const version = (n: number, weight: number): ModelVersionSpec => ({ version: `1.${n}.0`, image: `ghcr.io/example/iris-server:1.${n}.0`, weight, replicas: 1 });

describe('Gateway API HTTPRoute', () => {
  const objects = synthModel(irisProps({
    gateway: { parentRefs: [{ name: 'public', namespace: 'gateway-system', sectionName: 'https' }], hostnames: ['iris.example.com'] },
    versions: [version(0, 90), version(1, 10), version(2, 0)],
  }));
  const route = find(objects, 'HTTPRoute', 'iris');

  test('attaches to the declared Gateway and hostnames', () => {
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.spec.parentRefs).toEqual([{ name: 'public', namespace: 'gateway-system', sectionName: 'https' }]);
    expect(route.spec.hostnames).toEqual(['iris.example.com']);
  });

  test('the weighted rule lists every version Service with its exact weight, 0 included', () => {
    expect(route.spec.rules[0]).toEqual({
      name: 'weighted',
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      backendRefs: [
        { name: 'iris-1-0-0', port: 80, weight: 90 },
        { name: 'iris-1-1-0', port: 80, weight: 10 },
        { name: 'iris-1-2-0', port: 80, weight: 0 },
      ],
    });
  });

  test('one pinning rule per version: the version header OR the OIP versioned path', () => {
    expect(route.spec.rules.slice(1)).toEqual(['1.0.0', '1.1.0', '1.2.0'].map((v) => ({
      name: `pin-${v.replace(/\./g, '-')}`,
      matches: [
        { headers: [{ type: 'Exact', name: 'x-model-version', value: v }] },
        { path: { type: 'PathPrefix', value: `/v2/models/iris/versions/${v}` } },
      ],
      backendRefs: [{ name: `iris-${v.replace(/\./g, '-')}`, port: 80 }],
    })));
  });

  test('a mirror adds a RequestMirror filter to the weighted rule', () => {
    const mirrored = synthModel(irisProps({ versions: [version(0, 100), version(1, 0)], mirror: { version: '1.1.0', percent: 20 } }));
    expect(find(mirrored, 'HTTPRoute', 'iris').spec.rules[0].filters).toEqual([
      { type: 'RequestMirror', requestMirror: { backendRef: { name: 'iris-1-1-0', port: 80 }, percent: 20 } },
    ]);
  });

  test('a weight step changes only the weight values', () => {
    const before = JSON.stringify(synthModel(irisProps({ versions: [version(0, 90), version(1, 10)] })), null, 1).split('\n');
    const after = JSON.stringify(synthModel(irisProps({ versions: [version(0, 50), version(1, 50)] })), null, 1).split('\n');
    const changed = before.filter((line, i) => line !== after[i]);
    expect(changed.map((l) => l.trim())).toEqual(['"weight": 90', '"weight": 10']);
  });
});

describe('Gateway API limits: 16 rules per route, 16 backends per rule', () => {
  const twenty = Array.from({ length: 20 }, (_, n) => version(n, n < 2 ? 50 : 0));
  const objects = synthModel(irisProps({ versions: twenty }));
  const routes = ofKind(objects, 'HTTPRoute');

  test('20 versions split deterministically into routes of at most 16 rules', () => {
    expect(routes.map((r) => [r.metadata.name, r.spec.rules.length])).toEqual([['iris', 16], ['iris-pinned-2', 5]]);
    const pinned = routes.flatMap((r) => r.spec.rules).filter((rule: any) => rule.name.startsWith('pin-'));
    expect(pinned.map((rule: any) => rule.backendRefs[0].name)).toEqual(twenty.map((v) => `iris-${v.version.replace(/\./g, '-')}`));
  });

  test('past 16 versions the weighted rule keeps only versions with traffic', () => {
    expect(routes[0].spec.rules[0].backendRefs).toEqual([
      { name: 'iris-1-0-0', port: 80, weight: 50 },
      { name: 'iris-1-1-0', port: 80, weight: 50 },
    ]);
    for (const route of routes) for (const rule of route.spec.rules) expect(rule.backendRefs.length).toBeLessThanOrEqual(16);
  });

  test('more than 16 versions with traffic fail with the limit spelled out', () => {
    const message = synthError(irisProps({ versions: Array.from({ length: 17 }, (_, n) => version(n, 1)) }));
    expect(message).toContain('versions must give at most 16 versions a weight above 0 with gateway (a Gateway API rule holds at most 16 backends): set the weight of retired versions to 0 or remove them, but 17 weighted versions was provided');
  });
});

describe('routing validation', () => {
  test.each([
    ['no parentRefs', irisProps({ gateway: { parentRefs: [] } }), 'gateway.parentRefs must list at least one Gateway, but [] was provided'],
    ['bad Gateway name', irisProps({ gateway: { parentRefs: [{ name: 'Public GW' }] } }), 'gateway.parentRefs[0].name must be a Gateway name (DNS-1123 subdomain), but "Public GW" was provided'],
    ['bad hostname', irisProps({ gateway: { parentRefs: [{ name: 'gw' }], hostnames: ['http://iris'] } }), 'gateway.hostnames[0] must be a lowercase host name without scheme or port, but "http://iris" was provided'],
    ['mirror of an unknown version', irisProps({ mirror: { version: '9.9.9' } }), 'mirror.version must name one of the versions (1.0.0, 1.1.0), but "9.9.9" was provided'],
    ['mirror without gateway', irisProps({ gateway: undefined, ingress: { host: 'iris.example.com', nginxCanary: true }, mirror: { version: '1.1.0' } }), 'mirror must be used together with gateway'],
    ['mirror percent 0', irisProps({ mirror: { version: '1.1.0', percent: 0 } }), 'mirror.percent must be an integer between 1 and 100, but 0 was provided'],
    ['NGINX canary with three weighted versions', irisProps({ gateway: undefined, ingress: { host: 'iris.example.com', nginxCanary: true }, versions: [version(0, 50), version(1, 25), version(2, 25)] }),
      'versions must give at most two versions a weight above 0 with ingress.nginxCanary (NGINX allows one canary per Ingress rule): use gateway for three or more, but weights 1.0.0=50, 1.1.0=25, 1.2.0=25 was provided'],
    ['plain Ingress with weights it cannot split', irisProps({ gateway: undefined, ingress: { host: 'iris.example.com' } }), 'versions must have weights a plain Ingress can honour (it balances by ready pods): set ingress.nginxCanary (two versions), or make every version\'s replicas proportional to its weight without autoscaling, but weights 1.0.0=90, 1.1.0=10 was provided'],
    ['no router at all', irisProps({ gateway: undefined }), 'versions must have weights the stable Service can honour (it balances by ready pods; no gateway or ingress is set): set gateway (exact weights), ingress with nginxCanary (two versions), or make every version\'s replicas proportional to its weight without autoscaling, but weights 1.0.0=90, 1.1.0=10 was provided'],
  ])('%s', (_what, props, expected) => {
    expect(synthError(props)).toContain(`ModelServing "iris": ${expected}`);
  });

  test('replicas proportional to the weights are an honest split without a router', () => {
    const objects = synthModel(irisProps({ gateway: undefined, ingress: { host: 'iris.example.com' }, versions: [{ ...version(0, 75), replicas: 3 }, { ...version(1, 25), replicas: 1 }] }));
    expect(find(objects, 'Ingress', 'iris').spec.rules[0].http.paths[0].backend.service.name).toBe('iris');
  });

  test('the same split with autoscaling is refused: an HPA changes the pod counts', () => {
    expect(synthError(irisProps({ gateway: undefined, autoscaling: { maxReplicas: 6 }, versions: [{ ...version(0, 75), replicas: 3 }, { ...version(1, 25), replicas: 1 }] })))
      .toContain('versions must have weights the stable Service can honour');
  });
});
