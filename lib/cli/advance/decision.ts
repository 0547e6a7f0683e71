/**
 * The decision table of `model-serving advance`, as a pure function of the candidate's weight, its
 * steps, what git says about it and the metric readings:
 *
 * | situation                                         | decision  | exit |
 * |---------------------------------------------------|-----------|------|
 * | weight 0, never had traffic                       | start     | 0    |
 * | weight 0, had traffic before (rolled back)        | halted    | 0    |
 * | at or above the last step                         | complete  | 0    |
 * | step not in git yet, or in git for < one window   | wait      | 2    |
 * | some metric has no data                           | wait      | 2    |
 * | every metric has data, some out of bounds         | rollback  | 3    |
 * | every metric within bounds                        | advance   | 0    |
 *
 * A step is judged only on complete evidence: while any metric has no data nothing changes, not
 * even a rollback. The request-count metric makes "too few requests" no data, so a quiet hour
 * makes the canary wait instead of failing a healthy candidate on a handful of requests.
 */
import type { Reading } from './analysis';

export type Decision =
  | { readonly kind: 'start'; readonly target: number }
  | { readonly kind: 'complete' }
  | { readonly kind: 'halted'; readonly rolledBackIn: string }
  | { readonly kind: 'wait'; readonly reason: string }
  | { readonly kind: 'advance'; readonly target: number }
  | { readonly kind: 'rollback'; readonly reason: string };

/** Exit code of each decision. */
export const EXIT_CODE: Readonly<Record<Decision['kind'], number>> = { start: 0, complete: 0, halted: 0, advance: 0, wait: 2, rollback: 3 };

/** What is decided before any metric is read; `undefined` when the step must be analysed. */
export function decideWithoutAnalysis(weight: number, steps: readonly number[], rolledBackIn: string | undefined): Decision | undefined {
  if (weight === 0) return rolledBackIn ? { kind: 'halted', rolledBackIn } : { kind: 'start', target: steps[0] };
  if (weight >= steps[steps.length - 1]) return { kind: 'complete' };
  return undefined;
}

/** The decision from the readings; `settling` (why the step cannot be judged yet) makes it wait whatever they say. */
export function judge(weight: number, steps: readonly number[], readings: readonly Reading[], settling: string | undefined): Decision {
  if (settling !== undefined) return { kind: 'wait', reason: settling };
  const missing = readings.filter((r) => r.status === 'no-data').map((r) => r.name);
  if (missing.length > 0) return { kind: 'wait', reason: `no data for ${missing.join(', ')}` };
  const broken = readings.filter((r) => r.status === 'out-of-bounds').map((r) => r.name);
  if (broken.length > 0) return { kind: 'rollback', reason: `out of bounds: ${broken.join(', ')}` };
  return { kind: 'advance', target: nextStep(steps, weight) };
}

/** The first step above `weight` (the caller knows there is one). */
export function nextStep(steps: readonly number[], weight: number): number {
  return steps.find((s) => s > weight) ?? steps[steps.length - 1];
}

/** 1-based position of the highest step reached at `weight`; 0 before the first. */
export function stepPosition(steps: readonly number[], weight: number): number {
  return steps.filter((s) => s <= weight).length;
}
