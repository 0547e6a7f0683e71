import { find, irisProps, synthModel } from '../support/synth';

const podSpec = (objects: any[], name = 'iris-1-0-0') => find(objects, 'Deployment', name).spec.template.spec;

describe('model pods: probes, draining and security', () => {
  const objects = synthModel(irisProps());
  const spec = podSpec(objects);
  const server = spec.containers[0];

  test('startup and readiness probe /v2/health/ready, liveness /v2/health/live, on the named port', () => {
    expect(server.startupProbe).toEqual({ httpGet: { path: '/v2/health/ready', port: 'http' }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 60 });
    expect(server.readinessProbe.httpGet).toEqual({ path: '/v2/health/ready', port: 'http' });
    expect(server.livenessProbe.httpGet).toEqual({ path: '/v2/health/live', port: 'http' });
  });

  test('termination grace covers drain delay plus the longest request, and the server is told both', () => {
    expect(spec.terminationGracePeriodSeconds).toBe(40);
    expect(server.env).toEqual(expect.arrayContaining([
      { name: 'DRAIN_DELAY_SECONDS', value: '5' }, { name: 'REQUEST_TIMEOUT_SECONDS', value: '30' },
      { name: 'MODEL_NAME', value: 'iris' }, { name: 'MODEL_VERSION', value: '1.0.0' },
    ]));
    const custom = podSpec(synthModel(irisProps({ drainDelaySeconds: 10, requestTimeoutSeconds: 60 })));
    expect(custom.terminationGracePeriodSeconds).toBe(75);
  });

  test('Pod Security "restricted": non-root uid, RuntimeDefault seccomp, no escalation, ALL capabilities dropped, read-only root', () => {
    expect(spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(server.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true });
    expect(server.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(spec.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '1Gi' } }]);
  });

  test('a dedicated ServiceAccount without a token, and no token in the pods', () => {
    expect(find(objects, 'ServiceAccount', 'iris').automountServiceAccountToken).toBe(false);
    expect(spec.serviceAccountName).toBe('iris');
    expect(spec.automountServiceAccountToken).toBe(false);
  });

  test('requests and limits always set, in canonical quantities', () => {
    expect(server.resources).toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
    const custom = podSpec(synthModel(irisProps({ resources: { cpu: '1000m', memory: '1024Mi', cpuLimit: '2000m' } })));
    expect(custom.containers[0].resources).toEqual({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } });
  });

  test('zero-downtime rollout by default: surge 1, unavailable 0', () => {
    const deployment = find(objects, 'Deployment', 'iris-1-0-0');
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(deployment.spec).toMatchObject({ minReadySeconds: 10, progressDeadlineSeconds: 600, revisionHistoryLimit: 5 });
  });

  test('pods spread across nodes per ReplicaSet; zones on request', () => {
    expect(spec.topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual(['kubernetes.io/hostname']);
    const zoned = podSpec(synthModel(irisProps({ placement: { spreadAcrossZones: true } })));
    expect(zoned.topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
  });
});
