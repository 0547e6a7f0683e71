import { App, Chart, YamlOutputType } from 'cdk8s';
import {
  ArgoCdApplication, ArgoCdApplicationSet, ArgoCdApplicationSetEnvironment, deploymentsScaledByHpa, EnvironmentNamespace, environmentModels,
  FluxGitRepository, FluxKustomization, loadModelsFile, MODELS_FILE_ENV, ModelServing, publishOutput, synthFolders, writeKustomization,
} from './lib';

/** The git repository Argo CD and Flux pull dist/ from: replace it with your fork's URL. */
const REPO_URL = 'https://github.com/example/cdk8s-model-serving.git';

/**
 * How dist/gitops-argocd/ points Argo CD at the environments. true: one ApplicationSet whose list
 * generator makes an Application per environment. false: one Application per environment (for an
 * Argo CD installed without the ApplicationSet controller). Both give the same Applications, named
 * `model-serving-<environment>` (docs/gitops.md, "Deploy with Argo CD").
 */
const ARGOCD_APPLICATIONSET = true;

// models.yaml is the single source of environments, models and versions (edited by the
// `model-serving` CLI). One chart per environment, each synthesized into its own folder:
// dist/<environment>/ is the path that Argo CD or Flux syncs for that environment. The objects
// that point Argo CD (dist/gitops-argocd/) and Flux (dist/gitops-flux/) at those paths live
// outside every synced path: you apply them once, by hand or from a bootstrap repo.
// The `model-serving` CLI names the file it edited (its --file) in MODEL_SERVING_MODELS_FILE, so
// synth reads the same file; the loader refuses a different one.
const config = loadModelsFile(process.env[MODELS_FILE_ENV] ?? 'models.yaml');
const app = new App({ yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
const argocd = new Chart(app, 'gitops-argocd');
const flux = new Chart(app, 'gitops-flux');
const source = new FluxGitRepository(flux, 'source', { name: 'cdk8s-model-serving', url: REPO_URL });
const argoCdEnvironments: ArgoCdApplicationSetEnvironment[] = [];

for (const environment of Object.keys(config.environments)) {
  const namespace = config.environments[environment].namespace;
  const chart = new Chart(app, environment, { namespace });
  // The namespace is declared in the synced folder, labelled for Pod Security "restricted", so
  // Argo CD does not create it (createNamespace: false below) and Flux applies it first.
  new EnvironmentNamespace(chart, 'namespace');
  for (const props of environmentModels(config, environment)) {
    new ModelServing(chart, props.modelName, props);
  }
  // After the chart's constructs exist: the HPAs tell which Deployments' replicas Argo CD must leave alone.
  const hpaManagedDeployments = deploymentsScaledByHpa(chart);
  argoCdEnvironments.push({ name: environment, path: `dist/${environment}`, namespace, hpaManagedDeployments });
  if (!ARGOCD_APPLICATIONSET) {
    new ArgoCdApplication(argocd, environment, {
      name: `model-serving-${environment}`,
      repoUrl: REPO_URL,
      path: `dist/${environment}`,
      destinationNamespace: namespace,
      createNamespace: false,
      hpaManagedDeployments,
    });
  }
  new FluxKustomization(flux, environment, { name: `model-serving-${environment}`, source, path: `dist/${environment}` });
}
if (ARGOCD_APPLICATIONSET) {
  new ArgoCdApplicationSet(argocd, 'model-serving', { repoUrl: REPO_URL, environments: argoCdEnvironments, createNamespace: false });
}

// The same folders and bytes as app.synth(), with a faster YAML writer (see BENCHMARKS.md); cdk8s
// does not write kustomization.yaml: the app writes one per folder.
for (const folder of synthFolders(app)) writeKustomization(folder);
// All of it went to cdk8s.yaml's `output`, a scratch folder that `cdk8s synth` empties before it
// runs this app. dist/ is replaced by it only now that everything synthesized, so a failed synth (a
// typo in models.yaml, a validation error) leaves dist/ exactly as it was.
publishOutput(app); // to cdk8s.yaml's publishTo (dist)
