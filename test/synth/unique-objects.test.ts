import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, YamlOutputType } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { ArgoCdApplication, ModelServing, synthFolders } from '../../lib';
import { irisProps } from '../support/synth';

let work: string;
beforeEach(() => { work = fs.mkdtempSync(path.join(os.tmpdir(), 'unique-objects-')); });
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

const newApp = () => new App({ outdir: work, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
const one = (version: string) => [{ version, image: `ghcr.io/example/iris-server:${version}` }];

/** The error synthFolders throws for `app` (and checks app.synth() refuses it too), or a failure when it writes. */
function synthFailure(app: App): string {
  expect(() => app.synth()).toThrow();
  try {
    synthFolders(app);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected synth to fail, but it wrote the app');
}

describe('two objects of the same kind, namespace and name fail synth, naming both constructs', () => {
  test('iris 1.0.0 and iris-1 0.0 both produce iris-1-0-0', () => {
    const app = newApp();
    const chart = new Chart(app, 'production', { namespace: 'models' });
    new ModelServing(chart, 'iris', irisProps({ versions: one('1.0.0') }));
    new ModelServing(chart, 'iris-1', irisProps({ modelName: 'iris-1', versions: one('0.0') }));
    const message = synthFailure(app);
    expect(message).toContain('ModelServing "iris-1" (production/iris-1, model "iris-1") and ModelServing "iris" (production/iris, model "iris") '
      + 'both produce Deployment "iris-1-0-0", Service "iris-1-0-0" in namespace "models": one object would replace the other on the cluster and in dist/.');
    expect(message).toContain('rename one model');
    expect(fs.readdirSync(work)).toEqual([]);
  });

  test('the same modelName under two construct ids', () => {
    const app = newApp();
    const chart = new Chart(app, 'production', { namespace: 'models' });
    new ModelServing(chart, 'iris-a', irisProps());
    new ModelServing(chart, 'iris-b', irisProps());
    const message = synthFailure(app);
    expect(message).toContain('ModelServing "iris-b" (production/iris-b, model "iris") and ModelServing "iris-a" (production/iris-a, model "iris") both produce '
      + 'ServiceAccount "iris", Deployment "iris-1-0-0", Service "iris-1-0-0", PodDisruptionBudget "iris-1-0-0", Deployment "iris-1-1-0", Service "iris-1-1-0", '
      + 'Service "iris", NetworkPolicy "iris", HTTPRoute "iris" in namespace "models"');
    // One message per pair of constructs, not one per object.
    expect(message.split('\n').filter((line) => line.includes('both produce'))).toHaveLength(1);
  });

  test('an object of another construct in the chart', () => {
    const app = newApp();
    const chart = new Chart(app, 'production', { namespace: 'models' });
    new ModelServing(chart, 'iris', irisProps());
    new k8s.KubeService(chart, 'legacy-service', { metadata: { name: 'iris-1-1-0' }, spec: { ports: [{ port: 80 }] } });
    expect(synthFailure(app)).toContain('Service at production/legacy-service and ModelServing "iris" (production/iris, model "iris") both produce Service "iris-1-1-0" in namespace "models"');
  });

  test('the same names in two charts (two synced folders) are fine', () => {
    const app = newApp();
    for (const env of ['staging', 'production']) new ModelServing(new Chart(app, env, { namespace: 'models' }), 'iris', irisProps());
    expect(synthFolders(app).map((f) => path.basename(f))).toEqual(['staging', 'production']);
  });

  test('the same name in two namespaces of one chart is two objects', () => {
    const app = newApp();
    const chart = new Chart(app, 'production', { namespace: 'models' });
    new ModelServing(chart, 'iris', irisProps());
    new k8s.KubeServiceAccount(chart, 'other', { metadata: { name: 'iris', namespace: 'tools' } });
    expect(chart.node.validate()).toEqual([]);
  });
});

describe('synthFolders never overwrites a file it wrote in the same run', () => {
  test('two objects that map to one file (same kind and name, two namespaces) are refused, naming both', () => {
    const app = newApp();
    const chart = new Chart(app, 'production', { namespace: 'models' });
    new k8s.KubeServiceAccount(chart, 'a', { metadata: { name: 'iris' } });
    new k8s.KubeServiceAccount(chart, 'b', { metadata: { name: 'iris', namespace: 'tools' } });
    expect(() => synthFolders(app)).toThrow('synthFolders: v1 ServiceAccount "iris" in namespace "tools" of chart production would overwrite '
      + 'production/ServiceAccount.iris.k8s.yaml, already written in this run for v1 ServiceAccount "iris" in namespace "models" of chart production');
  });

  test('two Argo CD Applications with one name in a GitOps chart (which has no name check of its own)', () => {
    const app = newApp();
    const chart = new Chart(app, 'gitops-argocd');
    for (const id of ['staging', 'production']) {
      new ArgoCdApplication(chart, id, { name: 'model-serving', repoUrl: 'https://github.com/example/models.git', path: `dist/${id}`, destinationNamespace: 'models' });
    }
    expect(() => synthFolders(app)).toThrow(/Application "model-serving" in namespace "argocd" of chart gitops-argocd would overwrite gitops-argocd\/Application\.model-serving\.k8s\.yaml/);
  });
});
