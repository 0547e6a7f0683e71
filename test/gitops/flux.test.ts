import { Chart, Testing } from 'cdk8s';
import { FluxGitRepository, FluxGitRepositoryProps, FluxKustomization, FluxKustomizationProps } from '../../lib/gitops/flux';
import { findManifestProblems } from '../support/manifest-checker/hygiene';
import { testApp } from '../support/synth';

const REPO = 'https://github.com/example/iris-serving.git';

function synthFlux(
  repoOverrides: Partial<FluxGitRepositoryProps> = {},
  kustomizationOverrides: Partial<FluxKustomizationProps> = {},
): any[] {
  const chart = new Chart(testApp(), 'gitops');
  const source = new FluxGitRepository(chart, 'iris-serving', { url: REPO, ...repoOverrides });
  new FluxKustomization(chart, 'iris-production', { source, path: 'dist/production', ...kustomizationOverrides });
  return Testing.synth(chart);
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error: any) {
    return error.message;
  }
  throw new Error('expected a throw');
}

describe('FluxGitRepository + FluxKustomization', () => {
  test('defaults: main branch polled every minute, ./dist/<env> pruned, waited for, timed out', () => {
    expect(synthFlux()).toEqual([
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: { name: 'iris-serving', namespace: 'flux-system' },
        spec: { url: REPO, ref: { branch: 'main' }, interval: '1m' },
      },
      {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'iris-production', namespace: 'flux-system' },
        spec: {
          sourceRef: { kind: 'GitRepository', name: 'iris-serving' },
          path: './dist/production',
          prune: true,
          interval: '10m',
          retryInterval: '1m',
          wait: true,
          timeout: '5m',
        },
      },
    ]);
  });

  test('every option is honoured; a source in another namespace is referenced with its namespace', () => {
    const [repo, kustomization] = synthFlux(
      { name: 'models', namespace: 'gitops', url: 'ssh://git@github.com/example/iris-serving.git', branch: 'release', interval: '30s', secretName: 'deploy-key' },
      { name: 'iris-staging', namespace: 'iris-staging', path: './dist/staging/', prune: false, interval: '1h', retryInterval: '2m', wait: false, timeout: '90s', targetNamespace: 'iris' },
    );
    expect(repo.metadata).toEqual({ name: 'models', namespace: 'gitops' });
    expect(repo.spec).toEqual({ url: 'ssh://git@github.com/example/iris-serving.git', ref: { branch: 'release' }, interval: '30s', secretRef: { name: 'deploy-key' } });
    expect(kustomization.metadata).toEqual({ name: 'iris-staging', namespace: 'iris-staging' });
    expect(kustomization.spec).toEqual({
      sourceRef: { kind: 'GitRepository', name: 'models', namespace: 'gitops' },
      path: './dist/staging',
      prune: false,
      interval: '1h',
      retryInterval: '2m',
      wait: false,
      timeout: '90s',
      targetNamespace: 'iris',
    });
  });

  test('one source serves several environments', () => {
    const chart = new Chart(testApp(), 'gitops');
    const source = new FluxGitRepository(chart, 'iris-serving', { url: REPO });
    for (const env of ['staging', 'production']) {
      new FluxKustomization(chart, `iris-${env}`, { source, path: `dist/${env}` });
    }
    const objects = Testing.synth(chart);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}:${o.spec.path ?? ''}`)).toEqual([
      'GitRepository/iris-serving:',
      'Kustomization/iris-staging:./dist/staging',
      'Kustomization/iris-production:./dist/production',
    ]);
    expect(findManifestProblems(objects)).toEqual([]);
  });

  test.each<[Partial<FluxGitRepositoryProps>, string]>([
    [{ url: 'git@github.com:example/iris-serving.git' }, 'FluxGitRepository "iris-serving": url must be an https://, http:// or ssh:// URL (Flux does not accept scp-like git@host:path), but "git@github.com:example/iris-serving.git" was provided'],
    [{ url: 'github.com/example/x' }, 'url must be an https://, http:// or ssh:// URL'],
    [{ interval: '1 minute' }, 'interval must be a positive duration such as "30s", "5m" or "1h", but "1 minute" was provided'],
    [{ interval: '0s' }, 'interval must be a positive duration'],
    [{ branch: '' }, 'branch must be a non-empty string without whitespace, but "" was provided'],
    [{ namespace: 'Flux' }, 'namespace must be a lowercase RFC 1123 label'],
    [{ secretName: 'Deploy Key' }, 'secretName must be a lowercase RFC 1123 name'],
  ])('GitRepository rejects %p', (overrides, message) => {
    expect(errorOf(() => synthFlux(overrides))).toContain(message);
  });

  test.each<[Partial<FluxKustomizationProps>, string]>([
    [{ path: '../dist' }, 'FluxKustomization "iris-production": path must be a relative directory inside the repository such as "dist/production" (no leading "/", no ".."), but "../dist" was provided'],
    [{ timeout: '5 minutes' }, 'timeout must be a positive duration such as "30s", "5m" or "1h", but "5 minutes" was provided'],
    [{ interval: '10' }, 'interval must be a positive duration'],
    [{ retryInterval: '-1m' }, 'retryInterval must be a positive duration'],
    [{ targetNamespace: 'Iris' }, 'targetNamespace must be a lowercase RFC 1123 label'],
    [{ name: 'iris_production' }, 'FluxKustomization "iris_production": name must be a lowercase RFC 1123 name'],
  ])('Kustomization rejects %p', (overrides, message) => {
    expect(errorOf(() => synthFlux({}, overrides))).toContain(message);
  });
});
