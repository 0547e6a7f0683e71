import { App, Chart, YamlOutputType } from 'cdk8s';
import { ModelServing } from './lib';

// One chart per environment, each synthesized into its own folder: dist/<environment>/ is the
// path that Argo CD or Flux syncs for that environment.
const app = new App({ yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });

const image = (version: string) => `ghcr.io/example/iris-server:${version}`;

const staging = new Chart(app, 'staging', { namespace: 'models-staging' });
new ModelServing(staging, 'iris', {
  modelName: 'iris',
  versions: [
    { version: '1.0.0', image: image('1.0.0'), weight: 50, replicas: 1 },
    { version: '1.1.0', image: image('1.1.0'), weight: 50, replicas: 1 },
  ],
  ingress: { host: 'iris.staging.example.com', path: '/', tlsSecretName: 'iris-staging-tls', className: 'nginx', nginxCanary: true },
});

const production = new Chart(app, 'production', { namespace: 'models' });
new ModelServing(production, 'iris', {
  modelName: 'iris',
  versions: [
    { version: '1.0.0', image: image('1.0.0'), weight: 90, replicas: 2 },
    { version: '1.1.0', image: image('1.1.0'), weight: 10, replicas: 1 },
  ],
  resources: { cpu: '500m', memory: '512Mi' },
  gateway: { parentRefs: [{ name: 'public', namespace: 'gateway-system' }], hostnames: ['iris.example.com'] },
  autoscaling: { minReplicas: 2, maxReplicas: 10, targetCpuUtilizationPercent: 70 },
});

app.synth();
