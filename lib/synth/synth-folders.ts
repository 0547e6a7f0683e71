import * as fs from 'fs';
import * as path from 'path';
import type { App } from 'cdk8s';
import { manifestToYaml } from './manifest-yaml';
import { planSynth, SynthPlan } from './synth-plan';

/**
 * Synthesizes `app` exactly as `app.synth()` does — the same validation, files, names and bytes,
 * for every `YamlOutputType` of the app, and construct-metadata.json when cdk8s's CLI asks for it —
 * with the library's own YAML writer, several times faster than cdk8s's on large fleets (see
 * BENCHMARKS.md). Call it instead of `app.synth()`.
 *
 * Like `app.synth()`, it writes into `app.outdir` without emptying it first (`cdk8s synth` empties
 * its output folder before it runs the app; see `publishOutput` for keeping a failed synth from
 * emptying the folder you commit). Unlike `app.synth()`, it never writes a file twice in one run:
 * two objects that map to the same file (same kind and name, e.g. in two namespaces of one chart)
 * are an error naming both, not a silent overwrite of the first.
 *
 * @param app - the app to synthesize, with every chart built
 * @returns the folders written into, in order: one per chart with
 * `YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE`, otherwise the outdir
 * @category Synthesis
 */
export function synthFolders(app: App): string[] {
  return writeSynthPlan(planSynth(app));
}

/**
 * Writes a planned output: every file of the plan rendered with `manifestToYaml`, documents
 * separated by `---` as cdk8s's `Yaml.stringify(...docs)` separates them.
 * @returns the folders written into, in order
 */
export function writeSynthPlan(plan: SynthPlan): string[] {
  refuseOverwrites(plan);
  fs.mkdirSync(plan.outdir, { recursive: true });
  for (const folder of plan.folders) fs.mkdirSync(folder, { recursive: true });
  for (const file of plan.files) fs.writeFileSync(file.path, file.objects.map(documentYaml).join('---\n'), { encoding: 'utf8' });
  if (plan.constructMetadata !== undefined) fs.writeFileSync(path.join(plan.outdir, 'construct-metadata.json'), plan.constructMetadata);
  return plan.folders;
}

/** Two planned files with one path would be one object silently replaced by another: refused, naming both. */
function refuseOverwrites(plan: SynthPlan): void {
  const planned = new Map<string, string>();
  for (const file of plan.files) {
    const what = file.objects.map(describe).join(', ') + (file.chart ? ` of chart ${file.chart}` : '');
    const earlier = planned.get(file.path);
    if (earlier !== undefined) {
      throw new Error(`synthFolders: ${what} would overwrite ${path.relative(plan.outdir, file.path)}, already written in this run for ${earlier}; `
        + 'give one of them another name (or its chart another id)');
    }
    planned.set(file.path, what);
  }
}

function describe(object: any): string {
  const namespace = object?.metadata?.namespace ? ` in namespace "${object.metadata.namespace}"` : '';
  return `${object?.apiVersion} ${object?.kind} "${object?.metadata?.name}"${namespace}`;
}

function documentYaml(doc: unknown): string {
  return doc === undefined ? '\n' : manifestToYaml(doc);
}
