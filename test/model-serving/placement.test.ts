import { find, irisProps, synthModel } from '../support/synth';

const podSpec = (objects: any[], name = 'iris-1-0-0') => find(objects, 'Deployment', name).spec.template.spec;

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
