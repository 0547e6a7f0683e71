/**
 * The weights of earlier revisions of models.yaml, from git: what `rollback` restores. Reading
 * git (not a state file) keeps every previous split reviewable and leaves nothing in the cluster.
 */
import { execFileSync } from 'child_process';
import { basename, dirname } from 'path';
import { parse } from 'yaml';
import { declaredWeights, normalizeWeights, VersionWeight } from './weights';

/** An earlier revision's weights of one model, per environment. */
export interface EarlierWeights {
  /** Abbreviated commit id and subject, for the message. */
  readonly revision: string;
  readonly weights: Map<string, VersionWeight[]>;
  /** Versions with traffic in that revision that are no longer declared: they cannot be restored, their share goes to the others. */
  readonly retired: string[];
}

/**
 * The most recent revision of the file (newest first, uncommitted edits compare against HEAD)
 * whose traffic split of `model` in any of `current`'s environments differs from the current one,
 * restricted to the versions declared now (absent then = 0). `undefined` when there is none.
 *
 * The weights come back in percent (summing to 100), like every split the CLI writes: a revision
 * holding a hand edit such as 3/1 is restored as 75/25, the same traffic. For the same reason a
 * revision whose split only differs in scale (3/1 against today's 75/25) is no change to go back to.
 */
export function findEarlierWeights(file: string, model: string, current: Map<string, VersionWeight[]>): EarlierWeights | undefined {
  for (const commit of fileRevisions(file)) {
    const old = weightsAt(file, commit.id, model);
    if (!old) continue;
    const restored = new Map<string, VersionWeight[]>();
    const retired = new Set<string>();
    let differs = false;
    for (const [env, now] of current) {
      const then = old.get(env);
      if (!then) {
        restored.set(env, now);
        continue;
      }
      // The share of a version retired since is spread over the others in their old ratio.
      const weights = normalizeWeights(now.map((v) => ({ version: v.version, weight: then.find((t) => t.version === v.version)?.weight ?? 0 })));
      const split = normalizeWeights(now);
      if (weights.some((w, i) => w.weight !== split[i].weight)) differs = true;
      then.filter((t) => t.weight > 0 && !now.some((v) => v.version === t.version)).forEach((t) => retired.add(`${env} ${t.version}`));
      restored.set(env, weights);
    }
    if (differs) return { revision: commit.label, weights: restored, retired: [...retired] };
  }
  return undefined;
}

function git(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').split('\n')[0].trim();
    throw new Error(`rollback reads the earlier weights from git, and \`git ${args[0]}\` failed in ${cwd}: ${stderr || (error as Error).message}; use --to <version> instead`);
  }
}

function fileRevisions(file: string): { id: string; label: string }[] {
  const out = git(['log', '--format=%H %h %s', '--', basename(file)], dirname(file));
  return out.split('\n').filter(Boolean).map((line) => {
    const [id, short, ...subject] = line.split(' ');
    return { id, label: `${short} "${subject.join(' ')}"` };
  });
}

/** The weights of `model` per environment at a commit; `undefined` when that revision cannot be read as a models file. */
function weightsAt(file: string, commit: string, model: string): Map<string, VersionWeight[]> | undefined {
  let data: unknown;
  try {
    data = parse(git(['show', `${commit}:./${basename(file)}`], dirname(file)));
  } catch {
    return undefined;
  }
  return weightsIn(data, model);
}

/**
 * The weights of `model` per environment in a parsed revision of the file, read leniently (an old
 * revision need not pass today's validation); `undefined` when it has no such model.
 */
export function weightsIn(data: any, model: string): Map<string, VersionWeight[]> | undefined {
  const environments = data?.models?.[model]?.environments;
  if (!environments || typeof environments !== 'object') return undefined;
  const result = new Map<string, VersionWeight[]>();
  for (const [env, entry] of Object.entries<any>(environments)) {
    const versions: any[] = Array.isArray(entry?.versions) ? entry.versions : [];
    result.set(env, declaredWeights(versions.map((v) => ({ version: String(v?.version), weight: typeof v?.weight === 'number' ? v.weight : undefined }))));
  }
  return result;
}
