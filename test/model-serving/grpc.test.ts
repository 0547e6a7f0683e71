/**
 * The Open Inference Protocol over gRPC: the `grpc` port on pods, Services and NetworkPolicy, and the
 * GRPCRoute that follows the HTTPRoute — same weights, same pinnable versions, same split — with its
 * own public surface (the OIP model methods) and its own hostname or listener.
 */
import { App, Chart, Testing } from 'cdk8s';
import { ModelServing, ModelServingProps, ModelVersionSpec } from '../../lib';
import { validatorFor } from '../support/manifest-checker/schema-registry';
import { find, irisProps, K8sObject, ofKind, synthError, synthModel, testApp } from '../support/synth';

const version = (n: number, weight: number, extra: Partial<ModelVersionSpec> = {}): ModelVersionSpec => ({
  version: `1.${n}.0`, image: `ghcr.io/example/iris-server:1.${n}.0`, weight, replicas: 1, ...extra,
});
const part = (v: string) => v.replace(/\./g, '-');

const GATEWAY = { parentRefs: [{ name: 'public', namespace: 'gateway-system' }], hostnames: ['iris.example.com'] };
const GRPC = { hostnames: ['grpc.iris.example.com'] };
const grpcProps = (overrides: Partial<ModelServingProps> = {}) => irisProps({ gateway: GATEWAY, grpc: GRPC, ...overrides });

/** The three OIP model methods every public GRPCRoute rule matches, in order. */
const MODEL_METHODS = ['ModelReady', 'ModelMetadata', 'ModelInfer'].map((method) => ({ type: 'Exact', service: 'inference.GRPCInferenceService', method }));

const routes = (objects: K8sObject[], kind: string) => ofKind(objects, kind);
const rulesOf = (objects: K8sObject[], kind: string) => routes(objects, kind).flatMap((r) => r.spec.rules);
const weightsOf = (objects: K8sObject[], kind: string) => Object.fromEntries(
  rulesOf(objects, kind).find((r: any) => r.name === 'weighted').backendRefs.map((b: any) => [b.name, b.weight]));
const pinnedOf = (objects: K8sObject[], kind: string) => rulesOf(objects, kind).filter((r: any) => r.name.startsWith('pin-')).map((r: any) => r.backendRefs[0].name);
const shapeOf = (objects: K8sObject[], kind: string) => routes(objects, kind).map((r) => [r.metadata.name, r.spec.rules.length]);
const server = (objects: K8sObject[], name = 'iris-1-0-0') => find(objects, 'Deployment', name).spec.template.spec.containers[0];

