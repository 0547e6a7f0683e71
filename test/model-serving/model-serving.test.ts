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
