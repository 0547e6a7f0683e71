/**
 * One synth of a benchmark fleet with the ModelServing construct from the compiled library
 * (build/lib: `npm run build` first), written by the library's writer or by cdk8s's:
 *
 *   node bench/synth/synth-app.js <fast|cdk8s> <fleet|single> <versionCount> <outdir>
 *
 * fast = `synthFolders(app)` — timed as its two halves, `planSynth` then `writeSynthPlan` — which
 * main.ts calls and the README shows; cdk8s = `app.synth()`. Both
 * write one file per chart, <outdir>/fleet.k8s.yaml: the shape of `helm template`'s output.
 *
 * Prints one JSON line of in-process phases, in ms:
 * - startMs: process start → first line of this script (Node's own bootstrap);
 * - moduleMs: every module load, including those a phase triggers lazily (a CRD class on first use);
 * - buildMs: constructing the objects (validation, defaults, sync waves), module loads excluded;
 * - resolveMs: validating the app and resolving every object to JSON (fast writer only: `planSynth`);
 * - writeMs: rendering YAML and writing the file (fast writer only: `writeSynthPlan`);
 * - synthMs: resolve + write (both writers: `synthFolders` or `app.synth()`).
 * The runner adds what the process spends after the last phase (exit, final GC) from its wall time.
 */
'use strict';

const startMs = performance.now();

// Module loading is timed at the outermost require only, so nested requires are not counted twice.
const Module = require('module');
const originalLoad = Module._load;
let moduleMs = 0;
let depth = 0;
Module._load = function timedLoad(...args) {
  if (depth > 0) return originalLoad.apply(this, args);
  depth++;
  const started = performance.now();
  try {
    return originalLoad.apply(this, args);
  } finally {
    depth--;
    moduleMs += performance.now() - started;
  }
};

/** Runs `fn` and returns its duration without the module loads it triggered. */
function phase(fn) {
  const modulesBefore = moduleMs;
  const started = performance.now();
  fn();
  return performance.now() - started - (moduleMs - modulesBefore);
}

const [writer, ...rest] = process.argv.slice(2);
if (writer !== 'fast' && writer !== 'cdk8s') throw new Error(`usage: node ${process.argv[1]} <fast|cdk8s> <fleet|single> <versionCount> <outdir>`);
const { App, Chart, YamlOutputType } = require('cdk8s');
const { ModelServing } = require('../../build/lib');
const { planSynth } = require('../../build/lib/synth/synth-plan');
const { writeSynthPlan } = require('../../build/lib/synth/synth-folders');
const { parseArgs, NAMESPACE } = require('./fleet');

const { models, outdir } = parseArgs([process.argv[0], process.argv[1], ...rest]);
const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
const buildMs = phase(() => {
  const chart = new Chart(app, 'fleet', { namespace: NAMESPACE });
  for (const props of models) new ModelServing(chart, props.modelName, props);
});
const phases = { startMs, buildMs };
if (writer === 'fast') {
  let plan;
  phases.resolveMs = phase(() => { plan = planSynth(app); });
  phases.writeMs = phase(() => writeSynthPlan(plan));
  phases.synthMs = phases.resolveMs + phases.writeMs;
} else {
  phases.synthMs = phase(() => app.synth());
}
phases.moduleMs = moduleMs;
phases.endMs = performance.now();
console.log(JSON.stringify(phases));
