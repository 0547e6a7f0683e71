import { App, Chart, YamlOutputType } from 'cdk8s';
import {
  ArgoCdApplication, deploymentsScaledByHpa, environmentModels, FluxGitRepository, FluxKustomization, loadModelsFile, ModelServing,
  publishOutput, synthFolders, writeKustomization,
} from './lib';

/** The git repository Argo CD and Flux pull dist/ from: replace it with your fork's URL. */
const REPO_URL = 'https://github.com/example/cdk8s-model-serving.git';

// models.yaml is the single source of environments, models and versions (edited by the
// `model-serving` CLI). One chart per environment, each synthesized into its own folder:
// dist/<environment>/ is the path that Argo CD or Flux syncs for that environment. The objects
// that point Argo CD (dist/gitops-argocd/) and Flux (dist/gitops-flux/) at those paths live
// outside every synced path: you apply them once, by hand or from a bootstrap repo.
const config = loadModelsFile('models.yaml');
const app = new App({ yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
const argocd = new Chart(app, 'gitops-argocd');
const flux = new Chart(app, 'gitops-flux');
const source = new FluxGitRepository(flux, 'source', { name: 'cdk8s-model-serving', url: REPO_URL });

for (const environment of Object.keys(config.environments)) {
  const namespace = config.environments[environment].namespace;
  const chart = new Chart(app, environment, { namespace });
  for (const props of environmentModels(config, environment)) {
    new ModelServing(chart, props.modelName, props);
  }
  new ArgoCdApplication(argocd, environment, {
    name: `model-serving-${environment}`,
    repoUrl: REPO_URL,
    path: `dist/${environment}`,
    destinationNamespace: namespace,
    hpaManagedDeployments: deploymentsScaledByHpa(chart),
  });
  new FluxKustomization(flux, environment, { name: `model-serving-${environment}`, source, path: `dist/${environment}` });
}

// The same folders and bytes as app.synth(), with a faster YAML writer (see BENCHMARKS.md); cdk8s
// does not write kustomization.yaml: the app writes one per folder.
for (const folder of synthFolders(app)) writeKustomization(folder);
// All of it went to cdk8s.yaml's `output`, a scratch folder that `cdk8s synth` empties before it
// runs this app. dist/ is replaced by it only now that everything synthesized, so a failed synth (a
// typo in models.yaml, a validation error) leaves dist/ exactly as it was.
publishOutput(app, 'dist');
