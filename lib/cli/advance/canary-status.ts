/**
 * The canary columns of `status`: where each canary stands (step i of n) and its last decision.
 * Without a state file, "last decision" is the newest commit of models.yaml (first parents) that
 * changed the candidate's weight: every start, step and rollback is one, so git says which and
 * when. Decisions that changed nothing (waiting) leave no trace, by design.
 */
import { canaryOf } from '../../models-file/canary';
import type { ModelsFile } from '../../models-file/model-entries';
import { declaredWeights } from '../weights';
import { lastChange, ModelsHistory, rolledBackIn } from './canary-history';
import { stepPosition } from './decision';

const HEADER = ['MODEL', 'ENVIRONMENT', 'CANDIDATE', 'STEP', 'LAST DECISION'];

/** One row per model and environment with a canary (none: no rows, no header). */
export function canaryRows(config: ModelsFile, file: string, models: string[], envFilter: string[]): string[][] {
  const rows: string[][] = [];
  let history: ModelsHistory | undefined;
  for (const model of models) {
    for (const env of Object.keys(config.models[model].environments)) {
      if (envFilter.length > 0 && !envFilter.includes(env)) continue;
      const canary = canaryOf(config, model, env);
      if (!canary) continue;
      history ??= ModelsHistory.read(file);
      const versions = config.models[model].environments[env].versions;
      const candidate = versions[versions.length - 1].version;
      const weight = declaredWeights(versions).find((w) => w.version === candidate)!.weight;
      const n = canary.steps.length;
      const position = stepPosition(canary.steps, weight);
      const step = weight === 0
        ? (rolledBackIn(history, model, env, candidate) ? `rolled back (0 of ${n})` : `not started (0 of ${n})`)
        : `${weight >= canary.steps[n - 1] ? 'complete, ' : ''}${position} of ${n} (${weight}%)`;
      rows.push([model, env, candidate, step, lastDecision(history, model, env, candidate, weight)]);
    }
  }
  return rows.length > 0 ? [HEADER, ...rows] : [];
}

function lastDecision(history: ModelsHistory, model: string, env: string, candidate: string, weight: number): string {
  if (history.unavailable !== undefined) return '- (no git history)';
  const newest = history.revisions[0];
  if (!newest || (history.candidateWeight(newest, model, env, candidate) ?? 0) !== weight) return `uncommitted: weight ${weight}`;
  const change = lastChange(history, model, env, candidate);
  if (!change) return '-';
  const when = new Date(change.revision.time * 1000).toISOString().slice(0, 16).replace('T', ' ');
  const what = change.decision === 'released' ? 'released at 0' : `${change.decision} ${change.from} → ${change.to}`;
  return `${what} in ${change.revision.label} (${when} UTC)`;
}

/** Every model and environment with a canary, in file order: what a scheduled pipeline runs `advance` for. */
export function canaryList(config: ModelsFile): { model: string; environment: string }[] {
  return Object.entries(config.models).flatMap(([model, entry]) => Object.keys(entry.environments)
    .filter((environment) => canaryOf(config, model, environment) !== undefined)
    .map((environment) => ({ model, environment })));
}
