/**
 * Every GitOps object the constructs emit passes the strict (closed) schema of its vendored CRD,
 * through the project's manifest checker: the same CRDs the typed imports were generated from.
 */
import { Chart, Testing } from 'cdk8s';
import { ArgoCdApplication } from '../../lib/gitops/argocd';
import { ArgoCdApplicationSet } from '../../lib/gitops/argocd-applicationset';
import { FluxGitRepository, FluxKustomization } from '../../lib/gitops/flux';
import { checkManifests, expectValidManifests } from '../support/manifest-checker';
import { testApp } from '../support/synth';

const REPO = 'https://github.com/example/iris-serving.git';

function gitopsObjects(): any[] {
  const chart = new Chart(testApp(), 'gitops');
  const source = new FluxGitRepository(chart, 'iris-serving', { url: REPO, secretName: 'deploy-key' });
  new ArgoCdApplicationSet(chart, 'iris', {
    repoUrl: REPO,
    environments: [
      { name: 'staging', path: 'dist/staging', namespace: 'models-staging' },
      { name: 'production', path: 'dist/production', namespace: 'models-production', destinationServer: 'https://prod.example.com', hpaManagedDeployments: ['iris-1-0-0'] },
    ],
    cascadeDelete: false,
    extraSyncOptions: ['ServerSideApply=true'],
  });
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
  test('Applications, ApplicationSet, GitRepository and Kustomizations are all valid', () => {
    const objects = gitopsObjects();
    expect(objects.map((o) => `${o.apiVersion}/${o.kind}`).sort()).toEqual([
      'argoproj.io/v1alpha1/Application',
      'argoproj.io/v1alpha1/Application',
      'argoproj.io/v1alpha1/ApplicationSet',
      'kustomize.toolkit.fluxcd.io/v1/Kustomization',
      'kustomize.toolkit.fluxcd.io/v1/Kustomization',
      'source.toolkit.fluxcd.io/v1/GitRepository',
    ]);
    expectValidManifests(objects);
  }, 120_000); // the first use compiles the CRD schemas with Ajv: seconds on a busy 2-core machine (the ApplicationSet's is 1.4 MB)

  test('the schemas really bite: hand-broken copies are rejected', () => {
    const objects = gitopsObjects();
    const app = structuredClone(objects.find((o) => o.kind === 'Application'));
    app.spec.syncPolicy.automated.pruneEverything = true; // unknown field
    const kustomization = structuredClone(objects.find((o) => o.kind === 'Kustomization'));
    kustomization.spec.interval = '5 minutes'; // violates the CRD's duration pattern
    const repo = structuredClone(objects.find((o) => o.kind === 'GitRepository'));
    repo.spec.url = 'git@github.com:example/iris-serving.git'; // Flux only takes http(s):// or ssh://
    const appSet = structuredClone(objects.find((o) => o.kind === 'ApplicationSet'));
    appSet.spec.template.spec.syncPolicy.automated.prunee = true; // unknown field, deep in the template
    const generator = structuredClone(objects.find((o) => o.kind === 'ApplicationSet'));
    generator.spec.generators[0].list.elements = 'staging'; // elements is a list
    for (const broken of [app, kustomization, repo, appSet, generator]) {
      const rules = checkManifests([broken]).map((v) => v.rule);
      expect(rules.some((rule) => rule.startsWith('schema/'))).toBe(true);
    }
  });
});
