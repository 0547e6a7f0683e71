import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, AppProps, Chart, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoCdApplication, ModelServing, synthFolders } from '../../lib';
import { irisProps } from '../support/synth';

type Build = (app: App) => void;

/** Two environments with a model each and the GitOps objects, as main.ts builds them. */
const environments: Build = (app) => {
  for (const environment of ['staging', 'production']) {
    const chart = new Chart(app, environment, { namespace: `models-${environment}` });
    new ModelServing(chart, 'iris', irisProps({ autoscaling: { maxReplicas: 4 } }));
  }
  const gitops = new Chart(app, 'gitops-argocd');
  new ArgoCdApplication(gitops, 'production', { repoUrl: 'https://github.com/example/models.git', path: 'dist/production', destinationNamespace: 'models' });
  new Chart(app, 'empty');
};

/** Charts that depend on each other (a nested chart, an object depending on another chart's): outputs are numbered. */
const dependentCharts: Build = (app) => {
  const namespaces = new Chart(app, 'namespaces');
  const ns = new ApiObject(namespaces, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'models' } });
  const models = new Chart(app, 'models', { namespace: 'models' });
  const serving = new ModelServing(models, 'iris', irisProps());
  serving.node.addDependency(ns);
  new ApiObject(new Chart(models, 'nested'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nested' }, data: { a: 'yes' } });
};

/** Objects of one chart depending on each other against their order in the tree: dependency order wins. */
const dependentObjects: Build = (app) => {
  const chart = new Chart(app, 'ordered', { namespace: 'models' });
  const config = (name: string) => new ApiObject(chart, name, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
  const [last, middle, first] = [config('last'), config('middle'), config('first')];
  last.node.addDependency(middle);
  middle.node.addDependency(first);
  new ModelServing(chart, 'iris', irisProps());
};

/** A chart that post-processes its objects by overriding toJson (honoured by app.synth() in the file-per-chart modes). */
class LabelledChart extends Chart {
  public toJson(): any[] {
    return super.toJson().map((o) => ({ ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, team: 'ml' } } }));
  }
}
const overriddenToJson: Build = (app) => {
  new ModelServing(new LabelledChart(app, 'labelled', { namespace: 'models' }), 'iris', irisProps());
};

function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      files[path.relative(dir, file)] = fs.readFileSync(file, 'utf8');
    }
  }
  return files;
}

describe('synthFolders writes what app.synth() writes', () => {
  let work: string;
  beforeEach(() => { work = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-folders-')); });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  /** Synthesizes the same app into two folders, with cdk8s and with synthFolders; returns both trees and synthFolders' result. */
  function both(build: Build, props: AppProps) {
    const cdk8s = new App({ ...props, outdir: path.join(work, 'cdk8s') });
    build(cdk8s);
    cdk8s.synth();
    const fast = new App({ ...props, outdir: path.join(work, 'fast') });
    build(fast);
    const folders = synthFolders(fast);
    return { expected: readTree(path.join(work, 'cdk8s')), actual: readTree(path.join(work, 'fast')), folders: folders.map((f) => path.relative(work, f)) };
  }

  const outputTypes = Object.values(YamlOutputType).filter((v): v is YamlOutputType => typeof v === 'number');
  const builds: Array<[string, Build]> = [['two environments and GitOps', environments], ['dependent charts', dependentCharts],
    ['objects depending on each other', dependentObjects], ['a chart overriding toJson', overriddenToJson]];

  describe.each(outputTypes.map((t) => [YamlOutputType[t], t] as const))('%s', (_name, yamlOutputType) => {
    test.each(builds)('%s: the same files, names and bytes', (_label, build) => {
      if (yamlOutputType === YamlOutputType.FILE_PER_RESOURCE && build === environments) {
        // One folder for both environments: app.synth() silently keeps only the last environment's
        // ServiceAccount "iris"; synthFolders refuses (test/synth/unique-objects.test.ts).
        const app = new App({ yamlOutputType, outdir: path.join(work, 'fast') });
        build(app);
        expect(() => synthFolders(app)).toThrow(/would overwrite ServiceAccount\.iris\.k8s\.yaml/);
        return;
      }
      const { expected, actual } = both(build, { yamlOutputType });
      expect(Object.keys(expected).length).toBeGreaterThan(0);
      expect(actual).toEqual(expected);
    });
  });

  test('returns one folder per chart, in chart order, for FOLDER_PER_CHART_FILE_PER_RESOURCE (numbered when charts depend on each other)', () => {
    expect(both(environments, { yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE }).folders)
      .toEqual(['fast/staging', 'fast/production', 'fast/gitops-argocd', 'fast/empty']);
    const dependent = both(dependentCharts, { yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    expect(dependent.folders).toEqual(['fast/0000-models-nested-c8826bd5', 'fast/0001-namespaces', 'fast/0002-models']);
    expect(Object.keys(dependent.actual)).toContain('0002-models/Deployment.iris-1-0-0.k8s.yaml');
  });

  test('orders a chart\'s objects by their dependencies, as app.synth() does', () => {
    const { actual } = both(dependentObjects, { yamlOutputType: YamlOutputType.FILE_PER_CHART });
    const names = [...actual['ordered.k8s.yaml'].matchAll(/^  name: (\S+)$/gm)].map((m) => m[1]);
    expect(names.indexOf('first')).toBeLessThan(names.indexOf('middle'));
    expect(names.indexOf('middle')).toBeLessThan(names.indexOf('last'));
  });

  test('returns the outdir for the other output types', () => {
    expect(both(environments, { yamlOutputType: YamlOutputType.FILE_PER_CHART }).folders).toEqual(['fast']);
  });

  test('writes construct-metadata.json when the app records construct metadata (as cdk8s synth asks for validation plugins)', () => {
    const { expected, actual } = both(environments, { yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE, recordConstructMetadata: true });
    expect(JSON.parse(actual['construct-metadata.json']).resources).toBeDefined();
    expect(actual).toEqual(expected);
  });

  test('runs every construct validation first and fails with app.synth()\'s message, writing nothing', () => {
    const build = (app: App) => {
      const chart = new Chart(app, 'broken');
      chart.node.addValidation({ validate: () => ['replicas must be set'] });
      new Construct(chart, 'child').node.addValidation({ validate: () => ['and so must the image'] });
    };
    const cdk8s = new App({ outdir: path.join(work, 'cdk8s') });
    build(cdk8s);
    const fast = new App({ outdir: path.join(work, 'fast') });
    build(fast);
    expect(() => cdk8s.synth()).toThrow();
    let message = '';
    try { cdk8s.synth(); } catch (error) { message = (error as Error).message; }
    expect(() => synthFolders(fast)).toThrow(message);
    expect(message).toBe('Validation failed with the following errors:\n  [broken] replicas must be set\n  [broken/child] and so must the image');
    expect(fs.existsSync(path.join(work, 'fast'))).toBe(false);
  });
});
