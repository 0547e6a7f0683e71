import { checkManifests } from '../support/manifest-checker/index';
import { expectOnlyRule, find, server, violationsAfter } from './test-helpers';

describe('names and labels', () => {
  test('semantic/name: object names must be DNS-1123 subdomains', () => {
    const violations = violationsAfter((objects) => {
      const deployment = find(objects, 'Deployment');
      deployment.metadata.name = 'Iris_1.0.0';
      find(objects, 'HorizontalPodAutoscaler').spec.scaleTargetRef.name = 'Iris_1.0.0';
    });
    expectOnlyRule(violations, 'semantic/name');
    expect(violations[0].message).toContain('metadata.name "Iris_1.0.0" is not a DNS-1123 subdomain');
  });

  test('semantic/name: Service names must be DNS-1035 labels (no leading digit, no dots)', () => {
    for (const name of ['1-iris', 'iris.v1']) {
      const violations = violationsAfter((objects) => {
        find(objects, 'Service').metadata.name = name;
        find(objects, 'HTTPRoute').spec.rules[0].backendRefs[0].name = name;
      });
      expectOnlyRule(violations, 'semantic/name');
      expect(violations[0].message).toContain(`"${name}" is not a DNS-1035 label`);
    }
  });

  test('semantic/name: a missing name, a too long name and a bad namespace fail', () => {
    const violations = checkManifests([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a'.repeat(254) } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok', namespace: 'Models' } },
    ]);
    expectOnlyRule(violations, 'semantic/name');
    expect(violations.map((v) => v.message)).toEqual([
      'metadata.name is undefined; every object needs a name',
      `metadata.name "${'a'.repeat(254)}" is longer than 253 characters`,
      'metadata.namespace "Models" is not a DNS-1123 label (lowercase alphanumerics and \'-\', alphanumeric at both ends)',
    ]);
  });

  test('semantic/label-syntax: invalid label keys and values fail (object and pod template)', () => {
    const violations = violationsAfter((objects) => {
      find(objects, 'Service').metadata.labels['model version'] = '1';
      find(objects, 'ServiceAccount').metadata.labels = { 'app.kubernetes.io/version': 'v1.0.0+build' };
    });
    expectOnlyRule(violations, 'semantic/label-syntax');
    expect(violations.map((v) => v.message)).toEqual([
      'metadata.labels: label key "model version" has an invalid name part "model version" (≤ 63 chars, alphanumerics, \'-\', \'_\', \'.\')',
      'metadata.labels: label value "v1.0.0+build" is invalid (≤ 63 chars, alphanumerics, \'-\', \'_\', \'.\')',
    ].reverse());
  });
});

describe('GitOps hygiene (what keeps Argo CD in sync)', () => {
  test('semantic/no-status: a status field fails', () => {
    const violations = violationsAfter((objects) => { find(objects, 'Deployment').status = { replicas: 1 }; });
    expectOnlyRule(violations, 'semantic/no-status');
  });

  test('semantic/empty-metadata: empty labels/annotations maps and empty lists fail, on objects and pod templates', () => {
    const violations = violationsAfter((objects) => {
      find(objects, 'Service').metadata.annotations = {};
      find(objects, 'Deployment').spec.template.metadata.annotations = {};
      find(objects, 'ServiceAccount').metadata.finalizers = [];
    });
    expectOnlyRule(violations, 'semantic/empty-metadata');
    expect(violations.map((v) => `${v.object}: ${v.message.split(' (')[0]}`)).toEqual([
      'ServiceAccount/models/iris: metadata.finalizers is empty',
      'Deployment/models/iris-1-0-0: spec.template.metadata.annotations is empty',
      'Service/models/iris-1-0-0: metadata.annotations is empty',
    ]);
  });

  test.each([
    ['1000m', '1'], ['0.5', '500m'], ['1024Mi', '1Gi'], ['2000', '2k'], ['1.5Gi', '1536Mi'], ['0.25', '250m'],
  ])('semantic/canonical-quantity: %s is rejected (stored as %s)', (written, canonical) => {
    const violations = violationsAfter((objects) => { server(objects).resources.limits.cpu = written; });
    expect(violations.map((v) => v.rule)).toContain('semantic/canonical-quantity');
    expect(violations.find((v) => v.rule === 'semantic/canonical-quantity')!.message)
      .toBe(`spec.template.spec.containers[0].resources.limits.cpu is "${written}"; the API server stores it as "${canonical}", write that instead`);
  });

  test('semantic/canonical-quantity: every Quantity field is found through the schema (emptyDir sizeLimit, HPA targets)', () => {
    const violations = violationsAfter((objects) => {
      find(objects, 'Deployment').spec.template.spec.volumes[0].emptyDir.sizeLimit = '2048Mi';
      find(objects, 'HorizontalPodAutoscaler').spec.metrics.push({ type: 'Pods', pods: { metric: { name: 'inflight' }, target: { type: 'AverageValue', averageValue: '0.5' } } });
    });
    expectOnlyRule(violations, 'semantic/canonical-quantity');
    expect(violations.map((v) => v.message.split(';')[0])).toEqual([
      'spec.template.spec.volumes[0].emptyDir.sizeLimit is "2048Mi"',
      'spec.metrics[1].pods.target.averageValue is "0.5"',
    ]);
  });

  test('semantic/canonical-quantity: a malformed quantity fails with its value', () => {
    const violations = violationsAfter((objects) => { server(objects).resources.requests.memory = '512MB'; });
    expect(violations).toContainEqual({
      object: 'Deployment/models/iris-1-0-0', rule: 'semantic/canonical-quantity',
      message: 'spec.template.spec.containers[0].resources.requests.memory is "512MB", which is not a Kubernetes quantity',
    });
  });

  test('canonical spellings pass, including integers written as YAML numbers', () => {
    expect(violationsAfter((objects) => {
      server(objects).resources.requests = { cpu: 1, memory: '1536Mi' };
      server(objects).resources.limits = { cpu: '2', memory: '2Gi', 'ephemeral-storage': '500M' };
    })).toEqual([]);
  });
});
