import { ModelVersionSpec } from '../../lib';
import { find, irisProps, K8sObject, ofKind, synthError, synthModel } from '../support/synth';

const version = (n: number, weight: number, extra: Partial<ModelVersionSpec> = {}): ModelVersionSpec => ({
  version: `1.${n}.0`, image: `ghcr.io/example/iris-server:1.${n}.0`, weight, replicas: 1, ...extra,
});
const part = (v: string) => v.replace(/\./g, '-');

/** The model API matches every public rule carries, in order. */
const API_PATHS = [
  { type: 'PathPrefix', value: '/v2/models/iris' },
  { type: 'PathPrefix', value: '/v1/models/iris' },
  { type: 'Exact', value: '/v1/models/iris:predict' },
  { type: 'Exact', value: '/v1/models/iris:explain' },
];

/** The pin rule of a version with the default header and no extra paths. */
const pinRuleOf = (v: string) => ({
  name: `pin-${part(v)}`,
  matches: [
    ...API_PATHS.map((path) => ({ path, headers: [{ type: 'Exact', name: 'x-model-version', value: v }] })),
    { path: { type: 'PathPrefix', value: `/v2/models/iris/versions/${v}` } },
  ],
  backendRefs: [{ name: `iris-${part(v)}`, port: 80 }],
});

const rules = (objects: K8sObject[]) => ofKind(objects, 'HTTPRoute').flatMap((r) => r.spec.rules);
const pinned = (objects: K8sObject[]) => rules(objects).filter((r: any) => r.name.startsWith('pin-')).map((r: any) => r.backendRefs[0].name);
const shape = (objects: K8sObject[]) => ofKind(objects, 'HTTPRoute').map((r) => [r.metadata.name, r.spec.rules.length]);

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

  test('the weighted rule matches only the model API and lists every version Service with its exact weight, 0 included', () => {
    expect(route.spec.rules[0]).toEqual({
      name: 'weighted',
      matches: API_PATHS.map((path) => ({ path })),
      backendRefs: [
        { name: 'iris-1-0-0', port: 80, weight: 90 },
        { name: 'iris-1-1-0', port: 80, weight: 10 },
        { name: 'iris-1-2-0', port: 80, weight: 0 },
      ],
    });
  });

  test('versions with traffic get a pin rule (header on the model API, OR the OIP versioned path); the weight-0 one gets none', () => {
    expect(route.spec.rules.slice(1)).toEqual([pinRuleOf('1.0.0'), pinRuleOf('1.1.0')]);
    expect(JSON.stringify(objects)).not.toContain('/v2/models/iris/versions/1.2.0');
  });

  test('no public rule matches "/", "/docs" or any path outside the model API', () => {
    const paths = rules(objects).flatMap((r: any) => r.matches.map((m: any) => m.path.value));
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(path).toMatch(/^\/v[12]\/models\/iris(:predict|:explain|\/versions\/[^/]+)?$/);
    for (const rule of rules(objects)) for (const match of rule.matches) expect(match.path).toBeDefined();
  });

  test('darkLaunch gives a weight-0 version its pin rule', () => {
    const dark = synthModel(irisProps({ versions: [version(0, 100), version(1, 0), version(2, 0, { darkLaunch: true })] }));
    expect(find(dark, 'HTTPRoute', 'iris').spec.rules.slice(1)).toEqual([pinRuleOf('1.0.0'), pinRuleOf('1.2.0')]);
  });

  test('extraPublicPaths are added to the weighted rule and, with the header, to every pin rule', () => {
    const docs = find(synthModel(irisProps({ extraPublicPaths: ['/docs', '/openapi.json'] })), 'HTTPRoute', 'iris');
    const extra = [{ type: 'PathPrefix', value: '/docs' }, { type: 'PathPrefix', value: '/openapi.json' }];
    expect(docs.spec.rules[0].matches).toEqual([...API_PATHS, ...extra].map((path) => ({ path })));
    expect(docs.spec.rules[1].matches.slice(4, 6)).toEqual(extra.map((path) => ({ path, headers: [{ type: 'Exact', name: 'x-model-version', value: '1.0.0' }] })));
  });

  test('a mirror adds a RequestMirror filter to the weighted rule', () => {
    const mirrored = synthModel(irisProps({ versions: [version(0, 100), version(1, 0)], mirror: { version: '1.1.0', percent: 20 } }));
    expect(find(mirrored, 'HTTPRoute', 'iris').spec.rules[0].filters).toEqual([
      { type: 'RequestMirror', requestMirror: { backendRef: { name: 'iris-1-1-0', port: 80 }, percent: 20 } },
    ]);
  });

  test('a weight step between non-zero weights changes only the weight values', () => {
    const before = JSON.stringify(synthModel(irisProps({ versions: [version(0, 90), version(1, 10)] })), null, 1).split('\n');
    const after = JSON.stringify(synthModel(irisProps({ versions: [version(0, 50), version(1, 50)] })), null, 1).split('\n');
    const changed = before.filter((line, i) => line !== after[i]);
    expect(changed.map((l) => l.trim())).toEqual(['"weight": 90', '"weight": 10']);
  });
});

