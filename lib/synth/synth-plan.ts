/**
 * What `app.synth()` would write — which files, holding which objects as JSON — computed the way
 * cdk8s 2 computes it, with its public API only, so `synthFolders` can write the same files with a
 * faster YAML writer. Kept apart from the writing so the synth benchmark can time resolving objects
 * and writing YAML separately.
 *
 * Mirrors `App.synth()` of cdk8s 2.70 (lib/app.ts): validation of every construct, dependencies
 * between charts and between their objects, topological order, chart and folder names (indexed
 * `0000-<chart>` when charts depend on each other), the four `YamlOutputType`s and
 * construct-metadata.json. test/synth/synth-folders.test.ts compares the result with
 * `app.synth()` for every output type.
 */
import * as path from 'path';
import { ApiObject, App, Chart, DependencyGraph, Names, YamlOutputType } from 'cdk8s';
import type { IConstruct } from 'constructs';

/** One file of the output and the objects (resolved JSON) it holds, in order. */
export interface PlannedFile {
  /** Path of the file, under the app's outdir. */
  readonly path: string;
  /** The documents of the file; `undefined` entries are written as empty documents, as cdk8s does. */
  readonly objects: unknown[];
  /** The chart the object comes from, for a file per resource (named in errors). */
  readonly chart?: string;
}

/** The whole output of an app. */
export interface SynthPlan {
  readonly outdir: string;
  /** Folders the files go into, in order: one per chart for FOLDER_PER_CHART_FILE_PER_RESOURCE, otherwise the outdir. */
  readonly folders: string[];
  readonly files: PlannedFile[];
  /** construct-metadata.json, when the app records construct metadata (cdk8s CLI validation plugins read it). */
  readonly constructMetadata?: string;
}

/** Validates `app`, resolves every object to JSON and lays out the files `app.synth()` would write. */
export function planSynth(app: App): SynthPlan {
  const constructs = new FindAllCache();
  validate(app, constructs);
  const { hasDependantCharts, anyDependency } = resolveDependencies(app, constructs);
  const chartObjects = (chart: Chart) => objectsInOrder(chart, anyDependency, constructs);
  const chartJson = (chart: Chart): any[] => {
    // Chart.toJson() validates the whole app and resolves its dependencies again on every call;
    // both are done once above, so a chart that does not override toJson is resolved directly.
    if (chart.toJson !== Chart.prototype.toJson) return Object.values(chart.toJson());
    return chartObjects(chart).map((o) => o.toJson());
  };
  // app.charts builds a dependency graph of the whole app; with no dependency its order is the tree's.
  const charts = anyDependency ? app.charts : constructs.findAll(app).filter((c): c is Chart => c instanceof Chart);
  const ext = app.outputFileExtension;
  const files: PlannedFile[] = [];
  const folders = app.yamlOutputType === YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE ? [] : [app.outdir];
  const fileName = (object: any) => `${object.kind}.${object.metadata.name}`.replace(/[^0-9a-zA-Z-_.]/g, '') + ext;
  const chartNamer = indexedNamer(hasDependantCharts);

  switch (app.yamlOutputType) {
    case YamlOutputType.FILE_PER_APP:
      if (charts.length > 0) files.push({ path: path.join(app.outdir, `app${ext}`), objects: charts.flatMap(chartJson) });
      break;
    case YamlOutputType.FILE_PER_CHART:
      for (const chart of charts) files.push({ path: path.join(app.outdir, chartNamer(chart) + ext), objects: chartJson(chart) });
      break;
    case YamlOutputType.FILE_PER_RESOURCE:
      for (const chart of charts) {
        for (const object of chartJson(chart)) {
          if (object !== undefined) files.push({ path: path.join(app.outdir, fileName(object)), objects: [object], chart: chart.node.path });
        }
      }
      break;
    case YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE:
      for (const chart of charts) {
        const folder = path.join(app.outdir, chartNamer(chart));
        folders.push(folder);
        // As app.synth() in this mode: each object's own toJson(), not an override of the chart's.
        for (const apiObject of chartObjects(chart)) {
          const object = apiObject.toJson();
          files.push({ path: path.join(folder, fileName(object)), objects: [object], chart: chart.node.path });
        }
      }
      break;
    default:
      break;
  }
  return { outdir: app.outdir, folders, files, constructMetadata: recordsConstructMetadata(app) ? constructMetadata(charts.flatMap(chartObjects)) : undefined };
}

