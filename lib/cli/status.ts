import { replicasOf } from '../model-serving/defaults';
import { ModelsFile, modelServingProps } from '../models-file/model-entries';
import { declaredWeights } from './weights';

const HEADER = ['MODEL', 'ENVIRONMENT', 'VERSION', 'WEIGHT', 'TRAFFIC', 'REPLICAS', 'IMAGE'];

/**
 * One row per model, environment and version. TRAFFIC is the share the routers give the version
 * (weight / sum of the environment's weights; "pinned only" for a dark-launched weight-0 version);
 * REPLICAS shows the HPA range when it autoscales.
 */
export function renderStatus(config: ModelsFile, models: string[], envFilter: string[]): string[] {
  const rows: string[][] = [];
  for (const model of models) {
    for (const env of Object.keys(config.models[model].environments)) {
      if (envFilter.length > 0 && !envFilter.includes(env)) continue;
      const props = modelServingProps(config, model, env);
      const weights = declaredWeights(props.versions).map((w) => w.weight);
      const total = weights.reduce((sum, w) => sum + w, 0);
      props.versions.forEach((v, i) => {
        const replicas = replicasOf(v, props.autoscaling);
        const shownReplicas = props.autoscaling && replicas > 0 ? `${replicas}-${props.autoscaling.maxReplicas} (HPA)` : String(replicas);
        // A weight-0 version receives nothing, unless dark-launched: then pinned requests only.
        const traffic = weights[i] === 0 && v.darkLaunch === true ? '0% (pinned only)' : percent(weights[i], total);
        rows.push([model, env, v.version, String(weights[i]), traffic, shownReplicas, v.image]);
      });
    }
  }
  return table([HEADER, ...rows]);
}

function percent(weight: number, total: number): string {
  if (total === 0) return '0%';
  const share = (100 * weight) / total;
  return `${Number.isInteger(share) ? share : share.toFixed(1)}%`;
}

/** Left-aligned columns separated by two spaces, without trailing blanks. */
export function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  return rows.map((row) => row.map((cell, col) => cell.padEnd(widths[col])).join('  ').trimEnd());
}
