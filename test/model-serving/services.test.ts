import { irisProps, synthModel, find } from '../support/synth';

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
