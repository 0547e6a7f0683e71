import { irisProps, synthModel, ofKind, find } from '../support/synth';

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