describe('two models on one hostname', () => {
  // Prefix matches are whole path segments: iris's rules never match iris-v2's paths and the other way round.
  const gateway = { parentRefs: [{ name: 'public', namespace: 'gateway-system' }], hostnames: ['models.example.com'] };
  const iris = synthModel(irisProps({ gateway }));
  const irisV2 = synthModel(irisProps({ modelName: 'iris-v2', gateway, versions: [version(0, 100)] }));

  test('each route matches only its own model\'s paths, so the two can share the hostname', () => {
    const pathsOf = (objects: K8sObject[]) => rules(objects).flatMap((r: any) => r.matches.map((m: any) => m.path.value));
    expect(new Set(pathsOf(iris)).has('/v2/models/iris')).toBe(true);
    expect(pathsOf(irisV2)).toContain('/v2/models/iris-v2');
    for (const path of pathsOf(iris)) expect(pathsOf(irisV2)).not.toContain(path);
    expect(find(iris, 'HTTPRoute', 'iris').spec.hostnames).toEqual(find(irisV2, 'HTTPRoute', 'iris-v2').spec.hostnames);
  });
});

describe('Gateway API limits: 16 rules and 128 matches per route, 16 backends per rule', () => {
  const weighted = (count: number) => Array.from({ length: count }, (_, n) => version(n, 1));

  test('15 weighted versions: the weighted rule and 15 pin rules fill exactly one route', () => {
    const objects = synthModel(irisProps({ versions: weighted(15) }));
    expect(shape(objects)).toEqual([['iris', 16]]);
    expect(find(objects, 'HTTPRoute', 'iris').spec.rules[0].backendRefs).toHaveLength(15);
  });

  test('16 weighted versions are a legal split: 16 backends in the weighted rule, the 16th pin rule in iris-pinned-2', () => {
    const objects = synthModel(irisProps({ versions: weighted(16) }));
    expect(shape(objects)).toEqual([['iris', 16], ['iris-pinned-2', 1]]);
    expect(find(objects, 'HTTPRoute', 'iris').spec.rules[0].backendRefs).toHaveLength(16);
    expect(pinned(objects)).toEqual(weighted(16).map((v) => `iris-${part(v.version)}`));
  });

  test('17 weighted versions fail with the limit spelled out', () => {
    const message = synthError(irisProps({ versions: weighted(17) }));
    expect(message).toContain('versions must give at most 16 versions a weight above 0 with gateway (a Gateway API rule holds at most 16 backends): set the weight of retired versions to 0 or remove them, but 17 weighted versions was provided');
  });

  test('weight-0 versions stay in the weighted rule up to 16 versions, then only versions with traffic are listed', () => {
    const sixteen = [version(0, 50), version(1, 50), ...Array.from({ length: 14 }, (_, n) => version(n + 2, 0))];
    expect(find(synthModel(irisProps({ versions: sixteen })), 'HTTPRoute', 'iris').spec.rules[0].backendRefs).toHaveLength(16);
    const seventeen = [...sixteen, version(16, 0)];
    expect(find(synthModel(irisProps({ versions: seventeen })), 'HTTPRoute', 'iris').spec.rules[0].backendRefs).toEqual([
      { name: 'iris-1-0-0', port: 80, weight: 50 },
      { name: 'iris-1-1-0', port: 80, weight: 50 },
    ]);
  });

  test('weight-0 versions take no pin rule, so they never push a pinned version into another route', () => {
    const objects = synthModel(irisProps({ versions: [...weighted(15), version(15, 0), version(16, 0)] }));
    expect(shape(objects)).toEqual([['iris', 16]]);
    expect(pinned(objects)).toHaveLength(15);
  });

  test('dark-launched versions count like weighted ones: 15 pinned fit one route, 16 spill into iris-pinned-2', () => {
    const fifteen = [...weighted(14), version(14, 0, { darkLaunch: true }), version(15, 0)];
    expect(shape(synthModel(irisProps({ versions: fifteen })))).toEqual([['iris', 16]]);
    const sixteen = [...weighted(14), version(14, 0, { darkLaunch: true }), version(15, 0, { darkLaunch: true })];
    const objects = synthModel(irisProps({ versions: sixteen }));
    expect(shape(objects)).toEqual([['iris', 16], ['iris-pinned-2', 1]]);
    expect(pinned(objects).slice(-1)).toEqual(['iris-1-15-0']);
  });

  test('40 versions, 36 dark-launched: routes of at most 16 rules, every pinned version once, in declaration order', () => {
    const forty = Array.from({ length: 40 }, (_, n) => version(n, n < 4 ? 25 : 0, n < 4 ? {} : { darkLaunch: true }));
    const objects = synthModel(irisProps({ versions: forty }));
    expect(shape(objects)).toEqual([['iris', 16], ['iris-pinned-2', 16], ['iris-pinned-3', 9]]);
    expect(pinned(objects)).toEqual(forty.map((v) => `iris-${part(v.version)}`));
  });

  test('extra public paths fill routes by the 128-match budget before the 16-rule one', () => {
    const extraPublicPaths = ['/docs', '/openapi.json', '/a', '/b', '/c', '/d', '/e', '/f'];
    const objects = synthModel(irisProps({ extraPublicPaths, versions: weighted(10) }));
    // weighted rule 4 + 8 matches, each pin rule 4 + 8 + 1: 12 + 8 × 13 = 116 ≤ 128, a ninth pin rule would make 129.
    expect(shape(objects)).toEqual([['iris', 9], ['iris-pinned-2', 2]]);
    for (const route of ofKind(objects, 'HTTPRoute')) {
      expect(route.spec.rules.reduce((sum: number, r: any) => sum + r.matches.length, 0)).toBeLessThanOrEqual(128);
    }
    expect(pinned(objects)).toHaveLength(10);
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
    ['darkLaunch without gateway', irisProps({ gateway: undefined, ingress: { host: 'iris.example.com', nginxCanary: true }, versions: [version(0, 90), version(1, 10), version(2, 0, { darkLaunch: true })] }),
      'versions[2].darkLaunch must be used with gateway (pinning a weight-0 version is an HTTPRoute rule; an Ingress can pin only the NGINX canary, which has traffic), but true was provided'],
    ['darkLaunch that is not a boolean', irisProps({ versions: [version(0, 90), version(1, 10, { darkLaunch: 'yes' as never })] }), 'versions[1].darkLaunch must be true or false, but "yes" was provided'],
    ['an extra public path without a slash', irisProps({ extraPublicPaths: ['docs'] }), 'extraPublicPaths[0] must be an absolute path starting with "/" (URI path characters only), but "docs" was provided'],
    ['an extra public path with ".."', irisProps({ extraPublicPaths: ['/docs/../admin'] }), 'extraPublicPaths[0] must be a normalized path (no "//", "/./", "/../", trailing "/." or "/..", or encoded "/"), but "/docs/../admin" was provided'],
    ['an extra public path the model API already covers', irisProps({ extraPublicPaths: ['/v2/models/iris'] }), 'extraPublicPaths[0] must be a path the routes do not match already (the model\'s API paths are always routed), but "/v2/models/iris" was provided'],
    ['too many extra public paths', irisProps({ extraPublicPaths: Array.from({ length: 9 }, (_, i) => `/p${i}`) }), 'extraPublicPaths must list at most 8 paths (each one is repeated in every pin rule, and a Gateway API route holds at most 128 matches), but 9 paths was provided'],
    ['extra public paths with an explicit ingress path and no gateway', irisProps({ gateway: undefined, ingress: { host: 'iris.example.com', path: '/', nginxCanary: true }, extraPublicPaths: ['/docs'] }),
      'extraPublicPaths must be used with gateway, or with an ingress that does not set ingress.path (an explicit path replaces the public paths), but ["/docs"] was provided'],
  ])('%s', (_what, props, expected) => {
    expect(synthError(props)).toContain(`ModelServing "${props.modelName}": ${expected}`);
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
