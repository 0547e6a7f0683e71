/**
 * Experiment: construct-app.js with cdk8s's YAML writer swapped for fast-yaml.js (same bytes,
 * checked by run.ts), to measure how much of the gap to `helm template` is the YAML writer.
 * Usage: node bench/synth/construct-fastyaml-app.js <versionCount> <outdir>
 */
'use strict';

const started = performance.now();
const cdk8s = require('cdk8s');
const { ModelServing } = require('../../build/lib');
const { fleet, parseArgs, NAMESPACE } = require('./fleet');
const { stringify } = require('./fast-yaml');

cdk8s.Yaml.stringify = stringify;
const loaded = performance.now();
const { versionCount, outdir } = parseArgs(process.argv);
const app = new cdk8s.App({ outdir });
const chart = new cdk8s.Chart(app, 'fleet', { namespace: NAMESPACE });
for (const props of fleet(versionCount)) new ModelServing(chart, props.modelName, props);
const constructed = performance.now();
app.synth();
const synthesized = performance.now();

console.log(JSON.stringify({
  loadMs: loaded - started,
  constructMs: constructed - loaded,
  synthMs: synthesized - constructed,
}));
