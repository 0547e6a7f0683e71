import { ApiObject, Chart, Lazy, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { HttpRoute } from '../../imports/gateway-gateway.networking.k8s.io';
import { deploymentsScaledByHpa } from '../../lib/gitops/hpa-targets';
import { applySyncWaves, SYNC_WAVE_ANNOTATION, SYNC_WAVE_BY_KIND } from '../../lib/gitops/sync-waves';
import { GRPC_ROUTE_GVK } from '../../lib/model-serving/objects/grpc-route';
import { testApp } from '../support/synth';

const labels = { 'app.kubernetes.io/name': 'iris' };

/** One object of each kind the library emits, plus one kind the wave table does not know. */
function chartWithEveryKind(): Chart {
  const chart = new Chart(testApp(), 'production', { namespace: 'iris' });
  new k8s.KubeNamespace(chart, 'ns', { metadata: { name: 'iris' } });
  new k8s.KubeServiceAccount(chart, 'sa', { metadata: { name: 'iris' } });
  new k8s.KubeConfigMap(chart, 'cm', { metadata: { name: 'iris' }, data: { a: 'b' } });
  new k8s.KubeNetworkPolicy(chart, 'np', { metadata: { name: 'iris' }, spec: { podSelector: { matchLabels: labels } } });
  new k8s.KubeDeployment(chart, 'deploy', {
    metadata: { name: 'iris-1-0-0' },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 's', image: 'x:1' }] } } },
  });
  new k8s.KubeService(chart, 'svc', { metadata: { name: 'iris' }, spec: { selector: labels, ports: [{ port: 80 }] } });
  new k8s.KubeHorizontalPodAutoscalerV2(chart, 'hpa', {
    metadata: { name: 'iris-1-0-0' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'iris-1-0-0' }, maxReplicas: 4 },
  });
  new k8s.KubePodDisruptionBudget(chart, 'pdb', { metadata: { name: 'iris' }, spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: labels } } });
  new k8s.KubeIngress(chart, 'ingress', { metadata: { name: 'iris' }, spec: { defaultBackend: { service: { name: 'iris', port: { number: 80 } } } } });
  new HttpRoute(chart, 'route', { metadata: { name: 'iris' }, spec: { parentRefs: [{ name: 'gw' }] } });
  new ApiObject(chart, 'grpc-route', { ...GRPC_ROUTE_GVK, metadata: { name: 'iris' }, spec: { parentRefs: [{ name: 'gw' }] } });
  new k8s.KubeJob(chart, 'job', { metadata: { name: 'warmup' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'j', image: 'x:1' }] } } } });
  return chart;
}

function wavesByObject(chart: Chart): Record<string, string | undefined> {
  return Object.fromEntries(Testing.synth(chart).map((o) => [`${o.kind}/${o.metadata.name}`, o.metadata.annotations?.[SYNC_WAVE_ANNOTATION]]));
}

describe('applySyncWaves', () => {
  test('config before workloads, workloads before autoscaling, routes last; unknown kinds untouched', () => {
    const chart = chartWithEveryKind();
    applySyncWaves(chart);
    expect(wavesByObject(chart)).toEqual({
      'Namespace/iris': '-2',
      'ServiceAccount/iris': '-1',
      'ConfigMap/iris': '-1',
      'NetworkPolicy/iris': '-1',
      'Deployment/iris-1-0-0': '0',
      'Service/iris': '0',
      'HorizontalPodAutoscaler/iris-1-0-0': '1',
      'PodDisruptionBudget/iris': '1',
      'Ingress/iris': '2',
      'HTTPRoute/iris': '2',
      'GRPCRoute/iris': '2',
      'Job/warmup': undefined,
    });
  });

  test('an explicit wave is never overwritten, and is reported as explicit', () => {
    const chart = new Chart(testApp(), 'c');
    new k8s.KubeConfigMap(chart, 'late', { metadata: { name: 'late', annotations: { [SYNC_WAVE_ANNOTATION]: '5' } } });
    const cm = new k8s.KubeConfigMap(chart, 'added', { metadata: { name: 'added' } });
    cm.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, '3');
    new k8s.KubeConfigMap(chart, 'plain', { metadata: { name: 'plain' } });
    const lazy = new k8s.KubeConfigMap(chart, 'lazy', { metadata: { name: 'lazy' } });
    lazy.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, Lazy.any({ produce: () => '7' }));
    expect(applySyncWaves(chart)).toEqual([
      { kind: 'ConfigMap', name: 'late', wave: '5', explicit: true },
      { kind: 'ConfigMap', name: 'added', wave: '3', explicit: true },
      { kind: 'ConfigMap', name: 'plain', wave: '-1', explicit: false },
      { kind: 'ConfigMap', name: 'lazy', wave: '7', explicit: true },
    ]);
    expect(wavesByObject(chart)).toEqual({ 'ConfigMap/late': '5', 'ConfigMap/added': '3', 'ConfigMap/plain': '-1', 'ConfigMap/lazy': '7' });
  });

  test('calling it twice changes nothing', () => {
    const chart = chartWithEveryKind();
    applySyncWaves(chart);
    const once = Testing.synth(chart);
    applySyncWaves(chart);
    expect(Testing.synth(chart)).toEqual(once);
  });

  test('never writes Argo CD tracking metadata', () => {
    const chart = chartWithEveryKind();
    applySyncWaves(chart);
    for (const object of Testing.synth(chart)) {
      expect(Object.keys(object.metadata.annotations ?? {})).toEqual(object.kind === 'Job' ? [] : [SYNC_WAVE_ANNOTATION]);
      expect(object.metadata.labels?.['app.kubernetes.io/instance']).toBeUndefined();
    }
  });

  test('a custom table is honoured and a fractional wave is refused', () => {
    const chart = new Chart(testApp(), 'c');
    new ApiObject(chart, 'x', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    expect(() => applySyncWaves(chart, { ...SYNC_WAVE_BY_KIND, ConfigMap: 0.5 })).toThrow('applySyncWaves: waves.ConfigMap must be an integer, but 0.5 was provided');
    applySyncWaves(chart, { ConfigMap: 7 });
    expect(wavesByObject(chart)).toEqual({ 'ConfigMap/x': '7' });
  });
});

describe('deploymentsScaledByHpa', () => {
  test('finds the Deployments targeted by an HPA, sorted, ignoring other targets', () => {
    const chart = chartWithEveryKind();
    new k8s.KubeHorizontalPodAutoscalerV2(chart, 'hpa-a', {
      metadata: { name: 'a' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'iris-0-9-0' }, maxReplicas: 2 },
    });
    new k8s.KubeHorizontalPodAutoscalerV2(chart, 'hpa-sts', {
      metadata: { name: 'sts' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' }, maxReplicas: 2 },
    });
    expect(deploymentsScaledByHpa(chart)).toEqual(['iris-0-9-0', 'iris-1-0-0']);
    expect(deploymentsScaledByHpa(new Chart(testApp(), 'empty'))).toEqual([]);
  });
});
