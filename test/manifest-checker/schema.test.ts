import { checkManifests } from '../support/manifest-checker/index';
import { goodSet } from './fixtures';
import { expectOnlyRule, find, server, violationsAfter } from './test-helpers';

describe('schema/strict: Kubernetes 1.28 definitions, closed', () => {
  test('the realistic restricted set passes with zero violations', () => {
    expect(checkManifests(goodSet())).toEqual([]);
  });

  test('a misspelled field fails (replcas) and the message names it', () => {
    const violations = violationsAfter((objects) => { find(objects, 'Deployment').spec.replcas = 2; });
    expectOnlyRule(violations, 'schema/strict');
    expect(violations[0]).toEqual({ object: 'Deployment/models/iris-1-0-0', rule: 'schema/strict', message: 'spec: unknown field "replcas"' });
  });

  test('unknown fields fail deep inside a pod template and in metadata', () => {
    const violations = violationsAfter((objects) => {
      server(objects).securityContext.readOnlyRootFileSystem = true;
      find(objects, 'Service').metadata.label = { a: 'b' };
    });
    expectOnlyRule(violations, 'schema/strict');
    expect(violations.map((v) => v.message)).toEqual([
      'spec.template.spec.containers[0].securityContext: unknown field "readOnlyRootFileSystem"',
      'metadata: unknown field "label"',
    ]);
  });

  test('required fields are enforced (container image is optional, name is not)', () => {
    const violations = violationsAfter((objects) => { delete server(objects).name; });
    expect(violations).toContainEqual(expect.objectContaining({ rule: 'schema/strict', message: 'spec.template.spec.containers[0]: missing required field "name"' }));
  });

  test('wrong types fail; IntOrString accepts both an integer and a string', () => {
    expect(violationsAfter((objects) => { server(objects).ports[0].containerPort = '8080'; }))
      .toContainEqual(expect.objectContaining({ rule: 'schema/strict', message: expect.stringContaining('containerPort: must be integer') }));
    expect(violationsAfter((objects) => { find(objects, 'PodDisruptionBudget').spec.maxUnavailable = '50%'; })).toEqual([]);
    const bad = violationsAfter((objects) => {
      find(objects, 'PodDisruptionBudget').spec.maxUnavailable = true;
      server(objects).resources.limits.memory = ['1Gi'];
    });
    expect(bad.filter((v) => v.rule === 'schema/strict').map((v) => `${v.object} ${v.message}`)).toEqual([
      'Deployment/models/iris-1-0-0 spec.template.spec.containers[0].resources.limits.memory: must be a quantity string or a number (value ["1Gi"])',
      'PodDisruptionBudget/models/iris-1-0-0 spec.maxUnavailable: must be an integer or a string (value true)',
    ]);
  });

  test('enums (k8s-enums.ts overlay) are enforced with the allowed values in the message', () => {
    const violations = violationsAfter((objects) => {
      find(objects, 'Deployment').spec.strategy.type = 'Rolling';
      find(objects, 'NetworkPolicy').spec.policyTypes = ['ingress'];
    });
    expectOnlyRule(violations, 'schema/strict');
    expect(violations.map((v) => v.message)).toEqual([
      'spec.strategy.type: "Rolling" is not one of ["Recreate","RollingUpdate"]',
      'spec.policyTypes[0]: "ingress" is not one of ["Egress","Ingress"]',
    ]);
  });

  test('an unknown kind, an unknown version and a missing apiVersion are violations', () => {
    const violations = checkManifests([
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
      { apiVersion: 'batch/v1beta1', kind: 'CronJob', metadata: { name: 'removed-in-1-25' } },
      { kind: 'ConfigMap', metadata: { name: 'c' } },
    ]);
    expectOnlyRule(violations, 'schema/unknown-kind');
    expect(violations.map((v) => v.object)).toEqual(['Widget/w', 'CronJob/removed-in-1-25', 'ConfigMap/c']);
  });
});

