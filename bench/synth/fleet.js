/**
 * The benchmark fleets, configured as production serves models in models.yaml (Gateway API route,
 * autoscaling, fixed resources):
 * - `fleet(n)`: n versions, two per model as a 90/10 canary — a fleet that grows the way a real one
 *   does, by models as well as versions;
 * - `singleModel(n)`: one model with n versions, a 90/10 canary and n − 2 versions deployed at
 *   weight 0 and dark-launched (warm and reachable by pinned requests, e.g. for shadow checks before
 *   a rollback) — past 16 pinnable versions the construct splits its HTTPRoute (Gateway API allows
 *   16 rules per route).
 * One module feeds the construct and the Helm values, so both describe exactly the same models.
 */
'use strict';

const VERSIONS_PER_MODEL = 2;
const NAMESPACE = 'models';

/** @returns {import('../../lib').ModelServingProps[]} */
function fleet(versionCount) {
  if (!Number.isInteger(versionCount) || versionCount < 1) {
    throw new Error(`versionCount must be a positive integer, got ${JSON.stringify(versionCount)}`);
  }
  const models = [];
  for (let first = 0; first < versionCount; first += VERSIONS_PER_MODEL) {
    const modelName = `model-${String(models.length + 1).padStart(3, '0')}`;
    const count = Math.min(VERSIONS_PER_MODEL, versionCount - first);
    const versions = count === 1
      ? [{ version: '1.0.0', image: `ghcr.io/example/${modelName}-server:1.0.0`, weight: 100, replicas: 2 }]
      : [
        { version: '1.0.0', image: `ghcr.io/example/${modelName}-server:1.0.0`, weight: 90, replicas: 2 },
        { version: '1.1.0', image: `ghcr.io/example/${modelName}-server:1.1.0`, weight: 10, replicas: 1 },
      ];
    models.push(model(modelName, versions));
  }
  return models;
}

/** @returns {import('../../lib').ModelServingProps[]} */
function singleModel(versionCount) {
  if (!Number.isInteger(versionCount) || versionCount < 2) {
    throw new Error(`versionCount must be an integer of at least 2, got ${JSON.stringify(versionCount)}`);
  }
  const modelName = 'model-001';
  const versions = Array.from({ length: versionCount }, (_, i) => ({
    version: `1.${i}.0`, image: `ghcr.io/example/${modelName}-server:1.${i}.0`, weight: [90, 10][i] ?? 0, replicas: i === 0 ? 2 : 1,
    ...(i >= 2 ? { darkLaunch: true } : {}),
  }));
  return [model(modelName, versions)];
}

function model(modelName, versions) {
  return {
    modelName,
    resources: { cpu: '500m', memory: '512Mi' },
    gateway: {
      parentRefs: [{ name: 'public', namespace: 'gateway-system' }],
      hostnames: [`${modelName}.example.com`],
    },
    autoscaling: { minReplicas: 2, maxReplicas: 10, targetCpuUtilizationPercent: 70 },
    versions,
  };
}

const FLEETS = { fleet, single: singleModel };

/** Parses the `<fleet> <versionCount> <outdir>` arguments every synth child takes. */
function parseArgs(argv) {
  const [name, count, outdir] = argv.slice(2);
  const versionCount = Number(count);
  if (!(name in FLEETS) || !outdir || !Number.isInteger(versionCount)) {
    throw new Error(`usage: node ${argv[1]} <${Object.keys(FLEETS).join('|')}> <versionCount> <outdir> (got ${JSON.stringify(argv.slice(2))})`);
  }
  return { models: FLEETS[name](versionCount), outdir };
}

module.exports = { fleet, singleModel, FLEETS, parseArgs, NAMESPACE };
