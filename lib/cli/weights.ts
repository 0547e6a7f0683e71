/**
 * Weight arithmetic of the release commands. Every command that edits an environment leaves its
 * weights summing to 100, so `weight` reads as a percent of traffic (the construct itself only
 * needs their ratios, so a hand edit such as 3/1 is valid, and the CLI rewrites it as 75/25).
 */

import { weightOf } from '../model-serving/defaults';
import type { ModelVersionSpec } from '../model-serving/version-spec';

/** A version's weight in one environment. */
export interface VersionWeight {
  readonly version: string;
  readonly weight: number;
}

/** The declared weights of an environment's versions, with the construct's default for an unweighted one. */
export function declaredWeights(versions: readonly Pick<ModelVersionSpec, 'version' | 'weight'>[]): VersionWeight[] {
  return versions.map((v) => ({ version: v.version, weight: weightOf(v) }));
}

/** Total the CLI keeps an environment's weights at. */
export const TOTAL_WEIGHT = 100;

/**
 * Gives `target` `percent` of the traffic and shares the rest among the other versions in
 * proportion to their current weights (largest remainder, so the result sums to exactly 100).
 * At 100 every other version drops to 0 but stays deployed until `retire`.
 */
export function promoteWeights(current: VersionWeight[], target: string, percent: number): VersionWeight[] {
  const others = current.filter((v) => v.version !== target);
  const othersTotal = others.reduce((sum, v) => sum + v.weight, 0);
  const rest = TOTAL_WEIGHT - percent;
  if (rest > 0 && othersTotal === 0) {
    throw new Error(`cannot give ${target} ${percent}%: no other version has traffic to take the remaining ${rest}%; promote another version instead`);
  }
  const shares = new Map(others.map((v) => [v.version, rest === 0 ? 0 : (v.weight * rest) / othersTotal]));
  const rounded = largestRemainder(shares, rest);
  return current.map((v) => ({ version: v.version, weight: v.version === target ? percent : rounded.get(v.version)! }));
}

/** `target` at 100, every other version at 0: the explicit `rollback --to`. */
export function onlyVersion(current: VersionWeight[], target: string): VersionWeight[] {
  return current.map((v) => ({ version: v.version, weight: v.version === target ? TOTAL_WEIGHT : 0 }));
}

/**
 * The same ratios scaled to sum to 100, rounded to whole percent by largest remainder (1/1/1 →
 * 34/33/33); unchanged when they already sum to 100, or are all 0.
 */
export function normalizeWeights(weights: VersionWeight[]): VersionWeight[] {
  const total = weights.reduce((sum, v) => sum + v.weight, 0);
  if (total === 0 || total === TOTAL_WEIGHT) return weights;
  const rounded = largestRemainder(new Map(weights.map((v) => [v.version, (v.weight * TOTAL_WEIGHT) / total])), TOTAL_WEIGHT);
  return weights.map((v) => ({ version: v.version, weight: rounded.get(v.version)! }));
}

/** Rounds fractional shares down, then hands the units still missing to the largest remainders (ties: declaration order). */
function largestRemainder(shares: Map<string, number>, total: number): Map<string, number> {
  const result = new Map([...shares].map(([version, share]) => [version, Math.floor(share)]));
  let missing = total - [...result.values()].reduce((sum, w) => sum + w, 0);
  const byRemainder = [...shares].sort((a, b) => (b[1] - Math.floor(b[1])) - (a[1] - Math.floor(a[1])));
  for (const [version] of byRemainder) {
    if (missing <= 0) break;
    result.set(version, result.get(version)! + 1);
    missing--;
  }
  return result;
}

/** What `describeChange` says when no weight changes. */
export const UNCHANGED = 'weights unchanged';

/** "1.0.0 50 → 45, 1.2.0 0 → 10": the versions whose weight changes. */
export function describeChange(before: VersionWeight[], after: VersionWeight[]): string {
  const changes = after
    .map((v) => ({ version: v.version, from: before.find((b) => b.version === v.version)?.weight, to: v.weight }))
    .filter((c) => c.from !== c.to)
    .map((c) => `${c.version} ${c.from ?? '-'} → ${c.to}`);
  return changes.length > 0 ? changes.join(', ') : UNCHANGED;
}
