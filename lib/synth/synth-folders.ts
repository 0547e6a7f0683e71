import * as fs from 'fs';
import * as path from 'path';
import { App, Names } from 'cdk8s';
import { manifestToYaml } from './manifest-yaml';

/**
 * Writes an app the way `app.synth()` does with `YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE`
 * — one folder per chart, one `<Kind>.<name><ext>` file per object, the same bytes — but with
 * `manifestToYaml`, several times faster than cdk8s's YAML writer on large fleets. Runs every
 * construct validation first, as `app.synth()` does. Returns the folders written, in chart order.
 *
 * Unlike `app.synth()`, it never writes a file twice in one run: two objects that map to the same
 * file (same kind and name, e.g. in two namespaces of one chart, or two charts with the same folder)
 * are an error naming both, not a silent overwrite of the first.
 */
export function synthFolders(app: App): string[] {
  const errors = app.node.findAll().flatMap((construct) => construct.node.validate().map((message) => `${construct.node.path}: ${message}`));
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  const folders: string[] = [];
  const written = new Map<string, string>();
  for (const chart of app.charts) {
    const folder = path.join(app.outdir, Names.toDnsLabel(chart));
    fs.mkdirSync(folder, { recursive: true });
    for (const object of chart.toJson()) {
      const fileName = `${object.kind}.${object.metadata.name}`.replace(/[^0-9a-zA-Z-_.]/g, '');
      const file = path.join(folder, fileName + app.outputFileExtension);
      const what = `${object.apiVersion} ${object.kind} "${object.metadata.name}"${object.metadata.namespace ? ` in namespace "${object.metadata.namespace}"` : ''} of chart ${chart.node.path}`;
      const earlier = written.get(file);
      if (earlier !== undefined) {
        throw new Error(`synthFolders: ${what} would overwrite ${path.relative(app.outdir, file)}, already written in this run for ${earlier}; `
          + 'give one of them another name (or its chart another id)');
      }
      written.set(file, what);
      fs.writeFileSync(file, manifestToYaml(object), { encoding: 'utf8' });
    }
    folders.push(folder);
  }
  return folders;
}
