import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, YamlOutputType } from 'cdk8s';
import { ArgoCdApplication, ModelServing, synthFolders } from '../../lib';
import { irisProps } from '../support/synth';

/** Builds the same two-environment app with GitOps objects into `outdir`. */
function buildApp(outdir: string): App {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  for (const environment of ['staging', 'production']) {
    const chart = new Chart(app, environment, { namespace: `models-${environment}` });
    new ModelServing(chart, 'iris', irisProps({ autoscaling: { maxReplicas: 4 } }));
  }
  const gitops = new Chart(app, 'gitops-argocd');
  new ArgoCdApplication(gitops, 'production', { repoUrl: 'https://github.com/example/models.git', path: 'dist/production', destinationNamespace: 'models' });
  return app;
}

function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const folder of fs.readdirSync(dir).sort()) {
    for (const file of fs.readdirSync(path.join(dir, folder)).sort()) files[`${folder}/${file}`] = fs.readFileSync(path.join(dir, folder, file), 'utf8');
  }
  return files;
}

describe('synthFolders', () => {
  let work: string;
  beforeEach(() => { work = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-folders-')); });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  test('writes the same folders, file names and bytes as app.synth()', () => {
    buildApp(path.join(work, 'cdk8s')).synth();
    const folders = synthFolders(buildApp(path.join(work, 'fast')));
    expect(folders.map((f) => path.basename(f))).toEqual(['staging', 'production', 'gitops-argocd']);
    const expected = readTree(path.join(work, 'cdk8s'));
    expect(Object.keys(expected).length).toBeGreaterThan(20);
    expect(readTree(path.join(work, 'fast'))).toEqual(expected);
  });

  test('runs construct validations like app.synth()', () => {
    const app = new App({ outdir: work });
    const chart = new Chart(app, 'broken');
    chart.node.addValidation({ validate: () => ['replicas must be set'] });
    expect(() => synthFolders(app)).toThrow('broken: replicas must be set');
  });
});
