/**
 * The library's manifest writer (`manifestToYaml`, used by `synthFolders` and so by main.ts) as a
 * drop-in for cdk8s's `Yaml.stringify(...docs)`, so the benchmark can time the same app with each
 * writer and check the bytes are identical. Needs `npm run build` (build/lib).
 */
'use strict';

/** Documents separated by `---`, exactly as cdk8s's `Yaml.stringify`. */
function stringify(...docs) {
  // Required on first use: run.ts loads this file before it has rebuilt build/lib.
  const { manifestToYaml } = require('../../build/lib/synth/manifest-yaml');
  return docs.map((d) => (d === undefined ? '\n' : manifestToYaml(d))).join('---\n');
}

module.exports = { stringify };
