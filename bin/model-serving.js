#!/usr/bin/env node
'use strict';
/*
 * The `model-serving` command (package.json `bin`). This small committed file, not the compiled
 * CLI, is the bin target on purpose:
 *
 * - In this repository `npx model-serving` does not find the command in node_modules/.bin (npm
 *   never links a package's own bin there): npx links the checkout into its cache once and links
 *   the bin there. A bin target that does not exist yet at that moment (build/ before a build) is
 *   skipped, and npx never retries, so the command stayed "not found" for good. This file always
 *   exists.
 * - In a checkout (the TypeScript sources are next to this file) it runs the sources through
 *   ts-node, as `cdk8s synth` runs main.ts: no build step to remember, and an edit under lib/
 *   takes effect at once instead of running a stale build/.
 * - In the published package (no sources, only build/) it runs the compiled CLI.
 */
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const source = path.join(root, 'lib', 'cli', 'index.ts');
const compiled = path.join(root, 'build', 'lib', 'cli', 'index.js');

function tsNode() {
  try {
    return require(require.resolve('ts-node', { paths: [root] }));
  } catch {
    return undefined; // a checkout installed without dev dependencies: fall back to build/
  }
}

const register = fs.existsSync(source) ? tsNode() : undefined;
if (register) {
  // Type checks belong to `npm test` and `npm run build`; here only the transpilation, for speed.
  register.register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
  require(source);
} else if (fs.existsSync(compiled)) {
  require(compiled);
} else {
  process.stderr.write(`error: the model-serving CLI is not built (${path.relative(process.cwd(), compiled) || compiled} is missing): run \`npm run build\` in ${root}\n`);
  process.exitCode = 1;
}
