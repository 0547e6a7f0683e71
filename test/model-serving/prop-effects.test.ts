/**
 * Every prop has an observable effect on what is synthesized. Each row sets one prop and reads one
 * thing from the objects; the test synthesizes the props with and without that prop and checks the
 * reading changes to the expected value — a prop that is silently dropped fails its row. A last test
 * walks the models.yaml schema (typed against the props, so it lists every prop) and fails when a
 * prop has no row.
 */
import type { ModelServingProps } from '../../lib';
import { MODELS_FILE_SCHEMA } from '../../lib/models-file/schema';
import { find, irisProps, K8sObject, ofKind, synthModel } from '../support/synth';

type Read = (objects: K8sObject[]) => unknown;
/** [prop path ("a.b", "versions[].c", "gateway.parentRefs[].d"), props that set it, reading, expected reading]. */
type Row = [string, ModelServingProps, Read, unknown];

const V1 = 'iris-1-0-0';
const pod = (o: K8sObject[], name = V1) => find(o, 'Deployment', name).spec.template.spec;
const server = (o: K8sObject[], name = V1) => pod(o, name).containers[0];
const env = (o: K8sObject[], variable: string, name = V1) => server(o, name).env.find((e: any) => e.name === variable)?.value;
const route = (o: K8sObject[]) => find(o, 'HTTPRoute', 'iris');
const grpcRoute = (o: K8sObject[]) => find(o, 'GRPCRoute', 'iris');
/** gRPC next to an HTTPRoute on its own hostname, so the GRPCRoute needs a hostname of its own (or another listener). */
const grpcProps = (grpc: object = {}) => irisProps({
  gateway: { parentRefs: [{ name: 'public', namespace: 'gateway-system' }], hostnames: ['iris.example.com'] },
  grpc: { hostnames: ['grpc.iris.example.com'], ...grpc },
});
const ingressProps = (extra: object = {}) => irisProps({
  gateway: undefined, versions: [{ version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0' }], ingress: { host: 'iris.example.com', ...extra },
});
const canaryProps = (extra: object = {}) => irisProps({ gateway: undefined, ingress: { host: 'iris.example.com', nginxCanary: true, ...extra } });
const fetched = (modelStorage: object = {}) => irisProps({
  versions: [{ version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0', modelUri: 's3://models/iris/1.0.0' }], modelStorage,
});
const scaled = (autoscaling: object) => irisProps({ autoscaling: { maxReplicas: 5, ...autoscaling } });
const hpaSpec = (o: K8sObject[]) => find(o, 'HorizontalPodAutoscaler', V1).spec;

const ROWS: Row[] = [
  ['modelName', irisProps({ modelName: 'wine' }), (o) => ofKind(o, 'Deployment').map((d) => d.metadata.name), ['wine-1-0-0', 'wine-1-1-0']],
  ['versions[].version', irisProps({ versions: [{ version: '2.0.0', image: 'ghcr.io/example/iris-server:2.0.0' }] }), (o) => ofKind(o, 'Deployment')[0].metadata.labels!['app.kubernetes.io/version'], '2.0.0'],
  ['versions[].image', irisProps(), (o) => server(o).image, 'ghcr.io/example/iris-server:1.0.0'],
  ['versions[].weight', irisProps(), (o) => route(o).spec.rules[0].backendRefs.map((b: any) => b.weight), [90, 10]],
  ['versions[].replicas', irisProps(), (o) => find(o, 'Deployment', V1).spec.replicas, 2],
  ['versions[].modelUri', fetched(), (o) => pod(o).initContainers?.[0].args, ['s3://models/iris/1.0.0', '/mnt/models']],
  ['versions[].resources', irisProps({ versions: [{ version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0', resources: { cpu: '2' } }] }), (o) => server(o).resources.requests.cpu, '2'],
  ...(['cpu', 'memory', 'cpuLimit', 'memoryLimit', 'gpu'] as const).map((field): Row => {
    const value = { cpu: '2', memory: '2Gi', cpuLimit: '3', memoryLimit: '3Gi', gpu: 1 }[field];
    const where = { cpu: 'requests.cpu', memory: 'requests.memory', cpuLimit: 'limits.cpu', memoryLimit: 'limits.memory', gpu: 'limits.nvidia.com/gpu' }[field];
    const [group, ...name] = where.split('.');
    return [`versions[].resources.${field}`, irisProps({ versions: [{ version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0', resources: { [field]: value } }] }),
      (o) => server(o).resources[group][name.join('.')], value];
  }),
  ['versions[].darkLaunch', irisProps({ versions: [
    { version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0', weight: 100 },
    { version: '1.1.0', image: 'ghcr.io/example/iris-server:1.1.0', weight: 0, darkLaunch: true },
  ] }), (o) => route(o).spec.rules.map((r: any) => r.name), ['weighted', 'pin-1-0-0', 'pin-1-1-0']],
  ['versions[].env', irisProps({ versions: [{ version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0', env: { THREADS: '4' } }] }), (o) => env(o, 'THREADS'), '4'],
  ['port', irisProps({ port: 9000 }), (o) => server(o).ports[0].containerPort, 9000],
  ['metricsPort', irisProps({ metricsPort: 9100 }), (o) => server(o).ports[1].containerPort, 9100],
  ['servicePort', irisProps({ servicePort: 8000 }), (o) => find(o, 'Service', 'iris').spec.ports[0].port, 8000],
  ['serviceType', irisProps({ serviceType: 'LoadBalancer' }), (o) => find(o, 'Service', 'iris').spec.type, 'LoadBalancer'],
  ['resources', irisProps({ resources: { cpu: '1' } }), (o) => server(o).resources.requests.cpu, '1'],
  ['resources.cpu', irisProps({ resources: { cpu: '1' } }), (o) => server(o).resources.requests.cpu, '1'],
  ['resources.memory', irisProps({ resources: { memory: '1Gi' } }), (o) => server(o).resources.requests.memory, '1Gi'],
  ['resources.cpuLimit', irisProps({ resources: { cpuLimit: '2' } }), (o) => server(o).resources.limits.cpu, '2'],
  ['resources.memoryLimit', irisProps({ resources: { memoryLimit: '1Gi' } }), (o) => server(o).resources.limits.memory, '1Gi'],
  ['resources.gpu', irisProps({ resources: { gpu: 1 } }), (o) => server(o).resources.limits['nvidia.com/gpu'], 1],
  ['ingress', ingressProps(), (o) => ofKind(o, 'Ingress').length, 1],
  ['ingress.host', ingressProps(), (o) => find(o, 'Ingress', 'iris').spec.rules[0].host, 'iris.example.com'],
  ['ingress.path', ingressProps({ path: '/iris' }), (o) => find(o, 'Ingress', 'iris').spec.rules[0].http.paths[0].path, '/iris'],
  ['ingress.tlsSecretName', ingressProps({ tlsSecretName: 'iris-tls' }), (o) => find(o, 'Ingress', 'iris').spec.tls, [{ hosts: ['iris.example.com'], secretName: 'iris-tls' }]],
  ['ingress.className', ingressProps({ className: 'internal' }), (o) => find(o, 'Ingress', 'iris').spec.ingressClassName, 'internal'],
  ['ingress.annotations', ingressProps({ annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } }), (o) => find(o, 'Ingress', 'iris').metadata.annotations?.['cert-manager.io/cluster-issuer'], 'letsencrypt'],
  ['ingress.nginxCanary', canaryProps(), (o) => find(o, 'Ingress', 'iris-canary').metadata.annotations?.['nginx.ingress.kubernetes.io/canary-weight'], '10'],
  ['gateway', irisProps(), (o) => ofKind(o, 'HTTPRoute').length, 1],
  ['gateway.parentRefs', irisProps({ gateway: { parentRefs: [{ name: 'a' }, { name: 'b' }] } }), (o) => route(o).spec.parentRefs, [{ name: 'a' }, { name: 'b' }]],
  ['gateway.parentRefs[].name', irisProps({ gateway: { parentRefs: [{ name: 'internal' }] } }), (o) => route(o).spec.parentRefs[0].name, 'internal'],
  ['gateway.parentRefs[].namespace', irisProps(), (o) => route(o).spec.parentRefs[0].namespace, 'gateway-system'],
  ['gateway.parentRefs[].sectionName', irisProps({ gateway: { parentRefs: [{ name: 'public', sectionName: 'https' }] } }), (o) => route(o).spec.parentRefs[0].sectionName, 'https'],
  ['gateway.hostnames', irisProps({ gateway: { parentRefs: [{ name: 'public' }], hostnames: ['iris.example.com'] } }), (o) => route(o).spec.hostnames, ['iris.example.com']],
  ['gateway.versionHeader', irisProps({ gateway: { parentRefs: [{ name: 'public' }], versionHeader: 'x-iris-version' } }), (o) => route(o).spec.rules[1].matches[0].headers[0].name, 'x-iris-version'],
  ['grpc', grpcProps(), (o) => ofKind(o, 'GRPCRoute').length, 1],
  ['grpc.port', grpcProps({ port: 9000 }), (o) => server(o).ports.find((p: any) => p.name === 'grpc')?.containerPort, 9000],
  ['grpc.parentRefs', grpcProps({ parentRefs: [{ name: 'grpc-gateway' }] }), (o) => grpcRoute(o).spec.parentRefs, [{ name: 'grpc-gateway' }]],
  ['grpc.parentRefs[].name', grpcProps({ parentRefs: [{ name: 'grpc-gateway' }] }), (o) => grpcRoute(o).spec.parentRefs[0].name, 'grpc-gateway'],
  ['grpc.parentRefs[].namespace', grpcProps({ parentRefs: [{ name: 'public', namespace: 'grpc-system' }] }), (o) => grpcRoute(o).spec.parentRefs[0].namespace, 'grpc-system'],
  ['grpc.parentRefs[].sectionName', grpcProps({ parentRefs: [{ name: 'public', sectionName: 'grpc' }] }), (o) => grpcRoute(o).spec.parentRefs[0].sectionName, 'grpc'],
  ['grpc.hostnames', grpcProps(), (o) => grpcRoute(o).spec.hostnames, ['grpc.iris.example.com']],
  ['grpc.extraPublicMethods', grpcProps({ extraPublicMethods: ['grpc.reflection.v1.ServerReflection'] }),
    (o) => grpcRoute(o).spec.rules[0].matches.some((m: any) => m.method.service === 'grpc.reflection.v1.ServerReflection'), true],
  ['extraPublicPaths', irisProps({ extraPublicPaths: ['/docs'] }),
    (o) => route(o).spec.rules[0].matches.some((m: any) => m.path?.value === '/docs'), true],
  ['mirror', irisProps({ mirror: { version: '1.1.0' } }), (o) => route(o).spec.rules[0].filters?.[0].requestMirror.backendRef.name, 'iris-1-1-0'],
  ['mirror.version', irisProps({ mirror: { version: '1.1.0' } }), (o) => route(o).spec.rules[0].filters?.[0].requestMirror.backendRef.name, 'iris-1-1-0'],
  ['mirror.percent', irisProps({ mirror: { version: '1.1.0', percent: 5 } }), (o) => route(o).spec.rules[0].filters[0].requestMirror.percent, 5],
  ['autoscaling', scaled({}), (o) => ofKind(o, 'HorizontalPodAutoscaler').length, 2],
  ['autoscaling.minReplicas', irisProps({ versions: [{ version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0' }], autoscaling: { maxReplicas: 5, minReplicas: 3 } }), (o) => hpaSpec(o).minReplicas, 3],
  ['autoscaling.maxReplicas', scaled({}), (o) => hpaSpec(o).maxReplicas, 5],
  ['autoscaling.targetCpuUtilizationPercent', scaled({ targetCpuUtilizationPercent: 50 }), (o) => hpaSpec(o).metrics[0].resource.target.averageUtilization, 50],
  ['autoscaling.targetMemoryUtilizationPercent', scaled({ targetMemoryUtilizationPercent: 80 }), (o) => hpaSpec(o).metrics[1]?.resource, { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } }],
  ['autoscaling.scaleDownStabilizationSeconds', scaled({ scaleDownStabilizationSeconds: 60 }), (o) => hpaSpec(o).behavior.scaleDown.stabilizationWindowSeconds, 60],
  ['disruptionBudget', irisProps({ disruptionBudget: { enabled: false } }), (o) => ofKind(o, 'PodDisruptionBudget').length, 0],
  ['disruptionBudget.enabled', irisProps({ disruptionBudget: { enabled: false } }), (o) => ofKind(o, 'PodDisruptionBudget').length, 0],
  ['disruptionBudget.maxUnavailable', irisProps({ disruptionBudget: { maxUnavailable: 2 } }), (o) => find(o, 'PodDisruptionBudget', V1).spec.maxUnavailable, 2],
  ['rollout', irisProps({ rollout: { maxSurge: 2 } }), (o) => find(o, 'Deployment', V1).spec.strategy.rollingUpdate.maxSurge, 2],
  ['rollout.maxSurge', irisProps({ rollout: { maxSurge: 2 } }), (o) => find(o, 'Deployment', V1).spec.strategy.rollingUpdate.maxSurge, 2],
  ['rollout.maxUnavailable', irisProps({ rollout: { maxUnavailable: 1 } }), (o) => find(o, 'Deployment', V1).spec.strategy.rollingUpdate.maxUnavailable, 1],
  ['rollout.minReadySeconds', irisProps({ rollout: { minReadySeconds: 30 } }), (o) => find(o, 'Deployment', V1).spec.minReadySeconds, 30],
  ['rollout.progressDeadlineSeconds', irisProps({ rollout: { progressDeadlineSeconds: 900 } }), (o) => find(o, 'Deployment', V1).spec.progressDeadlineSeconds, 900],
  ['rollout.revisionHistoryLimit', irisProps({ rollout: { revisionHistoryLimit: 2 } }), (o) => find(o, 'Deployment', V1).spec.revisionHistoryLimit, 2],
  ['probes', irisProps({ probes: { readinessPath: '/ready' } }), (o) => server(o).readinessProbe.httpGet.path, '/ready'],
  ['probes.readinessPath', irisProps({ probes: { readinessPath: '/ready' } }), (o) => [server(o).startupProbe.httpGet.path, server(o).readinessProbe.httpGet.path], ['/ready', '/ready']],
  ['probes.livenessPath', irisProps({ probes: { livenessPath: '/alive' } }), (o) => server(o).livenessProbe.httpGet.path, '/alive'],
  ['probes.startupTimeoutSeconds', irisProps({ probes: { startupTimeoutSeconds: 600 } }), (o) => server(o).startupProbe.failureThreshold, 120],
  ['drainDelaySeconds', irisProps({ drainDelaySeconds: 10 }), (o) => [env(o, 'DRAIN_DELAY_SECONDS'), pod(o).terminationGracePeriodSeconds], ['10', 45]],
  ['requestTimeoutSeconds', irisProps({ requestTimeoutSeconds: 60 }), (o) => pod(o).terminationGracePeriodSeconds, 70],
  ['security', irisProps({ security: { runAsUser: 1000 } }), (o) => pod(o).securityContext.runAsUser, 1000],
  ['security.runAsUser', irisProps({ security: { runAsUser: 1000 } }), (o) => pod(o).securityContext.runAsUser, 1000],
  ['security.runAsGroup', irisProps({ security: { runAsGroup: 1000 } }), (o) => [pod(o).securityContext.runAsGroup, pod(o).securityContext.fsGroup], [1000, 1000]],
  ['security.readOnlyRootFilesystem', irisProps({ security: { readOnlyRootFilesystem: false } }), (o) => server(o).securityContext.readOnlyRootFilesystem, false],
  ['security.serviceAccountName', irisProps({ security: { serviceAccountName: 'models-reader' } }),
    (o) => [pod(o).serviceAccountName, ofKind(o, 'ServiceAccount').length], ['models-reader', 0]],
  ['networkPolicy', irisProps({ networkPolicy: { enabled: false } }), (o) => ofKind(o, 'NetworkPolicy').length, 0],
  ['networkPolicy.enabled', irisProps({ networkPolicy: { enabled: false } }), (o) => ofKind(o, 'NetworkPolicy').length, 0],
  ['networkPolicy.routerNamespaces', irisProps({ networkPolicy: { routerNamespaces: ['envoy-gateway-system'] } }),
    (o) => find(o, 'NetworkPolicy', 'iris').spec.ingress[0].from?.[1].namespaceSelector.matchLabels['kubernetes.io/metadata.name'], 'envoy-gateway-system'],
  ['networkPolicy.routerCidrs', irisProps({ networkPolicy: { routerCidrs: ['10.0.0.0/8'] } }),
    (o) => find(o, 'NetworkPolicy', 'iris').spec.ingress[0].from?.find((peer: any) => peer.ipBlock)?.ipBlock.cidr, '10.0.0.0/8'],
  ['networkPolicy.prometheusNamespace', irisProps({ networkPolicy: { prometheusNamespace: 'observability' } }),
    (o) => find(o, 'NetworkPolicy', 'iris').spec.ingress[1].from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'], 'observability'],
  ['placement', irisProps({ placement: { priorityClassName: 'models' } }), (o) => pod(o).priorityClassName, 'models'],
  ['placement.nodeSelector', irisProps({ placement: { nodeSelector: { pool: 'gpu' } } }), (o) => pod(o).nodeSelector, { pool: 'gpu' }],
  ['placement.tolerations', irisProps({ placement: { tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] } }), (o) => pod(o).tolerations, [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }]],
  ['placement.runtimeClassName', irisProps({ placement: { runtimeClassName: 'nvidia' } }), (o) => pod(o).runtimeClassName, 'nvidia'],
  ['placement.spreadAcrossZones', irisProps({ placement: { spreadAcrossZones: true } }), (o) => pod(o).topologySpreadConstraints.length, 2],
  ['placement.imagePullSecrets', irisProps({ placement: { imagePullSecrets: ['registry'] } }), (o) => pod(o).imagePullSecrets, [{ name: 'registry' }]],
  ['placement.priorityClassName', irisProps({ placement: { priorityClassName: 'models' } }), (o) => pod(o).priorityClassName, 'models'],
  ['modelStorage', fetched({ mountPath: '/models' }), (o) => env(o, 'MODEL_DIR'), '/models'],
  ['modelStorage.fetchImage', fetched({ fetchImage: 'ghcr.io/example/fetch:1.0' }), (o) => pod(o).initContainers[0].image, 'ghcr.io/example/fetch:1.0'],
  ['modelStorage.credentialsSecretName', fetched({ credentialsSecretName: 's3-credentials' }), (o) => JSON.stringify(pod(o)).includes('s3-credentials'), true],
  ['modelStorage.gcsCredentialsKey', irisProps({
    versions: [{ version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0', modelUri: 'gs://models/iris/1.0.0' }],
    modelStorage: { credentialsSecretName: 'gcs-key', gcsCredentialsKey: 'key.json' },
  }), (o) => pod(o).initContainers[0].env.find((e: any) => e.name === 'GOOGLE_APPLICATION_CREDENTIALS')?.value.endsWith('/key.json'), true],
  ['modelStorage.mountPath', fetched({ mountPath: '/models' }), (o) => env(o, 'MODEL_DIR'), '/models'],
  ['modelStorage.sizeLimit', fetched({ sizeLimit: '10Gi' }), (o) => pod(o).volumes.find((v: any) => v.name === 'model').emptyDir, { sizeLimit: '10Gi' }],
  ['monitoring', irisProps({ monitoring: { serviceMonitor: true } }), (o) => ofKind(o, 'ServiceMonitor').length, 1],
  ['monitoring.scrapeAnnotations', irisProps({ monitoring: { scrapeAnnotations: false } }), (o) => find(o, 'Deployment', V1).spec.template.metadata.annotations, undefined],
  ['monitoring.serviceMonitor', irisProps({ monitoring: { serviceMonitor: true } }), (o) => ofKind(o, 'ServiceMonitor').length, 1],
  ...promRuleRows(),
  ['monitoring.interval', irisProps({ monitoring: { serviceMonitor: true, interval: '10s' } }), (o) => find(o, 'ServiceMonitor', 'iris').spec.endpoints[0].interval, '10s'],
  ['env', irisProps({ env: { THREADS: '2' } }), (o) => [env(o, 'THREADS'), env(o, 'THREADS', 'iris-1-1-0')], ['2', '2']],
  ['allowMutableImageTags', irisProps({ allowMutableImageTags: true, versions: [{ version: '1.0.0', image: 'ghcr.io/example/iris-server:latest' }] }), (o) => server(o).image, 'ghcr.io/example/iris-server:latest'],
  ['syncWaves', irisProps({ syncWaves: false }), (o) => find(o, 'Deployment', V1).metadata.annotations?.['argocd.argoproj.io/sync-wave'], undefined],
  ['partOf', irisProps({ partOf: 'fraud-detection' }), (o) => o.map((x) => x.metadata.labels?.['app.kubernetes.io/part-of']), expect.arrayContaining(['fraud-detection'])],
  ['labels', irisProps({ labels: { team: 'ml-platform' } }), (o) => o.every((x) => x.metadata.labels?.team === 'ml-platform'), true],
];

/** The PrometheusRule's alerting rules, with `prometheusRule` set to `options`. */
function promRuleRows(): Row[] {
  const rules = (o: K8sObject[]) => find(o, 'PrometheusRule', 'iris').spec.groups[0].rules;
  const withRule = (options: object) => irisProps({ monitoring: { prometheusRule: options } });
  return [
    ['monitoring.prometheusRule', withRule({}), (o) => ofKind(o, 'PrometheusRule').length, 1],
    ['monitoring.prometheusRule.window', withRule({ window: '10m' }), (o) => rules(o)[0].expr.includes('[10m]'), true],
    ['monitoring.prometheusRule.for', withRule({ for: '15m' }), (o) => rules(o)[0].for, '15m'],
    ['monitoring.prometheusRule.maxErrorRatio', withRule({ maxErrorRatio: 0.05 }), (o) => rules(o)[0].expr.includes('> 0.05)'), true],
    ['monitoring.prometheusRule.maxLatencySeconds', withRule({ maxLatencySeconds: 2 }), (o) => rules(o)[1].expr.includes('> 2)'), true],
    ['monitoring.prometheusRule.minRequests', withRule({ minRequests: 1000 }), (o) => rules(o)[0].expr.includes('>= 1000)'), true],
    ['monitoring.prometheusRule.severity', withRule({ severity: 'critical' }), (o) => rules(o)[0].labels.severity, 'critical'],
  ];
}

/** `props` without the prop at `path` (in every element of a list segment `[]`). */
function without(props: ModelServingProps, path: string): ModelServingProps {
  const copy = JSON.parse(JSON.stringify(props));
  const remove = (node: any, segments: string[]): void => {
    if (node === undefined || node === null) return;
    const [head, ...rest] = segments;
    const list = head.endsWith('[]');
    const key = list ? head.slice(0, -2) : head;
    if (rest.length === 0) {
      delete node[key];
      return;
    }
    if (list) (node[key] ?? []).forEach((item: any) => remove(item, rest));
    else remove(node[key], rest);
  };
  remove(copy, path.split('.'));
  return copy;
}

/** What `read` sees, or the error synth threw (a prop whose absence is invalid still has an effect). */
function observe(props: ModelServingProps, read: Read, path: string): unknown {
  let objects: K8sObject[];
  try {
    // A writable root filesystem is outside the project's pod policy, which the checker enforces.
    objects = synthModel(props, { checkManifests: path !== 'security.readOnlyRootFilesystem' });
  } catch (error) {
    return `synth failed: ${(error as Error).message}`;
  }
  return read(objects);
}

describe('every prop changes what is synthesized', () => {
  test.each(ROWS)('%s', (path, props, read, expected) => {
    const withProp = observe(props, read, path);
    expect(withProp).toEqual(expected);
    expect(observe(without(props, path), read, path)).not.toEqual(withProp);
  });
});

/** Every prop path of the models.yaml schema: the settings of a model and the fields of a version. */
function schemaPropPaths(): string[] {
  const model = (MODELS_FILE_SCHEMA as any).properties.models.additionalProperties;
  const paths: string[] = [];
  const walk = (properties: Record<string, any>, prefix: string) => {
    for (const [key, schema] of Object.entries(properties)) {
      const path = `${prefix}${key}`;
      paths.push(path);
      if (schema.properties) walk(schema.properties, `${path}.`);
      if (schema.type === 'array' && schema.items?.properties && key !== 'tolerations') walk(schema.items.properties, `${path}[].`);
    }
  };
  // `canary` is read by the CLI's advance, not a ModelServing prop (docs/progressive-delivery.md).
  const { environments: _environments, canary: _canary, ...settings } = model.properties;
  walk(settings, '');
  walk(model.properties.environments.additionalProperties.properties.versions.items.properties, 'versions[].');
  return paths;
}

test('every prop of ModelServingProps has a row above', () => {
  const covered = new Set(ROWS.map(([path]) => path));
  expect(schemaPropPaths().filter((path) => !covered.has(path))).toEqual([]);
});
