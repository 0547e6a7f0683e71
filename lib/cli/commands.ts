/**
 * The release commands. Each computes the new weights from the validated file and edits the YAML
 * Document inside `editModels` (lock, validate, atomic write, synth, swap — see ./edit). Every
 * command returns the lines it reports; any error leaves models.yaml and dist/ as they were.
 *
 * Every editing command leaves the weights of each environment it acts on summing to 100, so a
 * weight always reads as a percent of traffic, whatever the file held before (a hand edit, an old
 * revision restored by rollback): see `normalizeWeights`.
 */
import { DEFAULT_VERSION_HEADER } from '../model-serving/defaults';
import type { ModelVersionSpec } from '../model-serving/version-spec';
import { canaryRows } from './advance/canary-status';
import { editModels } from './edit';
import { findEarlierWeights } from './history';
import { ModelsSession } from './models-session';
import { renderStatus, table } from './status';
import { describeChange, normalizeWeights, onlyVersion, promoteWeights, UNCHANGED, VersionWeight } from './weights';

/** Options every command takes. */
export interface CommonOptions {
  readonly file: string;
  readonly env: string[];
}

/** Options of the commands that edit the file. */
export interface EditOptions extends CommonOptions {
  readonly synth: boolean;
}

export interface ReleaseOptions extends EditOptions {
  readonly version: string;
  readonly image: string;
  readonly weight: number;
  readonly replicas?: number;
  readonly modelUri?: string;
  readonly darkLaunch?: boolean;
}

/** Adds a version to each chosen environment (default: every one serving the model), at weight 0 unless told. */
export function release(model: string, options: ReleaseOptions): Promise<string[]> {
  return editModels(options, (session) => {
    const envs = session.environments(model, options.env);
    const report: string[] = [];
    for (const env of envs) {
      const existing = session.versions(model, env).find((v) => v.version === options.version);
      if (existing) {
        throw new Error(`model "${model}" already has version "${options.version}" in ${env} (image ${existing.image}); use promote to change its weight`);
      }
      const before = [...session.weights(model, env), { version: options.version, weight: 0 }];
      const after = options.weight > 0 ? promoteWeights(before, options.version, options.weight) : normalizeWeights(before);
      const spec: ModelVersionSpec = {
        version: options.version,
        image: options.image,
        weight: options.weight,
        ...(options.replicas !== undefined ? { replicas: options.replicas } : {}),
        ...(options.modelUri !== undefined ? { modelUri: options.modelUri } : {}),
        ...(options.darkLaunch ? { darkLaunch: true } : {}),
      };
      session.addVersion(model, env, spec);
      session.setWeights(model, env, weightEdits(before, after).filter((v) => v.version !== options.version));
      const added = `${env}: added ${model} ${options.version} (${options.image}) at weight ${options.weight}`;
      const change = describeChange(before, after);
      const rewritten = change === UNCHANGED ? '' : `; ${change}`;
      report.push(options.weight > 0 ? `${added}${rewritten}` : `${added}${rewritten}: ${reachability(session, model, env, options)}`);
    }
    return report;
  });
}

/** What a weight-0 release receives, in the words of docs/release.md. */
function reachability(session: ModelsSession, model: string, env: string, options: ReleaseOptions): string {
  if (!options.darkLaunch) return 'deployed and warm, receives no request (promote it, or release with --dark-launch to pin it for tests)';
  const entry = session.model(model);
  const header = entry.environments[env].gateway?.versionHeader ?? entry.gateway?.versionHeader ?? DEFAULT_VERSION_HEADER;
  const grpc = (entry.environments[env].grpc ?? entry.grpc) ? `; over gRPC, metadata ${header}: ${options.version}` : '';
  return `dark launch, no traffic; only pinned requests reach it (header ${header}: ${options.version}, or /v2/models/${model}/versions/${options.version}/...${grpc})`;
}

export interface PromoteOptions extends EditOptions {
  readonly version: string;
  readonly weight: number;
}

/** Gives a version `weight` percent of the traffic, the others sharing the rest as before. */
export function promote(model: string, options: PromoteOptions): Promise<string[]> {
  return editModels(options, (session) => changeWeights(session, session.environments(model, options.env, options.version), model, (current, env) => {
    session.versionIndex(model, env, options.version);
    return promoteWeights(current, options.version, options.weight);
  }));
}

