import { Chart, Testing } from 'cdk8s';
import * as api from '../../lib';
import { testApp } from '../support/synth';

/**
 * Every runtime export of the package is a promise kept across releases, so the list is spelled
 * out: adding or removing an export fails here until this list is updated in the same change, and
 * the change's review sees the API decision. (Types are exported too; they leave no runtime trace.)
 */
const RUNTIME_EXPORTS = [
  'ArgoCdApplication',
  'ArgoCdApplicationSet',
  'EnvironmentNamespace',
  'FluxGitRepository',
  'FluxKustomization',
  'MODELS_FILE_ENV',
  'ModelServing',
  'ModelsFileError',
  'ValidationError',
  'applySyncWaves',
  'canaryOf',
  'deploymentsScaledByHpa',
  'environmentModels',
  'loadModelsFile',
  'modelServingProps',
  'publishOutput',
  'synthFolders',
  'writeKustomization',
];

test('the package exports exactly the documented names at run time', () => {
  expect(Object.keys(api).sort()).toEqual([...RUNTIME_EXPORTS].sort());
});

test('every exported construct is built from exported types only', () => {
  // test/project/typecheck.test.ts type-checks this file: it stops compiling when a props type is no longer exported.
  const chart = new Chart(testApp(), 'api', { namespace: 'models' });
  const version: api.ModelVersionSpec = { version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0' };
  const model: api.ModelServingProps = { modelName: 'iris', versions: [version] };
  const served: api.ServedVersion[] = new api.ModelServing(chart, 'iris', model).versions;
  const source: api.FluxGitRepositoryProps = { url: 'https://github.com/example/repo.git' };
  const repository = new api.FluxGitRepository(chart, 'source', source);
  const kustomization: api.FluxKustomizationProps = { source: repository, path: 'dist/production' };
  new api.FluxKustomization(chart, 'production', kustomization);
  const application: api.ArgoCdApplicationProps = { repoUrl: 'https://github.com/example/repo.git', path: 'dist/production', destinationNamespace: 'models' };
  new api.ArgoCdApplication(chart, 'production-app', application);
  expect(served.map((v) => v.deployment.name)).toEqual(['iris-1-0-0']);
  expect(Testing.synth(chart).map((o) => o.kind)).toEqual(expect.arrayContaining(['Deployment', 'GitRepository', 'Kustomization', 'Application']));
});

test('lib/index.ts names every export explicitly (no export *)', () => {
  const source = require('fs').readFileSync(require.resolve('../../lib/index.ts'), 'utf8') as string;
  expect(source).not.toMatch(/export \*/);
});