describe('the grpc port on pods, Services and the NetworkPolicy', () => {
  const objects = synthModel(grpcProps());

  test('each server container declares the grpc port and gets GRPC_PORT', () => {
    for (const deployment of ofKind(objects, 'Deployment')) {
      const container = deployment.spec.template.spec.containers[0];
      expect(container.ports).toEqual([
        { name: 'http', containerPort: 8080, protocol: 'TCP' },
        { name: 'grpc', containerPort: 8081, protocol: 'TCP' },
        { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
      ]);
      expect(container.env).toContainEqual({ name: 'GRPC_PORT', value: '8081' });
    }
  });

  test('the per-version and stable Services expose it as h2c, next to http', () => {
    const grpcPort = { name: 'grpc', port: 8081, protocol: 'TCP', targetPort: 'grpc', appProtocol: 'kubernetes.io/h2c' };
    expect(find(objects, 'Service', 'iris').spec.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }, grpcPort]);
    for (const name of ['iris-1-0-0', 'iris-1-1-0']) {
      expect(find(objects, 'Service', name).spec.ports).toEqual([
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }, grpcPort, { name: 'metrics', port: 9090, protocol: 'TCP', targetPort: 'metrics' },
      ]);
    }
  });

  test('the NetworkPolicy admits grpc from the sources of http, by default any', () => {
    const [serving, metrics] = find(objects, 'NetworkPolicy', 'iris').spec.ingress;
    expect(serving).toEqual({ ports: [{ port: 'http', protocol: 'TCP' }, { port: 'grpc', protocol: 'TCP' }] });
    expect(metrics.ports).toEqual([{ port: 'metrics', protocol: 'TCP' }]);
  });

  test('narrowed to the router namespaces, grpc is narrowed with http', () => {
    const narrowed = synthModel(grpcProps({ networkPolicy: { routerNamespaces: ['envoy-gateway-system'] } }));
    const [serving] = find(narrowed, 'NetworkPolicy', 'iris').spec.ingress;
    expect(serving.ports).toEqual([{ port: 'http', protocol: 'TCP' }, { port: 'grpc', protocol: 'TCP' }]);
    expect(serving.from).toEqual([
      { podSelector: {} }, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } } },
    ]);
  });

  test('grpc.port moves the container port, GRPC_PORT, the Service ports and the GRPCRoute backends together', () => {
    const moved = synthModel(grpcProps({ grpc: { ...GRPC, port: 9000 } }));
    expect(server(moved).ports[1]).toEqual({ name: 'grpc', containerPort: 9000, protocol: 'TCP' });
    expect(server(moved).env).toContainEqual({ name: 'GRPC_PORT', value: '9000' });
    expect(find(moved, 'Service', 'iris').spec.ports[1].port).toBe(9000);
    expect(rulesOf(moved, 'GRPCRoute').flatMap((r: any) => r.backendRefs.map((b: any) => b.port))).toEqual([9000, 9000, 9000, 9000]);
  });

  test('without grpc nothing of it is written: no port, no GRPC_PORT, no GRPCRoute', () => {
    const plain = synthModel(irisProps({ gateway: GATEWAY }));
    expect(JSON.stringify(plain)).not.toMatch(/grpc|GRPC|h2c/);
  });

  test('without a router gRPC is in-cluster only: the ports, and no GRPCRoute', () => {
    const inCluster = synthModel(irisProps({ gateway: undefined, grpc: {}, versions: [version(0, 100)] }));
    expect(find(inCluster, 'Service', 'iris').spec.ports.map((p: any) => p.name)).toEqual(['http', 'grpc']);
    expect(ofKind(inCluster, 'GRPCRoute')).toHaveLength(0);
  });
});

