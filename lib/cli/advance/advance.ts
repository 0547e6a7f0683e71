/**
 * `model-serving advance`: one decision about one canary, made where the commits are made. It
 * reads models.yaml and its git history, asks Prometheus about the candidate, and either changes
 * nothing or moves the weights — inside `editModelsWith`, so it holds the project lock from the read
 * to the write, and the edit is validated, written atomically and dist/ re-synthesized like every
 * other command's. Committing the result is the deployment; nothing runs on the cluster but Prometheus.
 */
import { canaryOf } from '../../models-file/canary';
import type { EditOptions } from '../commands';
import { editModelsWith } from '../edit';
import { ModelsSession } from '../models-session';
import { normalizeWeights, promoteWeights, VersionWeight } from '../weights';
import { analysisOf, Reading, readMetrics } from './analysis';
import { ModelsHistory, rolledBackIn, StepOrigin, stepOrigin, weightsBeforeCanary } from './canary-history';
import { Decision, decideWithoutAnalysis, EXIT_CODE, judge, stepPosition } from './decision';
import { durationSeconds, formatAge } from './durations';
import { PrometheusClient } from './prometheus';
import { AdvanceReport, reportJson, reportLine } from './report';

export interface AdvanceOptions extends EditOptions {
  /** The candidate; default: the last version listed in the environment. */
  readonly version?: string;
  /** Prometheus base URL, over PROMETHEUS_URL and the file's `prometheusUrl`. */
  readonly prometheus?: string;
  /** Print the decision as one JSON object instead of a line. */
  readonly json: boolean;
}

/** What the command prints, and its exit code. */
export interface AdvanceOutcome {
  readonly lines: string[];
  readonly exitCode: number;
}

export async function advance(model: string, options: AdvanceOptions, now: () => number = () => Date.now() / 1000): Promise<AdvanceOutcome> {
  const edited = await editModelsWith(options, (session) => decide(session, model, options, now));
  const report: AdvanceReport = {
    ...edited.value,
    notes: [...edited.recoveryNotes, ...edited.value.notes],
    file: !edited.changed ? 'unchanged' : options.synth ? 'updated, dist/ re-synthesized' : 'updated (synth skipped: run `npx cdk8s synth`)',
  };
  return { lines: [options.json ? reportJson(report) : reportLine(report)], exitCode: EXIT_CODE[report.decision.kind] };
}

/** Reads the canary, asks Prometheus when a step needs judging, and sets the new weights on the session. */
async function decide(session: ModelsSession, model: string, options: AdvanceOptions, now: () => number): Promise<Omit<AdvanceReport, 'file'>> {
  const env = oneEnvironment(session, model, options.env);
  const canary = canaryOf(session.config, model, env);
  if (!canary) throw new Error(`model "${model}" has no canary in ${env}: add canary.steps to it in ${session.shownPath}`);
  const versions = session.versions(model, env);
  const candidate = options.version ?? versions[versions.length - 1].version;
  session.versionIndex(model, env, candidate);
  const before = session.weights(model, env);
  const weight = before.find((w) => w.version === candidate)!.weight;
  const steps = canary.steps;
  const history = ModelsHistory.read(session.path);

  let decision = decideWithoutAnalysis(weight, steps, weight === 0 ? rolledBackIn(history, model, env, candidate) : undefined);
  let readings: Reading[] = [];
  let stepAgeSeconds: number | undefined;
  const notes: string[] = [];
  if (!decision) {
    const url = options.prometheus ?? nonEmpty(process.env.PROMETHEUS_URL) ?? canary.analysis?.prometheusUrl;
    if (url === undefined) {
      throw new Error(`no Prometheus to ask: set canary.analysis.prometheusUrl in ${session.shownPath}, PROMETHEUS_URL, or --prometheus <url>`);
    }
    const { metrics, window } = analysisOf(canary);
    const namespace = session.config.environments[env].namespace;
    readings = await readMetrics(new PrometheusClient(url), metrics, { model, version: candidate, namespace, environment: env, window });
    const origin = stepOrigin(history, model, env, candidate, weight);
    if (origin.kind === 'unknown') notes.push(`no git history (${origin.reason}): the step's age is unknown, judged now`);
    const judgedAt = now();
    if (origin.kind === 'committed') stepAgeSeconds = Math.floor(judgedAt - origin.revision.time);
    decision = judge(weight, steps, readings, settling(origin, window, judgedAt, `step ${stepPosition(steps, weight)} (${weight}%)`));
  }

  const { after, source } = weightsAfter(decision, before, candidate, history, model, env);
  const changed = after.filter((w, i) => w.weight !== before[i].weight);
  if (changed.length > 0) session.setWeights(model, env, changed);
  if (source) notes.push(source);
  return { model, environment: env, candidate, steps, weight, stepAgeSeconds, decision, readings, before, after, notes, shownPath: session.shownPath };
}

/** The one environment to act on: `--env` (once), or the only one serving the model. */
function oneEnvironment(session: ModelsSession, model: string, requested: string[]): string {
  if (requested.length > 1) throw new Error(`advance decides about one environment at a time, but --env named ${requested.join(', ')}`);
  const envs = session.environments(model, requested);
  if (envs.length > 1) throw new Error(`model "${model}" is served in ${envs.join(', ')}: choose one with --env`);
  return envs[0];
}

/**
 * Why the current step cannot be judged yet: it is not in git (not deployed), or it has been for
 * less than one window, so the window would still hold traffic of the step before.
 */
function settling(origin: StepOrigin, window: string, now: number, step: string): string | undefined {
  if (origin.kind === 'uncommitted') return `${step} is not committed yet: it is judged one window (${window}) after its commit`;
  if (origin.kind !== 'committed') return undefined;
  const age = now - origin.revision.time;
  const needed = durationSeconds(window);
  if (age >= needed) return undefined;
  return `${step} was committed ${formatAge(age)} ago in ${origin.revision.label}; it is judged once a whole window (${window}) of it has passed`;
}

/** The weights a decision leads to, and (for a rollback) where they come from. */
function weightsAfter(
  decision: Decision, before: VersionWeight[], candidate: string, history: ModelsHistory, model: string, env: string,
): { after: VersionWeight[]; source?: string } {
  switch (decision.kind) {
    case 'start':
    case 'advance':
      return { after: promoteWeights(before, candidate, decision.target) };
    case 'rollback': {
      const earlier = weightsBeforeCanary(history, model, env, candidate);
      if (earlier) {
        const restored = before.map((v) => ({
          version: v.version,
          weight: v.version === candidate ? 0 : earlier.weights.find((w) => w.version === v.version)?.weight ?? 0,
        }));
        if (restored.some((w) => w.weight > 0)) {
          return { after: normalizeWeights(restored), source: `weights restored from ${earlier.revision.label}, before the first step` };
        }
      }
      const others = before.map((v) => ({ version: v.version, weight: v.version === candidate ? 0 : v.weight }));
      return { after: normalizeWeights(others), source: 'git does not tell the weights before the first step: the others share the traffic in proportion' };
    }
    default:
      return { after: before };
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
