/**
 * Every GitOps object the constructs emit passes the strict (closed) schema of its vendored CRD,
 * through the project's manifest checker: the same CRDs the typed imports were generated from.
 */
import { Chart, Testing } from 'cdk8s';
import { ArgoCdApplication } from '../../lib/gitops/argocd';
import { FluxGitRepository, FluxKustomization } from '../../lib/gitops/flux';
import { checkManifests, expectValidManifests } from '../support/manifest-checker';
import { testApp } from '../support/synth';

const REPO = 'https://github.com/example/iris-serving.git';

function gitopsObjects(): any[] {
  const chart = new Chart(testApp(), 'gitops');
  const source = new FluxGitRepository(chart, 'iris-serving', { url: REPO, secretName: 'deploy-key' });
  for (const env of ['staging', 'production']) {
    new ArgoCdApplication(chart, `iris-${env}`, {
      repoUrl: REPO,
      path: `dist/${env}`,
      destinationNamespace: `models-${env}`,
      hpaManagedDeployments: env === 'production' ? ['iris-1-0-0', 'iris-1-1-0'] : [],
      extraSyncOptions: ['ServerSideApply=true'],
    });
    new FluxKustomization(chart, `flux-iris-${env}`, { source, path: `dist/${env}`, targetNamespace: `models-${env}` });
  }
  return Testing.synth(chart);
}

describe('GitOps objects against their CRD schemas', () => {
  test('Applications, GitRepository and Kustomizations are all valid', () => {
    const objects = gitopsObjects();
    expect(objects.map((o) => `${o.apiVersion}/${o.kind}`).sort()).toEqual([
      'argoproj.io/v1alpha1/Application',
      'argoproj.io/v1alpha1/Application',
      'kustomize.toolkit.fluxcd.io/v1/Kustomization',
      'kustomize.toolkit.fluxcd.io/v1/Kustomization',
      'source.toolkit.fluxcd.io/v1/GitRepository',
    ]);
    expectValidManifests(objects);
  }, 60_000); // the first use compiles the CRD schemas with Ajv: seconds on a busy 2-core machine

  test('the schemas really bite: hand-broken copies are rejected', () => {
    const objects = gitopsObjects();
    const app = structuredClone(objects.find((o) => o.kind === 'Application'));
    app.spec.syncPolicy.automated.pruneEverything = true; // unknown field
    const kustomization = structuredClone(objects.find((o) => o.kind === 'Kustomization'));
    kustomization.spec.interval = '5 minutes'; // violates the CRD's duration pattern
    const repo = structuredClone(objects.find((o) => o.kind === 'GitRepository'));
    repo.spec.url = 'git@github.com:example/iris-serving.git'; // Flux only takes http(s):// or ssh://
    for (const broken of [app, kustomization, repo]) {
      const rules = checkManifests([broken]).map((v) => v.rule);
      expect(rules.some((rule) => rule.startsWith('schema/'))).toBe(true);
    }
  });
});