describe('the GRPCRoute follows the HTTPRoute', () => {
  const objects = synthModel(grpcProps({ versions: [version(0, 90), version(1, 10), version(2, 0)] }));
  const route = find(objects, 'GRPCRoute', 'iris');

  test('gateway.networking.k8s.io/v1, on gateway.parentRefs by default, with its own hostnames, in the routes\' sync wave', () => {
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.spec.parentRefs).toEqual(find(objects, 'HTTPRoute', 'iris').spec.parentRefs);
    expect(route.spec.hostnames).toEqual(['grpc.iris.example.com']);
    expect(route.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '2' });
    expect(route.metadata.labels).toEqual(find(objects, 'HTTPRoute', 'iris').metadata.labels);
  });

  test('its weighted rule matches the OIP model methods only and carries the HTTPRoute\'s weights, 0 included, on the grpc port', () => {
    expect(route.spec.rules[0]).toEqual({
      name: 'weighted',
      matches: MODEL_METHODS.map((method) => ({ method })),
      backendRefs: [
        { name: 'iris-1-0-0', port: 8081, weight: 90 },
        { name: 'iris-1-1-0', port: 8081, weight: 10 },
        { name: 'iris-1-2-0', port: 8081, weight: 0 },
      ],
    });
    expect(weightsOf(objects, 'GRPCRoute')).toEqual(weightsOf(objects, 'HTTPRoute'));
  });

  test('a pin rule per version with traffic, on the version metadata header; the weight-0 version gets none', () => {
    expect(route.spec.rules.slice(1)).toEqual(['1.0.0', '1.1.0'].map((v) => ({
      name: `pin-${part(v)}`,
      matches: MODEL_METHODS.map((method) => ({ method, headers: [{ type: 'Exact', name: 'x-model-version', value: v }] })),
      backendRefs: [{ name: `iris-${part(v)}`, port: 8081 }],
    })));
    expect(pinnedOf(objects, 'GRPCRoute')).toEqual(pinnedOf(objects, 'HTTPRoute'));
  });

  test('nothing but the model methods is public: no server health, repository load/unload, grpc.health or reflection', () => {
    const methods = rulesOf(objects, 'GRPCRoute').flatMap((r: any) => r.matches.map((m: any) => `${m.method.service}/${m.method.method}`));
    expect(new Set(methods)).toEqual(new Set(['inference.GRPCInferenceService/ModelReady', 'inference.GRPCInferenceService/ModelMetadata',
      'inference.GRPCInferenceService/ModelInfer']));
  });

  test('the GRPCRoute passes the vendored GRPCRoute v1.6.1 CRD schema, which is really loaded and closed', () => {
    const validate = validatorFor('gateway.networking.k8s.io/v1', 'GRPCRoute');
    expect(validate).toBeDefined();
    expect(validate!(route)).toBe(true);
    const broken = structuredClone(route);
    broken.spec.rules[0].matches[0].method.verb = 'POST';
    expect(validate!(broken)).toBe(false);
  });

  test('gateway.versionHeader pins both routes', () => {
    const custom = synthModel(grpcProps({ gateway: { ...GATEWAY, versionHeader: 'x-iris-version' } }));
    expect(find(custom, 'GRPCRoute', 'iris').spec.rules[1].matches[0].headers).toEqual([{ type: 'Exact', name: 'x-iris-version', value: '1.0.0' }]);
    expect(find(custom, 'HTTPRoute', 'iris').spec.rules[1].matches[0].headers[0].name).toBe('x-iris-version');
  });

  test('mirror copies gRPC requests too: a RequestMirror filter to the version\'s grpc port', () => {
    const mirrored = synthModel(grpcProps({ versions: [version(0, 100), version(1, 0)], mirror: { version: '1.1.0', percent: 20 } }));
    expect(find(mirrored, 'GRPCRoute', 'iris').spec.rules[0].filters).toEqual([
      { type: 'RequestMirror', requestMirror: { backendRef: { name: 'iris-1-1-0', port: 8081 }, percent: 20 } },
    ]);
  });

  test('grpc.extraPublicMethods are added after the model methods to every rule, whole services or single methods', () => {
    const extra = synthModel(grpcProps({ grpc: { ...GRPC, extraPublicMethods: ['inference.GRPCInferenceService/ModelStreamInfer', 'grpc.reflection.v1.ServerReflection'] } }));
    const [weighted, pin] = find(extra, 'GRPCRoute', 'iris').spec.rules;
    const added = [{ type: 'Exact', service: 'inference.GRPCInferenceService', method: 'ModelStreamInfer' }, { type: 'Exact', service: 'grpc.reflection.v1.ServerReflection' }];
    expect(weighted.matches).toEqual([...MODEL_METHODS, ...added].map((method) => ({ method })));
    expect(pin.matches.slice(3).map((m: any) => m.method)).toEqual(added);
  });

  test('grpc.parentRefs attach the GRPCRoute elsewhere, e.g. a listener of its own with the HTTPRoute\'s hostname', () => {
    const own = synthModel(grpcProps({
      gateway: { parentRefs: [{ name: 'public', namespace: 'gateway-system', sectionName: 'https' }], hostnames: ['iris.example.com'] },
      grpc: { parentRefs: [{ name: 'public', namespace: 'gateway-system', sectionName: 'grpc' }] },
    }));
    expect(find(own, 'GRPCRoute', 'iris').spec).toMatchObject({ parentRefs: [{ name: 'public', namespace: 'gateway-system', sectionName: 'grpc' }] });
    expect(find(own, 'GRPCRoute', 'iris').spec.hostnames).toBeUndefined();
  });
});

