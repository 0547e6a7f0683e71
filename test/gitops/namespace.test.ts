import { App, Chart, Testing } from 'cdk8s';
import { EnvironmentNamespace, ModelServing } from '../../lib';
import { expectValidManifests } from '../support/manifest-checker';
import { irisProps, testApp } from '../support/synth';

const synthNamespace = (chartNamespace: string | undefined, props = {}) => {
  const chart = new Chart(testApp(), 'production', { namespace: chartNamespace });
  new EnvironmentNamespace(chart, 'namespace', props);
  return Testing.synth(chart);
};

describe('EnvironmentNamespace', () => {
  test('a cluster-scoped Namespace labelled for Pod Security "restricted", first wave, never pruned or deleted by the controller', () => {
    const objects = synthNamespace('models');
    expect(objects).toEqual([{
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'models',
        labels: {
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
        },
        annotations: {
          'argocd.argoproj.io/sync-wave': '-2',
          'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
          'kustomize.toolkit.fluxcd.io/prune': 'disabled',
        },
      },
    }]);
    expectValidManifests(objects);
  });

  test('an explicit name and level, extra labels; a chart without a namespace needs the name', () => {
    const [ns] = synthNamespace(undefined, { name: 'sandbox', podSecurity: 'baseline', labels: { team: 'ml' } });
    expect(ns.metadata.name).toBe('sandbox');
    expect(ns.metadata.namespace).toBeUndefined();
    expect(ns.metadata.labels).toEqual({
      'team': 'ml',
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/warn': 'baseline',
      'pod-security.kubernetes.io/audit': 'baseline',
    });
  });

  test.each([
    ['no name and no chart namespace', undefined, {}, 'EnvironmentNamespace "namespace": name must be set, but nothing was provided'],
    ['a bad name', 'models', { name: 'Models' }, 'EnvironmentNamespace "namespace": name must be a lowercase RFC 1123 label (a-z, 0-9, "-"; at most 63 characters), but "Models" was provided'],
    ['an unknown level', 'models', { podSecurity: 'strict' }, 'EnvironmentNamespace "namespace": podSecurity must be one of "privileged", "baseline", "restricted", but "strict" was provided'],
    ['a Pod Security label of its own', 'models', { labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } }, 'EnvironmentNamespace "namespace": labels key must not be a Pod Security label: set podSecurity instead, but "pod-security.kubernetes.io/enforce" was provided'],
  ])('%s is refused', (_what, chartNamespace, props, message) => {
    expect(() => synthNamespace(chartNamespace, props)).toThrow(message);
  });

  test('next to a model, the whole folder passes the checker, and a second Namespace of the same name is a collision', () => {
    const app = new App({ outdir: testApp().outdir });
    const chart = new Chart(app, 'production', { namespace: 'models' });
    new EnvironmentNamespace(chart, 'namespace');
    new ModelServing(chart, 'iris', irisProps());
    expectValidManifests(Testing.synth(chart));
    expect(chart.node.validate()).toEqual([]);
    new EnvironmentNamespace(chart, 'again');
    expect(chart.node.validate().join('\n')).toContain('EnvironmentNamespace "again" (production/again, namespace "models") and EnvironmentNamespace "namespace" (production/namespace, namespace "models") both produce Namespace "models":');
  });
});
