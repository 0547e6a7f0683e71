/**
 * The benchmark fleet: `versionCount` model versions configured as production serves them in
 * models.yaml (Gateway API route, autoscaling, fixed resources), two versions per model as a
 * 90/10 canary — so a fleet grows the way a real one does, by models as well as versions.
 * One module feeds the construct, the hand-written cdk8s baseline and the Helm values, so all
 * three describe exactly the same fleet.
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
    models.push({
      modelName,
      resources: { cpu: '500m', memory: '512Mi' },
      gateway: {
        parentRefs: [{ name: 'public', namespace: 'gateway-system' }],
        hostnames: [`${modelName}.example.com`],
      },
      autoscaling: { minReplicas: 2, maxReplicas: 10, targetCpuUtilizationPercent: 70 },
      versions,
    });
  }
  return models;
}

/** Parses the `<versionCount> <outdir>` arguments every synth child takes. */
function parseArgs(argv) {
  const [count, outdir] = argv.slice(2);
  const versionCount = Number(count);
  if (!outdir || !Number.isInteger(versionCount)) {
    throw new Error(`usage: node ${argv[1]} <versionCount> <outdir> (got ${JSON.stringify(argv.slice(2))})`);
  }
  return { versionCount, outdir };
}

module.exports = { fleet, parseArgs, NAMESPACE };
