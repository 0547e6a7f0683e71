import { irisProps, synthModel } from '../support/synth';

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
