import { Chart, Testing } from 'cdk8s';
import { ArgoCdApplication, ArgoCdApplicationProps } from '../../lib/gitops/argocd';
import { findManifestProblems } from '../support/manifest-checker/hygiene';
import { testApp } from '../support/synth';

const REPO = 'https://github.com/example/iris-serving.git';

function synthApplication(overrides: Partial<ArgoCdApplicationProps> = {}, id = 'iris-production'): any {
  const chart = new Chart(testApp(), 'gitops');
  new ArgoCdApplication(chart, id, { repoUrl: REPO, path: 'dist/production', destinationNamespace: 'iris', ...overrides });
  const objects = Testing.synth(chart);
  expect(objects).toHaveLength(1);
  return objects[0];
}

function errorOf(overrides: Partial<ArgoCdApplicationProps>): string {
  try {
    synthApplication(overrides);
  } catch (error: any) {
    return error.message;
  }
  throw new Error('expected the construct to throw');
}

describe('ArgoCdApplication', () => {
  test('defaults: directory source of the synced path, automated prune + selfHeal, retry, finalizer', () => {
    expect(synthApplication()).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'iris-production',
        namespace: 'argocd',
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: 'default',
        source: {
          repoURL: REPO,
          targetRevision: 'HEAD',
          path: 'dist/production',
          directory: { recurse: false, exclude: 'kustomization.yaml' },
        },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'iris' },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true', 'RespectIgnoreDifferences=true', 'ApplyOutOfSyncOnly=true', 'PruneLast=true'],
          retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
        },
      },
    });
  });

  test('ignores spec.replicas of exactly the HPA-managed Deployments, sorted and de-duplicated', () => {
    const app = synthApplication({ hpaManagedDeployments: ['iris-2-0-0', 'iris-1-0-0', 'iris-2-0-0'] });
    expect(app.spec.ignoreDifferences).toEqual([
      { group: 'apps', kind: 'Deployment', name: 'iris-1-0-0', jsonPointers: ['/spec/replicas'] },
      { group: 'apps', kind: 'Deployment', name: 'iris-2-0-0', jsonPointers: ['/spec/replicas'] },
    ]);
    expect(app.spec.syncPolicy.syncOptions).toContain('RespectIgnoreDifferences=true');
  });

  test('no ignoreDifferences key at all without HPA-managed Deployments (no empty list in git)', () => {
    expect(synthApplication()).not.toHaveProperty('spec.ignoreDifferences');
    expect(synthApplication({ hpaManagedDeployments: [] })).not.toHaveProperty('spec.ignoreDifferences');
  });

  test('every option is honoured', () => {
    const app = synthApplication({
      name: 'iris-staging',
      argoCdNamespace: 'gitops',
      repoUrl: 'git@github.com:example/iris-serving.git',
      path: './dist/staging/',
      targetRevision: 'main',
      project: 'models',
      destinationServer: 'https://staging.example.com:6443',
      destinationNamespace: 'iris-staging',
      createNamespace: false,
      prune: false,
      selfHeal: false,
      retryLimit: 2,
      cascadeDelete: false,
      extraSyncOptions: ['ServerSideApply=true'],
    });
    expect(app.metadata).toEqual({ name: 'iris-staging', namespace: 'gitops' });
    expect(app.spec.project).toBe('models');
    expect(app.spec.source).toMatchObject({ repoURL: 'git@github.com:example/iris-serving.git', targetRevision: 'main', path: 'dist/staging' });
    expect(app.spec.destination).toEqual({ server: 'https://staging.example.com:6443', namespace: 'iris-staging' });
    expect(app.spec.syncPolicy.automated).toEqual({ prune: false, selfHeal: false });
    expect(app.spec.syncPolicy.syncOptions).toEqual(['RespectIgnoreDifferences=true', 'ApplyOutOfSyncOnly=true', 'PruneLast=true', 'ServerSideApply=true']);
    expect(app.spec.syncPolicy.retry.limit).toBe(2);
  });

  test('the Application itself is clean: no status, empty maps, tracking ids', () => {
    expect(findManifestProblems([synthApplication({ hpaManagedDeployments: ['iris-1-0-0'] })])).toEqual([]);
  });

  test.each<[Partial<ArgoCdApplicationProps>, string]>([
    [{ repoUrl: 'foo' }, 'ArgoCdApplication "iris-production": repoUrl must be an https://, ssh:// or git@ URL, but "foo" was provided'],
    [{ repoUrl: 'http://github.com/example/x.git' }, 'repoUrl must be an https://, ssh:// or git@ URL, but "http://github.com/example/x.git" was provided'],
    [{ path: '/dist/production' }, 'path must be a relative directory inside the repository such as "dist/production" (no leading "/", no ".."), but "/dist/production" was provided'],
    [{ path: 'dist/../secrets' }, 'path must be a relative directory'],
    [{ path: '' }, 'path must be a relative directory'],
    [{ path: '.' }, 'path must be a relative directory'],
    [{ name: 'Iris_Prod' }, 'ArgoCdApplication "Iris_Prod": name must be a lowercase RFC 1123 name'],
    [{ destinationNamespace: 'Iris' }, 'destinationNamespace must be a lowercase RFC 1123 label (a-z, 0-9, "-"; at most 63 characters), but "Iris" was provided'],
    [{ argoCdNamespace: '' }, 'argoCdNamespace must be a lowercase RFC 1123 label'],
    [{ targetRevision: 'my branch' }, 'targetRevision must be a non-empty string without whitespace, but "my branch" was provided'],
    [{ project: '' }, 'project must be a non-empty string without whitespace, but "" was provided'],
    [{ destinationServer: 'kubernetes.default.svc' }, 'destinationServer must be an https:// API server URL, but "kubernetes.default.svc" was provided'],
    [{ retryLimit: 0 }, 'retryLimit must be an integer between 1 and 100, but 0 was provided'],
    [{ retryLimit: 2.5 }, 'retryLimit must be an integer between 1 and 100, but 2.5 was provided'],
    [{ hpaManagedDeployments: ['iris-1-0-0', 'Iris'] }, 'hpaManagedDeployments[1] must be a lowercase RFC 1123 name (a-z, 0-9, "-", "."; at most 253 characters), but "Iris" was provided'],
    [{ extraSyncOptions: ['Validate false'] }, 'extraSyncOptions[0] must be an Argo CD sync option such as "ServerSideApply=true", but "Validate false" was provided'],
  ])('rejects %p', (overrides, message) => {
    expect(errorOf(overrides)).toContain(message);
  });
});
