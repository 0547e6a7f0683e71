/**
 * What git knows about a canary: when its current step was committed, the weights before its first
 * step, whether it was rolled back, and its last decision. There is no state file: every step and
 * every rollback is a commit of models.yaml, so the file's history IS the canary's state.
 *
 * The history is read along first parents (`git log --first-parent`): that is what the default
 * branch held, and therefore what Argo CD or Flux applied, over time. A step merged through a
 * pull request dates from its merge (the merge commit), not from when the branch was written.
 */
import { execFileSync } from 'child_process';
import { basename, dirname } from 'path';
import { parse } from 'yaml';
import { weightsIn } from '../history';
import type { VersionWeight } from '../weights';

/** One commit of models.yaml, its weights read on demand. */
export interface Revision {
  readonly id: string;
  /** Abbreviated id and subject, for messages: `3f2a1bc "advance iris production: 10 → 25"`. */
  readonly label: string;
  /** Commit time, seconds since the epoch (the merge time for a merged pull request). */
  readonly time: number;
}

/** The first-parent history of one models file, newest first; empty (with `unavailable`) outside git. */
export class ModelsHistory {
  /** Reads the list of revisions (not their content). Never throws: without git there is just no history. */
  public static read(file: string): ModelsHistory {
    try {
      const out = execFileSync('git', ['log', '--first-parent', '--format=%H%x09%h%x09%ct%x09%s', '--', basename(file)], {
        cwd: dirname(file), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
      });
      const revisions = out.split('\n').filter(Boolean).map((line) => {
        const [id, short, time, ...subject] = line.split('\t');
        return { id, label: `${short} "${subject.join('\t')}"`, time: Number(time) };
      });
      return new ModelsHistory(file, revisions);
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? '').split('\n')[0].trim();
      return new ModelsHistory(file, [], stderr || (error as Error).message);
    }
  }

  private readonly contents = new Map<string, unknown>();

  private constructor(
    private readonly file: string,
    /** Newest first. */
    public readonly revisions: readonly Revision[],
    /** Why there is no history (not a git repository, no git), when there is none. */
    public readonly unavailable?: string,
  ) {}

  /** The weights of `model` in `env` at `revision`; `undefined` when the model or environment was not there. */
  public weightsAt(revision: Revision, model: string, env: string): VersionWeight[] | undefined {
    if (!this.contents.has(revision.id)) {
      let data: unknown;
      try {
        data = parse(execFileSync('git', ['show', `${revision.id}:./${basename(this.file)}`], {
          cwd: dirname(this.file), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
        }));
      } catch {
        data = undefined; // unreadable then: the revision tells nothing
      }
      this.contents.set(revision.id, data);
    }
    return weightsIn(this.contents.get(revision.id), model)?.get(env);
  }

  /** The candidate's weight at `revision`: `undefined` when it was not declared there. */
  public candidateWeight(revision: Revision, model: string, env: string, candidate: string): number | undefined {
    return this.weightsAt(revision, model, env)?.find((w) => w.version === candidate)?.weight;
  }
}

/** Where the current step of a canary comes from. */
export type StepOrigin =
  | { readonly kind: 'committed'; readonly revision: Revision }
  | { readonly kind: 'uncommitted' }
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * The commit from which the candidate has had its current weight: the oldest of the newest run of
 * revisions that all give it `weight`. `uncommitted` when the newest revision gives another weight.
 */
export function stepOrigin(history: ModelsHistory, model: string, env: string, candidate: string, weight: number): StepOrigin {
  if (history.unavailable !== undefined) return { kind: 'unknown', reason: history.unavailable };
  let origin: Revision | undefined;
  for (const revision of history.revisions) {
    if ((history.candidateWeight(revision, model, env, candidate) ?? 0) !== weight) break;
    origin = revision;
  }
  return origin ? { kind: 'committed', revision: origin } : { kind: 'uncommitted' };
}

/** The weights of the others before the candidate's first step, and where they come from. */
export interface WeightsBefore {
  readonly revision: Revision;
  readonly weights: VersionWeight[];
}

/**
 * The newest revision in which the candidate had no traffic (weight 0, or not declared yet): the
 * state just before its canary's first step. `undefined` when history does not tell (no git, or
 * the candidate had traffic in every revision).
 */
export function weightsBeforeCanary(history: ModelsHistory, model: string, env: string, candidate: string): WeightsBefore | undefined {
  for (const revision of history.revisions) {
    const weights = history.weightsAt(revision, model, env);
    if (!weights) return undefined; // the environment did not exist: nothing earlier can be restored
    if ((weights.find((w) => w.version === candidate)?.weight ?? 0) === 0) return { revision, weights };
  }
  return undefined;
}

/**
 * Where the traffic of a candidate now at weight 0 was taken away, when it had traffic since it was
 * declared (its canary was rolled back, or it was demoted by hand): such a candidate is not
 * restarted. The revision's label, `an uncommitted change` when the working tree did it, or
 * `undefined` when the candidate never had traffic.
 */
export function rolledBackIn(history: ModelsHistory, model: string, env: string, candidate: string): string | undefined {
  let newerAtZero: Revision | undefined;
  for (const revision of history.revisions) {
    const weight = history.candidateWeight(revision, model, env, candidate);
    if (weight === undefined) return undefined; // reached its release: it never had traffic
    if (weight > 0) return newerAtZero?.label ?? 'an uncommitted change';
    newerAtZero = revision;
  }
  return undefined;
}

/** The last change of the candidate's weight in git, as a decision. */
export interface LastChange {
  /** `started`, `advanced`, `rolled back`, `reduced` or `released`. */
  readonly decision: string;
  readonly from: number;
  readonly to: number;
  readonly revision: Revision;
}

/** The newest revision that changed the candidate's weight, compared with the revision before it. */
export function lastChange(history: ModelsHistory, model: string, env: string, candidate: string): LastChange | undefined {
  const revisions = history.revisions;
  for (let i = 0; i < revisions.length; i++) {
    const to = history.candidateWeight(revisions[i], model, env, candidate);
    if (to === undefined) return undefined;
    const older = revisions[i + 1] ? history.candidateWeight(revisions[i + 1], model, env, candidate) : undefined;
    if (older === to) continue;
    const from = older ?? 0;
    const decision = older === undefined ? (to > 0 ? 'started' : 'released')
      : from === 0 ? 'started' : to === 0 ? 'rolled back' : to > from ? 'advanced' : 'reduced';
    return { decision, from, to, revision: revisions[i] };
  }
  return undefined;
}