describe('schema/strict: vendored CRDs (imports/crds), closed', () => {
  const application = () => ({
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Application',
    metadata: { name: 'iris-production', namespace: 'argocd' },
    spec: {
      project: 'default',
      source: { repoURL: 'https://github.com/example/models.git', targetRevision: 'main', path: 'dist/production', directory: { recurse: true } },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'models' },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['RespectIgnoreDifferences=true'] },
      ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
    },
  });
  const fluxPair = () => [
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository',
      metadata: { name: 'models', namespace: 'flux-system' },
      spec: { interval: '1m0s', url: 'https://github.com/example/models.git', ref: { branch: 'main' } },
    },
    {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization',
      metadata: { name: 'models', namespace: 'flux-system' },
      spec: { interval: '10m0s', path: './dist/production', prune: true, wait: true, timeout: '5m0s', sourceRef: { kind: 'GitRepository', name: 'models' } },
    },
  ];

  test('valid Argo CD Application, Flux GitRepository + Kustomization, HTTPRoute and ServiceMonitor pass', () => {
    expect(checkManifests([application(), ...fluxPair()])).toEqual([]);
  });

  test('an unknown field in a CRD object fails, at any depth', () => {
    const app = application();
    (app.spec.syncPolicy.automated as any).selfheal = true;
    const [git, kustomization] = fluxPair();
    (kustomization.spec as any).sourceRefs = kustomization.spec.sourceRef;
    const violations = checkManifests([app, git, kustomization]);
    expectOnlyRule(violations, 'schema/strict');
    expect(violations.map((v) => `${v.object} ${v.message}`)).toEqual([
      'Application/argocd/iris-production spec.syncPolicy.automated: unknown field "selfheal"',
      'Kustomization/flux-system/models spec: unknown field "sourceRefs"',
    ]);
  });

  test('CRD required fields and patterns are enforced', () => {
    const [git, kustomization] = fluxPair();
    delete (kustomization.spec as any).prune;
    git.spec.interval = 'every minute';
    const messages = checkManifests([git, kustomization]).map((v) => v.message);
    expect(messages).toContain('spec: missing required field "prune"');
    expect(messages.some((m) => m.startsWith('spec.interval: must match pattern'))).toBe(true);
  });

  test('CRD metadata is validated as ObjectMeta', () => {
    const violations = violationsAfter((objects) => { find(objects, 'HTTPRoute').metadata.lables = {}; });
    expect(violations).toContainEqual(expect.objectContaining({ object: 'HTTPRoute/models/iris', rule: 'schema/strict', message: 'metadata: unknown field "lables"' }));
  });

  test('x-kubernetes-preserve-unknown-fields subtrees stay open (Helm valuesObject)', () => {
    const app: any = application();
    app.spec.source = { repoURL: 'https://charts.example.com', chart: 'iris', targetRevision: '1.0.0', helm: { valuesObject: { anything: { nested: [1, 2] } } } };
    expect(checkManifests([app])).toEqual([]);
    app.spec.source.helm.valueObject = {};
    expect(checkManifests([app]).map((v) => v.message)).toEqual(['spec.source.helm: unknown field "valueObject"']);
  });

  test('CRD int-or-string fields (x-kubernetes-int-or-string) accept an integer or a string only', () => {
    const withTargetPort = (targetPort: unknown) => violationsAfter((objects) => {
      const endpoint = find(objects, 'ServiceMonitor').spec.endpoints[0];
      delete endpoint.port;
      endpoint.targetPort = targetPort;
    });
    expect(withTargetPort(9090)).toEqual([]);
    expect(withTargetPort('metrics')).toEqual([]);
    const bad = withTargetPort(true);
    expectOnlyRule(bad, 'schema/strict');
    expect(bad[0].message).toContain('spec.endpoints[0].targetPort');
  });

  test('ServiceMonitor endpoints are checked', () => {
    const violations = violationsAfter((objects) => { find(objects, 'ServiceMonitor').spec.endpoints[0].intervall = '30s'; });
    expectOnlyRule(violations, 'schema/strict');
  });
});