/**
 * Whether the app records construct metadata: its `recordConstructMetadata` prop, else
 * CDK8S_RECORD_CONSTRUCT_METADATA (set by `cdk8s synth` when validation plugins are configured).
 * cdk8s keeps the resolved setting in a private field; it is read, never written.
 */
function recordsConstructMetadata(app: App): boolean {
  const resolved = (app as unknown as { recordConstructMetadata?: unknown }).recordConstructMetadata;
  return typeof resolved === 'boolean' ? resolved : process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true';
}

/**
 * A chart's API objects in dependency order, each in its closest chart only. Without a single
 * dependency in the app, cdk8s's dependency graph has no edges and its order is the construct
 * tree's, so the graph (two vertex sets per construct) is only built when some construct declares one.
 */
function objectsInOrder(chart: Chart, anyDependency: boolean, constructs: FindAllCache): ApiObject[] {
  const ordered = anyDependency ? new DependencyGraph(chart.node).topology() : constructs.findAll(chart);
  return ordered.filter((c): c is ApiObject => c instanceof ApiObject).filter((c) => Chart.of(c) === chart);
}

/** Chart names, numbered `0000-…` in order when charts depend on each other, as app.synth() names them. */
function indexedNamer(indexed: boolean): (chart: Chart) => string {
  let index = 0;
  return (chart) => (indexed ? `${(index++).toString().padStart(4, '0')}-` : '') + Names.toDnsLabel(chart);
}

/** Each construct's `findAll()`, computed once (cdk8s caches it the same way during a synth). */
class FindAllCache {
  private readonly cache = new Map<IConstruct, IConstruct[]>();
  public findAll(construct: IConstruct): IConstruct[] {
    let all = this.cache.get(construct);
    if (!all) {
      all = construct.node.findAll();
      this.cache.set(construct, all);
    }
    return all;
  }
}

/** Every construct's validations, reported together with app.synth()'s message. */
function validate(app: App, constructs: FindAllCache): void {
  const errors: string[] = [];
  for (const child of constructs.findAll(app)) {
    for (const error of child.node.validate()) errors.push(`[${child.node.path}] ${error}`);
  }
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

/**
 * Turns nested charts and dependencies between constructs of different charts into dependencies
 * between the charts and between their API objects, as app.synth() does before ordering anything.
 * Returns whether any chart depends on another (the output names are then numbered) and whether
 * any construct depends on another at all.
 */
function resolveDependencies(app: App, constructs: FindAllCache): { hasDependantCharts: boolean; anyDependency: boolean } {
  let hasDependantCharts = false;
  for (const parentChart of constructs.findAll(app).filter((c): c is Chart => c instanceof Chart)) {
    for (const childChart of parentChart.node.children.filter((c) => c instanceof Chart)) {
      parentChart.node.addDependency(childChart);
      hasDependantCharts = true;
    }
  }
  const declared = dependencies(app, constructs);
  for (const dep of declared) {
    const sourceChart = Chart.of(dep.source);
    const targetChart = Chart.of(dep.target);
    if (sourceChart !== targetChart) {
      sourceChart.node.addDependency(targetChart);
      hasDependantCharts = true;
    }
  }
  if (!hasDependantCharts && declared.length === 0) return { hasDependantCharts, anyDependency: false };
  // Computed again: the chart dependencies added above count too.
  for (const dep of dependencies(app, constructs)) {
    const sourceChart = Chart.of(dep.source);
    const targetChart = Chart.of(dep.target);
    const apiObjectsOf = (construct: IConstruct, chart: Chart) => constructs.findAll(construct)
      .filter((c) => c instanceof ApiObject).filter((c) => Chart.of(c) === chart);
    const targets = apiObjectsOf(dep.target, targetChart);
    const sources = apiObjectsOf(dep.source, sourceChart);
    for (const target of targets) {
      for (const source of sources) if (target !== source) source.node.addDependency(target);
    }
  }
  return { hasDependantCharts, anyDependency: hasDependantCharts || declared.length > 0 };
}

function dependencies(app: App, constructs: FindAllCache): Array<{ source: IConstruct; target: IConstruct }> {
  const deps: Array<{ source: IConstruct; target: IConstruct }> = [];
  for (const child of constructs.findAll(app)) {
    for (const target of child.node.dependencies) deps.push({ source: child, target });
  }
  return deps;
}

/** construct-metadata.json: each object's name and construct path. */
function constructMetadata(apiObjects: ApiObject[]): string {
  const resources: Record<string, { path: string }> = {};
  for (const apiObject of apiObjects) resources[apiObject.name] = { path: apiObject.node.path };
  return JSON.stringify({ version: '1.0.0', resources });
}
