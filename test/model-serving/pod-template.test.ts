import { find, irisProps, ofKind, synthModel } from '../support/synth';

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

describe('disruption budgets and network policy', () => {
  const objects = synthModel(irisProps());

  test('a PDB only for versions that can run two or more pods, evicting unhealthy pods always', () => {
    expect(ofKind(objects, 'PodDisruptionBudget').map((p) => [p.metadata.name, p.spec])).toEqual([['iris-1-0-0', {
      maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'iris', 'app.kubernetes.io/version': '1.0.0' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow',
    }]]);
    const autoscaled = synthModel(irisProps({ autoscaling: { minReplicas: 1, maxReplicas: 3 } }));
    expect(ofKind(autoscaled, 'PodDisruptionBudget')).toHaveLength(2);
  });

  const metricsRule = { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 'metrics' }] };

  test('by default the NetworkPolicy admits http from any source (whatever runs the router), metrics only from Prometheus', () => {
    // The Gateway's own namespace is not assumed: with Envoy Gateway, Cilium or a cloud load balancer the proxies are elsewhere.
    expect(find(objects, 'NetworkPolicy', 'iris').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'iris' } },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 'http' }] }, metricsRule],
    });
    const withIngress = synthModel(irisProps({ gateway: undefined, ingress: { host: 'iris.example.com', nginxCanary: true } }));
    expect(find(withIngress, 'NetworkPolicy', 'iris').spec.ingress[0]).toEqual({ ports: [{ protocol: 'TCP', port: 'http' }] });
  });

  test('routerNamespaces and routerCidrs narrow http to them and the model\'s own namespace; metrics stays restricted', () => {
    const narrowed = synthModel(irisProps({ networkPolicy: { routerNamespaces: ['envoy-gateway-system'], routerCidrs: ['10.0.0.0/16', 'fd00::/8'], prometheusNamespace: 'observability' } }));
    expect(find(narrowed, 'NetworkPolicy', 'iris').spec.ingress).toEqual([
      {
        from: [
          { podSelector: {} },
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } } },
          { ipBlock: { cidr: '10.0.0.0/16' } },
          { ipBlock: { cidr: 'fd00::/8' } },
        ],
        ports: [{ protocol: 'TCP', port: 'http' }],
      },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } }], ports: [{ protocol: 'TCP', port: 'metrics' }] },
    ]);
  });
});

describe('GPUs and placement', () => {
  const gpu = (replicas: number) => synthModel(irisProps({
    resources: { gpu: 1 },
    placement: { nodeSelector: { 'nvidia.com/gpu.present': 'true' }, tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }], runtimeClassName: 'nvidia' },
    versions: [{ version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0', replicas }],
  }));

  test('GPU limits, node selector, tolerations and runtime class', () => {
    const spec = podSpec(gpu(2));
    expect(spec.containers[0].resources.limits['nvidia.com/gpu']).toBe(1);
    expect(spec.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(spec.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(spec.runtimeClassName).toBe('nvidia');
  });

  test('a GPU version never surges: one pod at a time with two or more replicas, Recreate with one', () => {
    expect(find(gpu(2), 'Deployment', 'iris-1-0-0').spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    expect(find(gpu(1), 'Deployment', 'iris-1-0-0').spec.strategy).toEqual({ type: 'Recreate' });
  });
});

describe('model artifacts from a URI', () => {
  const withUri = (modelUri: string, modelStorage = {}) => podSpec(synthModel(irisProps({
    modelStorage, versions: [{ version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0', modelUri }],
  })));

  test('s3:// is fetched by an init container into an emptyDir mounted read-only, with credentials from a Secret', () => {
    const spec = withUri('s3://models/iris/1.0.0', { credentialsSecretName: 'model-store' });
    expect(spec.initContainers).toHaveLength(1);
    expect(spec.initContainers[0]).toMatchObject({
      name: 'model-fetch', image: 'kserve/storage-initializer:v0.15.2', args: ['s3://models/iris/1.0.0', '/mnt/models'],
      env: [{ name: 'HOME', value: '/tmp' }], envFrom: [{ secretRef: { name: 'model-store' } }], securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false },
    });
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'model', mountPath: '/mnt/models', readOnly: true });
    expect(spec.containers[0].env).toContainEqual({ name: 'MODEL_DIR', value: '/mnt/models' });
    expect(spec.volumes).toContainEqual({ name: 'model', emptyDir: {} });
  });

  test('pvc:// mounts the claim read-only at the model path, without an init container', () => {
    const spec = withUri('pvc://model-store/iris/1.0.0');
    expect(spec.initContainers).toBeUndefined();
    expect(spec.volumes).toContainEqual({ name: 'model', persistentVolumeClaim: { claimName: 'model-store', readOnly: true } });
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'model', mountPath: '/mnt/models', readOnly: true, subPath: 'iris/1.0.0' });
  });

  test('gs:// with credentials mounts the Secret as a key file and points GOOGLE_APPLICATION_CREDENTIALS at it', () => {
    const spec = withUri('gs://models/iris/1.0.0', { credentialsSecretName: 'gcs-key' });
    const fetcher = spec.initContainers[0];
    expect(fetcher.env).toEqual([
      { name: 'HOME', value: '/tmp' },
      { name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/var/secrets/model-storage/gcloud-application-credentials.json' },
    ]);
    expect(fetcher.envFrom).toBeUndefined();
    expect(fetcher.volumeMounts).toContainEqual({ name: 'model-credentials', mountPath: '/var/secrets/model-storage', readOnly: true });
    expect(spec.volumes).toContainEqual({ name: 'model-credentials', secret: { secretName: 'gcs-key', defaultMode: 0o440 } });
    // Only the fetcher sees the key; the server never does.
    expect(JSON.stringify(spec.containers)).not.toContain('model-credentials');
  });

  test('gs:// honours a custom key name; without a Secret nothing is mounted (workload identity)', () => {
    expect(withUri('gs://models/iris', { credentialsSecretName: 'gcs-key', gcsCredentialsKey: 'key.json' }).initContainers[0].env)
      .toContainEqual({ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/var/secrets/model-storage/key.json' });
    const spec = withUri('gs://models/iris');
    expect(spec.initContainers[0].env).toEqual([{ name: 'HOME', value: '/tmp' }]);
    expect(spec.volumes.map((v: any) => v.name)).toEqual(['tmp', 'model']);
  });

  test('the model URI is recorded on the Deployment', () => {
    const objects = synthModel(irisProps({ versions: [{ version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0', modelUri: 'gs://bucket/iris' }] }));
    expect(find(objects, 'Deployment', 'iris-1-0-0').metadata.annotations!['model-serving.cdk8s.io/model-uri']).toBe('gs://bucket/iris');
  });
});

describe('Prometheus', () => {
  test('scrape annotations by default; a ServiceMonitor over the per-version Services on request', () => {
    const objects = synthModel(irisProps({ monitoring: { serviceMonitor: true } }));
    expect(find(objects, 'Deployment', 'iris-1-0-0').spec.template.metadata.annotations).toEqual({
      'prometheus.io/path': '/metrics', 'prometheus.io/port': '9090', 'prometheus.io/scrape': 'true',
    });
    expect(find(objects, 'ServiceMonitor', 'iris').spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'iris' }, matchExpressions: [{ key: 'app.kubernetes.io/version', operator: 'Exists' }] },
      endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }],
      targetLabels: ['app.kubernetes.io/version'],
    });
  });
});