describe('pinning and splitting parity with the HTTPRoute', () => {
  const cases: Array<[string, ModelVersionSpec[], Partial<ModelServingProps>?]> = [
    ['one version', [version(0, 100)]],
    ['a canary and a weight-0 release', [version(0, 90), version(1, 10), version(2, 0)]],
    ['a dark launch among weight-0 versions', [version(0, 100), version(1, 0), version(2, 0, { darkLaunch: true }), version(3, 0)]],
    ['everything moved to the last version', [version(0, 0), version(1, 0), version(2, 100)]],
    ['16 weighted versions (the backend limit)', Array.from({ length: 16 }, (_, n) => version(n, 1))],
    ['40 versions, 36 dark-launched', Array.from({ length: 40 }, (_, n) => version(n, n < 4 ? 25 : 0, n < 4 ? {} : { darkLaunch: true }))],
    ['17 versions, the 17th at weight 0 (left out of the weighted rules)', [version(0, 50), version(1, 50), ...Array.from({ length: 15 }, (_, n) => version(n + 2, 0))]],
  ];

  test.each(cases)('%s: same weights, same pinned versions in the same order, same routes', (_what, versions) => {
    const objects = synthModel(grpcProps({ versions }));
    expect(weightsOf(objects, 'GRPCRoute')).toEqual(weightsOf(objects, 'HTTPRoute'));
    expect(pinnedOf(objects, 'GRPCRoute')).toEqual(pinnedOf(objects, 'HTTPRoute'));
    expect(pinnedOf(objects, 'GRPCRoute')).toEqual(versions.filter((v) => (v.weight ?? 100) > 0 || v.darkLaunch).map((v) => `iris-${part(v.version)}`));
    expect(shapeOf(objects, 'GRPCRoute')).toEqual(shapeOf(objects, 'HTTPRoute'));
  });

  test('each route kind is packed by its own budget: extra public paths split the HTTPRoute earlier, every version stays pinned in both', () => {
    const extraPublicPaths = ['/docs', '/openapi.json', '/a', '/b', '/c', '/d', '/e', '/f'];
    const objects = synthModel(grpcProps({ extraPublicPaths, versions: Array.from({ length: 10 }, (_, n) => version(n, 1)) }));
    expect(shapeOf(objects, 'HTTPRoute')).toEqual([['iris', 9], ['iris-pinned-2', 2]]);
    expect(shapeOf(objects, 'GRPCRoute')).toEqual([['iris', 11]]);
    expect(pinnedOf(objects, 'GRPCRoute')).toEqual(pinnedOf(objects, 'HTTPRoute'));
  });

  test('8 extra public methods on 16 pinned versions fill the 128-match budget and spill like the HTTPRoute', () => {
    const extraPublicMethods = Array.from({ length: 8 }, (_, i) => `example.Extra${i}`);
    const objects = synthModel(grpcProps({ grpc: { ...GRPC, extraPublicMethods }, versions: Array.from({ length: 16 }, (_, n) => version(n, 1)) }));
    // 11 matches a rule: 11 rules make 121, a 12th would make 132.
    expect(shapeOf(objects, 'GRPCRoute')).toEqual([['iris', 11], ['iris-pinned-2', 6]]);
    for (const route of routes(objects, 'GRPCRoute')) {
      expect(route.spec.rules.reduce((sum: number, r: any) => sum + r.matches.length, 0)).toBeLessThanOrEqual(128);
    }
  });

  test('a weight step changes only the weight values, in the HTTPRoute and the GRPCRoute alike', () => {
    const before = JSON.stringify(synthModel(grpcProps({ versions: [version(0, 90), version(1, 10)] })), null, 1).split('\n');
    const after = JSON.stringify(synthModel(grpcProps({ versions: [version(0, 50), version(1, 50)] })), null, 1).split('\n');
    expect(before.filter((line, i) => line !== after[i]).map((l) => l.trim())).toEqual(['"weight": 90', '"weight": 10', '"weight": 90', '"weight": 10']);
  });
});

