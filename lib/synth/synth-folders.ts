import * as fs from 'fs';
import * as path from 'path';
import { App, Names } from 'cdk8s';
import { manifestToYaml } from './manifest-yaml';

/**
 * Writes an app the way `app.synth()` does with `YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE`
 * — one folder per chart, one `<Kind>.<name><ext>` file per object, the same bytes — but with
 * `manifestToYaml`, several times faster than cdk8s's YAML writer on large fleets. Runs every
 * construct validation first, as `app.synth()` does. Returns the folders written, in chart order.
 */
export function synthFolders(app: App): string[] {
  const errors = app.node.findAll().flatMap((construct) => construct.node.validate().map((message) => `${construct.node.path}: ${message}`));
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  const folders: string[] = [];
  for (const chart of app.charts) {
    const folder = path.join(app.outdir, Names.toDnsLabel(chart));
    fs.mkdirSync(folder, { recursive: true });
    for (const object of chart.toJson()) {
      const fileName = `${object.kind}.${object.metadata.name}`.replace(/[^0-9a-zA-Z-_.]/g, '');
      fs.writeFileSync(path.join(folder, fileName + app.outputFileExtension), manifestToYaml(object), { encoding: 'utf8' });
    }
    folders.push(folder);
  }
  return folders;
}