export interface RollbackOptions extends EditOptions {
  readonly to?: string;
}

/** Restores the weights of the most recent revision that had different ones, or sends everything to `--to`. */
export function rollback(model: string, options: RollbackOptions): Promise<string[]> {
  return editModels(options, (session) => {
    if (options.to !== undefined) {
      const to = options.to;
      return changeWeights(session, session.environments(model, options.env, to), model, (current, env) => {
        session.versionIndex(model, env, to);
        return onlyVersion(current, to);
      });
    }
    const envs = session.environments(model, options.env);
    const current = new Map(envs.map((env) => [env, session.weights(model, env)]));
    const earlier = findEarlierWeights(session.path, model, current);
    if (!earlier) {
      throw new Error(`no earlier revision of ${session.shownPath} in git has different weights for ${model} in ${envs.join(', ')}; use --to <version>`);
    }
    const report = changeWeights(session, envs, model, (_current, env) => {
      const weights = earlier.weights.get(env)!;
      if (weights.every((w) => w.weight === 0)) {
        throw new Error(`revision ${earlier.revision} sent ${model}'s traffic in ${env} only to versions retired since; use --to <version>`);
      }
      return weights;
    });
    const notes = earlier.retired.length > 0
      ? [`note: retired since, so not restored (their share went to the others in proportion): ${earlier.retired.join(', ')}`] : [];
    return [`restoring the weights of ${earlier.revision}`, ...report, ...notes];
  });
}

export interface RetireOptions extends EditOptions {
  readonly version: string;
}

/** Removes a version that no longer gets traffic from each chosen environment (default: every one that has it). */
export function retire(model: string, options: RetireOptions): Promise<string[]> {
  return editModels(options, (session) => {
    const envs = session.environments(model, options.env, options.version);
    const report: string[] = [];
    for (const env of envs) {
      session.versionIndex(model, env, options.version);
      const weights = session.weights(model, env);
      const own = weights.find((w) => w.version === options.version)!;
      if (weights.length === 1) throw new Error(`${options.version} is the only version of ${model} in ${env}; release another version before retiring it`);
      if (own.weight > 0) {
        throw new Error(`${model} ${options.version} still has weight ${own.weight} in ${env}; promote another version to 100 first`);
      }
      // Its weight is 0, so the others keep their shares; a split that was not in percent (a hand edit) is rewritten in percent.
      const rest = weights.filter((w) => w.version !== options.version);
      const after = normalizeWeights(rest);
      session.setWeights(model, env, weightEdits(rest, after));
      session.removeVersion(model, env, options.version);
      const change = describeChange(rest, after);
      report.push(`${env}: retired ${model} ${options.version}${change === UNCHANGED ? '' : `; ${change}`}`);
    }
    return report;
  });
}

/** The table of versions, weights, traffic shares, replicas and images; then where each canary stands (reads only: no lock). */
export function status(model: string | undefined, options: CommonOptions): string[] {
  const session = ModelsSession.open(options.file);
  const models = model === undefined ? Object.keys(session.config.models) : [model];
  models.forEach((m) => session.model(m));
  if (model !== undefined) session.environments(model, options.env);
  const declared = Object.keys(session.config.environments);
  const unknown = options.env.find((env) => !declared.includes(env));
  if (unknown !== undefined) throw new Error(`unknown environment "${unknown}" (${session.shownPath} declares: ${declared.join(', ')})`);
  const canaries = canaryRows(session.config, session.path, models, options.env);
  return [...renderStatus(session.config, models, options.env), ...(canaries.length > 0 ? ['', ...table(canaries)] : [])];
}

function changeWeights(
  session: ModelsSession, envs: string[], model: string,
  compute: (current: VersionWeight[], env: string) => VersionWeight[],
): string[] {
  const report: string[] = [];
  for (const env of envs) {
    const before = session.weights(model, env);
    const after = normalizeWeights(compute(before, env));
    session.setWeights(model, env, weightEdits(before, after));
    report.push(`${env}: ${model} ${describeChange(before, after)}`);
  }
  return report;
}

/** The entries of `after` whose weight differs from `before` (same versions, same order): only those lines are edited. */
function weightEdits(before: VersionWeight[], after: VersionWeight[]): VersionWeight[] {
  return after.filter((w, i) => w.weight !== before[i].weight);
}