describe('grpc validation', () => {
  test.each([
    ['grpc with ingress alone', irisProps({ gateway: undefined, ingress: { host: 'iris.example.com', nginxCanary: true }, grpc: {} }),
      'grpc must be used with gateway, not with ingress alone: an Ingress cannot route gRPC by the versions\' weights and pins. Set gateway '
      + '(a GRPCRoute next to the HTTPRoute; ingress may stay for HTTP), or remove ingress to serve gRPC in the cluster only, but {} was provided'],
    ['GRPCRoute settings without gateway', irisProps({ gateway: undefined, versions: [version(0, 100)], grpc: { hostnames: ['grpc.iris.example.com'] } }),
      'grpc.hostnames must be used with gateway (it configures the GRPCRoute), but ["grpc.iris.example.com"] was provided'],
    ['the HTTPRoute\'s listener and every hostname', irisProps({ grpc: {} }),
      'grpc must give its GRPCRoute a hostname or listener the HTTPRoute does not use: Gateway API accepts only one of an HTTPRoute and a GRPCRoute '
      + 'that share a listener and a hostname, and rejects the other. Set grpc.hostnames (e.g. "iris-grpc.example.com"), or grpc.parentRefs to another '
      + 'listener (sectionName), but the GRPCRoute on every hostname and the HTTPRoute on every hostname, both attached to Gateway "gateway-system/public" was provided'],
    ['a hostname the HTTPRoute\'s wildcard covers', grpcProps({ gateway: { ...GATEWAY, hostnames: ['*.example.com'] }, grpc: { hostnames: ['grpc.example.com'] } }),
      'grpc must give its GRPCRoute a hostname or listener the HTTPRoute does not use: Gateway API accepts only one of an HTTPRoute and a GRPCRoute '
      + 'that share a listener and a hostname, and rejects the other. Set grpc.hostnames (e.g. "iris-grpc.example.com"), or grpc.parentRefs to another '
      + 'listener (sectionName), but the GRPCRoute on "grpc.example.com" and the HTTPRoute on "*.example.com", both attached to Gateway "gateway-system/public" was provided'],
    ['no listener named on one side (it attaches to all of them)', grpcProps({
      gateway: { parentRefs: [{ name: 'public', sectionName: 'https' }], hostnames: ['iris.example.com'] }, grpc: { parentRefs: [{ name: 'public' }] },
    }), 'grpc must give its GRPCRoute a hostname or listener the HTTPRoute does not use: Gateway API accepts only one of an HTTPRoute and a GRPCRoute '
      + 'that share a listener and a hostname, and rejects the other. Set grpc.hostnames (e.g. "grpc.iris.example.com"), or grpc.parentRefs to another '
      + 'listener (sectionName), but the GRPCRoute on every hostname and the HTTPRoute on "iris.example.com", both attached to Gateway "public" was provided'],
    ['grpc.port equal to port', grpcProps({ grpc: { ...GRPC, port: 8080 } }), 'grpc.port must differ from port (8080): gRPC needs a container and Service port of its own, but 8080 was provided'],
    ['grpc.port equal to metricsPort', grpcProps({ grpc: { ...GRPC, port: 9090 } }), 'grpc.port must differ from metricsPort (9090)'],
    ['grpc.port equal to servicePort', grpcProps({ servicePort: 8081 }), 'grpc.port must differ from servicePort (8081)'],
    ['grpc.port out of range', grpcProps({ grpc: { ...GRPC, port: 70000 } }), 'grpc.port must be an integer between 1 and 65535, but 70000 was provided'],
    ['a bad Gateway name', grpcProps({ grpc: { parentRefs: [{ name: 'Public GW' }] } }), 'grpc.parentRefs[0].name must be a Gateway name (DNS-1123 subdomain), but "Public GW" was provided'],
    ['an empty parentRefs', grpcProps({ grpc: { parentRefs: [] } }), 'grpc.parentRefs must list at least one Gateway, but [] was provided'],
    ['33 parentRefs', grpcProps({ grpc: { parentRefs: Array.from({ length: 33 }, (_, i) => ({ name: `gw-${i}` })) } }),
      'grpc.parentRefs must list at most 32 Gateways (a Gateway API route\'s limit), but 33 Gateways was provided'],
    ['17 hostnames', grpcProps({ grpc: { hostnames: Array.from({ length: 17 }, (_, i) => `grpc-${i}.example.com`) } }),
      'grpc.hostnames must list at most 16 hostnames (a Gateway API route\'s limit), but 17 hostnames was provided'],
    ['a bad hostname', grpcProps({ grpc: { hostnames: ['grpc://iris'] } }), 'grpc.hostnames[0] must be a lowercase host name without scheme or port, but "grpc://iris" was provided'],
    ['a method path instead of a method reference', grpcProps({ grpc: { ...GRPC, extraPublicMethods: ['/inference.GRPCInferenceService/ServerReady'] } }),
      'grpc.extraPublicMethods[0] must be a gRPC service or method, "package.Service" or "package.Service/Method" (e.g. "inference.GRPCInferenceService/ServerReady"), '
      + 'but "/inference.GRPCInferenceService/ServerReady" was provided'],
    ['an extra method that is routed already', grpcProps({ grpc: { ...GRPC, extraPublicMethods: ['inference.GRPCInferenceService/ModelInfer'] } }),
      'grpc.extraPublicMethods[0] must be a service or method the GRPCRoute does not match already (ModelReady, ModelMetadata and ModelInfer are always routed)'],
    ['too many extra methods', grpcProps({ grpc: { ...GRPC, extraPublicMethods: Array.from({ length: 9 }, (_, i) => `example.S${i}`) } }),
      'grpc.extraPublicMethods must list at most 8 services or methods (each one is repeated in every pin rule, and a Gateway API route holds at most 128 matches), but 9 entries was provided'],
    ['a reserved version header', grpcProps({ gateway: { ...GATEWAY, versionHeader: 'grpc-version' } }),
      'gateway.versionHeader must be plain gRPC metadata with grpc: not "grpc-…" (reserved by gRPC) nor "…-bin" (binary, sent base64-encoded, so it never equals a version), but "grpc-version" was provided'],
    ['a binary version header', grpcProps({ gateway: { ...GATEWAY, versionHeader: 'x-version-bin' } }), 'gateway.versionHeader must be plain gRPC metadata with grpc'],
    ['GRPC_PORT in env', grpcProps({ env: { GRPC_PORT: '9000' } }), 'env.GRPC_PORT must not be set: the construct sets'],
    ['grpc that is not an object', grpcProps({ grpc: true as never }), 'grpc must be an object of gRPC settings ({} for the defaults), but true was provided'],
  ])('%s', (_what, props, expected) => {
    expect(synthError(props)).toContain(`ModelServing "${props.modelName}": ${expected}`);
  });

  test('every problem at once', () => {
    const message = synthError(grpcProps({ grpc: { port: 8080, hostnames: ['Bad'], extraPublicMethods: ['not a method'] } }));
    expect(message.split('\n').map((line) => line.replace(/ must .*/, ''))).toEqual([
      'ModelServing "iris": grpc.port', 'ModelServing "iris": grpc.hostnames[0]', 'ModelServing "iris": grpc.extraPublicMethods[0]',
    ]);
  });
});

