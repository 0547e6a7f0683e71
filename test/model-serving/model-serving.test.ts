import { irisProps, synthModel, ofKind, find } from '../support/synth';

describe('ModelServing: the objects of the iris sample', () => {
  const objects = synthModel(irisProps({
    ingress: { host: 'iris.example.com', path: '/', tlsSecretName: 'iris-tls', className: 'nginx', nginxCanary: true },
  }));

  test('a Deployment and a Service per version, a stable Service, readable names without hashes', () => {
    expect(ofKind(objects, 'Deployment').map((o) => o.metadata.name)).toEqual(['iris-1-0-0', 'iris-1-1-0']);
    expect(ofKind(objects, 'Service').map((o) => o.metadata.name).sort()).toEqual(['iris', 'iris-1-0-0', 'iris-1-1-0']);
    for (const o of objects) expect(o.metadata.name).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
  });

  test('every object is in the chart namespace and carries the recommended labels', () => {
    for (const o of objects) {
      expect(o.metadata.namespace).toBe('models');
      expect(o.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'iris',
        'app.kubernetes.io/component': 'model-server',
        'app.kubernetes.io/part-of': 'model-serving',
        'app.kubernetes.io/managed-by': 'cdk8s-model-serving',
      });
    }
  });

  test('per-version objects and pod templates carry the version label; the image is annotated', () => {
    const deployment = find(objects, 'Deployment', 'iris-1-1-0');
    expect(deployment.metadata.labels!['app.kubernetes.io/version']).toBe('1.1.0');
    expect(deployment.spec.template.metadata.labels['app.kubernetes.io/version']).toBe('1.1.0');
    expect(deployment.metadata.annotations).toEqual({ 'model-serving.cdk8s.io/image': 'ghcr.io/example/iris-server:1.1.0', 'argocd.argoproj.io/sync-wave': '0' });
    expect(deployment.spec.template.spec.containers[0].image).toBe('ghcr.io/example/iris-server:1.1.0');
  });

  test('selectors are minimal: name (+ version), never a construct path or hash', () => {
    expect(find(objects, 'Deployment', 'iris-1-0-0').spec.selector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'iris', 'app.kubernetes.io/version': '1.0.0' },
    });
    expect(find(objects, 'Service', 'iris-1-0-0').spec.selector).toEqual({ 'app.kubernetes.io/name': 'iris', 'app.kubernetes.io/version': '1.0.0' });
    expect(find(objects, 'Service', 'iris').spec.selector).toEqual({ 'app.kubernetes.io/name': 'iris' });
    expect(JSON.stringify(objects)).not.toMatch(/cdk8s\.io\/metadata|c8[0-9a-f]{6}/);
  });

  test('replicas are the declared ones without autoscaling', () => {
    expect(find(objects, 'Deployment', 'iris-1-0-0').spec.replicas).toBe(2);
    expect(find(objects, 'Deployment', 'iris-1-1-0').spec.replicas).toBe(1);
    expect(ofKind(objects, 'HorizontalPodAutoscaler')).toHaveLength(0);
  });

  test('the stable Service forwards the service port to the named http port', () => {
    expect(find(objects, 'Service', 'iris').spec).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'iris' },
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }],
    });
  });

  test('the Ingress has host, path, class and TLS', () => {
    const ingress = find(objects, 'Ingress', 'iris');
    expect(ingress.apiVersion).toBe('networking.k8s.io/v1');
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['iris.example.com'], secretName: 'iris-tls' }],
      rules: [{ host: 'iris.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'iris-1-0-0', port: { number: 80 } } } }] } }],
    });
  });
});

describe('ModelServing: Argo CD sync waves', () => {
  test('identity and policy first, workloads next, scaling after, routes last; never a tracking id', () => {
    const objects = synthModel(irisProps({ autoscaling: { maxReplicas: 3 } }));
    const waves = Object.fromEntries(objects.map((o) => [o.kind, o.metadata.annotations?.['argocd.argoproj.io/sync-wave']]));
    expect(waves).toEqual({
      ServiceAccount: '-1', NetworkPolicy: '-1', Deployment: '0', Service: '0', HorizontalPodAutoscaler: '1', PodDisruptionBudget: '1', HTTPRoute: '2',
    });
    expect(JSON.stringify(objects)).not.toContain('tracking-id');
  });

  test('syncWaves: false leaves them out', () => {
    const objects = synthModel(irisProps({ syncWaves: false }));
    expect(JSON.stringify(objects)).not.toContain('sync-wave');
  });
});

describe('ModelServing: autoscaling', () => {
  const objects = synthModel(irisProps({ autoscaling: { minReplicas: 2, maxReplicas: 10, targetCpuUtilizationPercent: 70 } }));

  test('one autoscaling/v2 HPA per version Deployment, and no spec.replicas on it', () => {
    const hpas = ofKind(objects, 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => [h.apiVersion, h.metadata.name, h.spec.scaleTargetRef.name])).toEqual([
      ['autoscaling/v2', 'iris-1-0-0', 'iris-1-0-0'],
      ['autoscaling/v2', 'iris-1-1-0', 'iris-1-1-0'],
    ]);
    for (const d of ofKind(objects, 'Deployment')) expect(d.spec).not.toHaveProperty('replicas');
  });

  test("a version's replicas become its HPA minimum; the CPU target is honoured", () => {
    const canary = find(objects, 'HorizontalPodAutoscaler', 'iris-1-1-0');
    expect(canary.spec.minReplicas).toBe(1);
    expect(canary.spec.maxReplicas).toBe(10);
    expect(canary.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
  });

  test('a version scaled to zero keeps replicas: 0 and gets no HPA', () => {
    const scaled = synthModel(irisProps({
      autoscaling: { maxReplicas: 4 },
      versions: [
        { version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0', weight: 100 },
        { version: '0.9.0', image: 'ghcr.io/example/iris-server:0.9.0', weight: 0, replicas: 0 },
      ],
    }));
    expect(find(scaled, 'Deployment', 'iris-0-9-0').spec.replicas).toBe(0);
    expect(ofKind(scaled, 'HorizontalPodAutoscaler').map((h) => h.metadata.name)).toEqual(['iris-1-0-0']);
  });
});

describe('ModelServing: service types and ports', () => {
  test.each(['LoadBalancer', 'NodePort'] as const)('serviceType %s applies to the stable Service only', (serviceType) => {
    const objects = synthModel(irisProps({ serviceType }));
    expect(find(objects, 'Service', 'iris').spec.type).toBe(serviceType);
    expect(find(objects, 'Service', 'iris-1-0-0').spec.type).toBe('ClusterIP');
  });

  test('custom ports flow to container, env, Services and routes', () => {
    const objects = synthModel(irisProps({ port: 9000, metricsPort: 9100, servicePort: 8000 }));
    const container = find(objects, 'Deployment', 'iris-1-0-0').spec.template.spec.containers[0];
    expect(container.ports).toEqual([
      { name: 'http', containerPort: 9000, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9100, protocol: 'TCP' },
    ]);
    expect(container.env).toEqual(expect.arrayContaining([{ name: 'PORT', value: '9000' }, { name: 'METRICS_PORT', value: '9100' }]));
    expect(find(objects, 'Service', 'iris-1-0-0').spec.ports[0]).toEqual({ name: 'http', port: 8000, protocol: 'TCP', targetPort: 'http' });
    expect(find(objects, 'HTTPRoute', 'iris').spec.rules[0].backendRefs[0].port).toBe(8000);
  });
});
