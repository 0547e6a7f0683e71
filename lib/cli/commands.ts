/**
 * The release commands. Each computes the new weights from the validated file, edits the YAML
 * Document, and saves through `ModelsSession.save` (validate, write, synth). Every command
 * returns the lines it reports; any error leaves models.yaml and dist/ as they were.
 */
import type { ModelVersionSpec } from '../model-serving/version-spec';
import { canaryRows } from './advance/canary-status';
import { findEarlierWeights } from './history';
import { ModelsSession } from './models-session';
import { renderStatus, table } from './status';
import { describeChange, onlyVersion, promoteWeights, VersionWeight } from './weights';

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
}

/** Adds a version to each chosen environment (default: every one serving the model), at weight 0 unless told. */
export function release(model: string, options: ReleaseOptions): string[] {
  const session = ModelsSession.open(options.file);
  const envs = session.environments(model, options.env);
  const report: string[] = [];
  for (const env of envs) {
    const existing = session.versions(model, env).find((v) => v.version === options.version);
    if (existing) {
      throw new Error(`model "${model}" already has version "${options.version}" in ${env} (image ${existing.image}); use promote to change its weight`);
    }
    const before = [...session.weights(model, env), { version: options.version, weight: 0 }];
    const after = options.weight > 0 ? promoteWeights(before, options.version, options.weight) : before;
    const spec: ModelVersionSpec = {
      version: options.version,
      image: options.image,
      weight: options.weight,
      ...(options.replicas !== undefined ? { replicas: options.replicas } : {}),
      ...(options.modelUri !== undefined ? { modelUri: options.modelUri } : {}),
    };
    session.addVersion(model, env, spec);
    session.setWeights(model, env, after.filter((v) => v.version !== options.version));
    report.push(`${env}: added ${model} ${options.version} (${options.image}) at weight ${options.weight}${options.weight > 0 ? `; ${describeChange(before, after)}` : ''}`);
  }
  return finish(session, options, report);
}

export interface PromoteOptions extends EditOptions {
  readonly version: string;
  readonly weight: number;
}

/** Gives a version `weight` percent of the traffic, the others sharing the rest as before. */
export function promote(model: string, options: PromoteOptions): string[] {
  const session = ModelsSession.open(options.file);
  return changeWeights(session, options, session.environments(model, options.env, options.version), model, (current, env) => {
    session.versionIndex(model, env, options.version);
    return promoteWeights(current, options.version, options.weight);
  });
}

export interface RollbackOptions extends EditOptions {
  readonly to?: string;
}

/** Restores the weights of the most recent revision that had different ones, or sends everything to `--to`. */
export function rollback(model: string, options: RollbackOptions): string[] {
  const session = ModelsSession.open(options.file);
  if (options.to !== undefined) {
    const to = options.to;
    return changeWeights(session, options, session.environments(model, options.env, to), model, (current, env) => {
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
  const report = changeWeights(session, options, envs, model, (_current, env) => {
    const weights = earlier.weights.get(env)!;
    if (weights.every((w) => w.weight === 0)) {
      throw new Error(`revision ${earlier.revision} sent ${model}'s traffic in ${env} only to versions retired since; use --to <version>`);
    }
    return weights;
  });
  const notes = earlier.retired.length > 0
    ? [`note: retired since, so not restored (their share went to the others in proportion): ${earlier.retired.join(', ')}`] : [];
  return [`restoring the weights of ${earlier.revision}`, ...report, ...notes];
}

export interface RetireOptions extends EditOptions {
  readonly version: string;
}

/** Removes a version that no longer gets traffic from each chosen environment (default: every one that has it). */
export function retire(model: string, options: RetireOptions): string[] {
  const session = ModelsSession.open(options.file);
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
    session.removeVersion(model, env, options.version);
    report.push(`${env}: retired ${model} ${options.version}`);
  }
  return finish(session, options, report);
}

/** The table of versions, weights, traffic shares, replicas and images; then where each canary stands. */
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
  session: ModelsSession, options: EditOptions, envs: string[], model: string,
  compute: (current: VersionWeight[], env: string) => VersionWeight[],
): string[] {
  const report: string[] = [];
  for (const env of envs) {
    const before = session.weights(model, env);
    const after = compute(before, env);
    session.setWeights(model, env, after.filter((w, i) => w.weight !== before[i].weight));
    report.push(`${env}: ${model} ${describeChange(before, after)}`);
  }
  return finish(session, options, report);
}

function finish(session: ModelsSession, options: EditOptions, report: string[]): string[] {
  const changed = session.save({ synth: options.synth });
  if (!changed) return [...report, `${session.shownPath} unchanged`];
  return [...report, options.synth ? `${session.shownPath} updated, dist/ re-synthesized` : `${session.shownPath} updated (synth skipped: run \`npx cdk8s synth\`)`];
}