describe('two models\' routes competing for a listener and a hostname fail synth', () => {
  /** A chart holding `models`, as main.ts builds one per environment. */
  function chartOf(...models: ModelServingProps[]): Chart {
    const chart = new Chart(testApp(), 'production', { namespace: 'models' });
    for (const props of models) new ModelServing(chart, props.modelName, props);
    return chart;
  }
  /** The chart's validation messages: what app.synth() and synthFolders() refuse to write. */
  const chartErrors = (...models: ModelServingProps[]) => chartOf(...models).node.validate().join('\n');

  const wine = (overrides: Partial<ModelServingProps> = {}) => grpcProps({
    modelName: 'wine', versions: [version(0, 100)], gateway: { ...GATEWAY, hostnames: ['wine.example.com'] }, ...overrides,
  });

  test('two models\' GRPCRoutes on one hostname: the older would take both models\' requests', () => {
    const message = chartErrors(grpcProps(), wine());
    expect(message).toContain('ModelServing "wine" (production/wine, model "wine")\'s GRPCRoute "wine" and ModelServing "iris" (production/iris, model "iris")\'s '
      + 'GRPCRoute "iris" attach to a common Gateway listener with intersecting hostnames (grpc.iris.example.com and grpc.iris.example.com): a GRPCRoute '
      + 'cannot tell models apart (the model name is in the message body), so Gateway API merges them and the older route takes every request of both. '
      + 'Give each model\'s gRPC a hostname of its own (grpc.hostnames) or a listener of its own (grpc.parentRefs with a sectionName)');
  });

  test('one model\'s GRPCRoute on another model\'s HTTP hostname: Gateway API would reject one of the routes', () => {
    const message = chartErrors(grpcProps(), wine({ grpc: { hostnames: ['iris.example.com'] } }));
    expect(message).toContain('GRPCRoute "wine" and ModelServing "iris" (production/iris, model "iris")\'s HTTPRoute "iris" attach to a common Gateway listener');
    expect(message).toContain('Gateway API accepts only one of an HTTPRoute and a GRPCRoute that share a listener and a hostname');
  });

  test('app.synth() refuses such a chart before writing anything', () => {
    const chart = chartOf(grpcProps(), wine());
    expect(() => (chart.node.scope as App).synth()).toThrow('GRPCRoute cannot tell models apart');
  });

  test('a GRPCRoute on a listener of its own still competes with routes that name no listener (they attach to all)', () => {
    const rose = grpcProps({
      modelName: 'rose', versions: [version(0, 100)], grpc: { parentRefs: [{ name: 'public', namespace: 'gateway-system', sectionName: 'grpc' }] },
      gateway: { parentRefs: [{ name: 'public', namespace: 'gateway-system', sectionName: 'https' }], hostnames: ['rose.example.com'] },
    });
    expect(chartErrors(grpcProps(), rose)).toContain('ModelServing "rose" (production/rose, model "rose")\'s GRPCRoute "rose" and ModelServing "iris" '
      + '(production/iris, model "iris")\'s HTTPRoute "iris" attach to a common Gateway listener with intersecting hostnames (every hostname and iris.example.com)');
  });

  test('distinct hostnames, or distinct listeners, synthesize; so do two models\' HTTPRoutes on one hostname', () => {
    const https = { parentRefs: [{ name: 'public', namespace: 'gateway-system', sectionName: 'https' }], hostnames: ['models.example.com'] };
    const chart = chartOf(
      grpcProps({ gateway: https, grpc: { hostnames: ['grpc.iris.example.com'] } }),
      wine({ gateway: https, grpc: { hostnames: ['grpc.wine.example.com'] } }),
      grpcProps({
        modelName: 'rose', versions: [version(0, 100)], gateway: https,
        grpc: { parentRefs: [{ name: 'public', namespace: 'gateway-system', sectionName: 'rose-grpc' }] },
      }),
    );
    expect(chart.node.validate()).toEqual([]);
    expect(ofKind(Testing.synth(chart) as K8sObject[], 'GRPCRoute').map((r) => r.metadata.name)).toEqual(['iris', 'wine', 'rose']);
  });
});
