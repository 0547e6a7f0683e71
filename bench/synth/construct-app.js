/**
 * Synthesizes the benchmark fleet with the ModelServing construct from the compiled library
 * (build/lib), into <outdir>/fleet.k8s.yaml. Prints one JSON line with the in-process phase
 * times, so the report can say where the wall time goes (module loading, constructs, YAML).
 * Usage: node bench/synth/construct-app.js <versionCount> <outdir>
 */
'use strict';

const started = performance.now();
const { App, Chart } = require('cdk8s');
const { ModelServing } = require('../../build/lib');
const { fleet, parseArgs, NAMESPACE } = require('./fleet');

const loaded = performance.now();
const { versionCount, outdir } = parseArgs(process.argv);
const app = new App({ outdir });
const chart = new Chart(app, 'fleet', { namespace: NAMESPACE });
for (const props of fleet(versionCount)) new ModelServing(chart, props.modelName, props);
const constructed = performance.now();
app.synth();
const synthesized = performance.now();

console.log(JSON.stringify({
  loadMs: loaded - started,
  constructMs: constructed - loaded,
  synthMs: synthesized - constructed,
}));
