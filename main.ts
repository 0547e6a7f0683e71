import { App, Chart, YamlOutputType } from 'cdk8s';
import { ModelServing } from './lib';
import { environmentModels, loadModelsFile } from './lib/models-file';

// models.yaml is the single source of environments, models and versions (edited by the
// `model-serving` CLI). One chart per environment, each synthesized into its own folder:
// dist/<environment>/ is the path that Argo CD or Flux syncs for that environment.
const config = loadModelsFile('models.yaml');
const app = new App({ yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });

for (const [environment, settings] of Object.entries(config.environments)) {
  const chart = new Chart(app, environment, { namespace: settings.namespace });
  for (const props of environmentModels(config, environment)) {
    new ModelServing(chart, props.modelName, props);
  }
}

app.synth();
