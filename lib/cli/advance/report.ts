/**
 * How `advance` reports a decision: one line naming every metric's value and bound (what a
 * pipeline log or a pull-request title needs), or the same as one JSON object (`--json`).
 */
import { describeChange, VersionWeight } from '../weights';
import { describeReading, formatNumber, Reading } from './analysis';
import { Decision, EXIT_CODE, stepPosition } from './decision';

/** Everything one decision is about. */
export interface AdvanceReport {
  readonly model: string;
  readonly environment: string;
  readonly candidate: string;
  readonly steps: readonly number[];
  /** The candidate's weight before the decision. */
  readonly weight: number;
  /** How long the current step had been in git when it was judged (analysed steps with a git history only). */
  readonly stepAgeSeconds?: number;
  readonly decision: Decision;
  readonly readings: readonly Reading[];
  readonly before: VersionWeight[];
  readonly after: VersionWeight[];
  readonly notes: string[];
  /** What happened to the file: `unchanged`, `updated, dist/ re-synthesized`, … */
  readonly file: string;
  readonly shownPath: string;
}

/** `production: iris 1.2.0 advanced to step 3 of 4 (50%) [requests 1520 (≥ 100), …]; 1.1.0 75 → 50, 1.2.0 25 → 50; models.yaml updated, …` */
export function reportLine(r: AdvanceReport): string {
  const parts = [`${r.environment}: ${r.model} ${r.candidate} ${headline(r)}`];
  if (r.readings.length > 0) parts[0] += ` [${r.readings.map(describeReading).join(', ')}]`;
  const change = describeChange(r.before, r.after);
  if (change !== 'weights unchanged') parts.push(change);
  parts.push(...r.notes);
  parts.push(`${r.shownPath} ${r.file}`);
  return parts.join('; ');
}

/** The same decision as one JSON object (one line). */
export function reportJson(r: AdvanceReport): string {
  const target = r.decision.kind === 'start' || r.decision.kind === 'advance' ? r.decision.target : undefined;
  return JSON.stringify({
    model: r.model,
    environment: r.environment,
    candidate: r.candidate,
    decision: r.decision.kind,
    exitCode: EXIT_CODE[r.decision.kind],
    reason: 'reason' in r.decision ? r.decision.reason : undefined,
    step: { position: stepPosition(r.steps, r.weight), of: r.steps.length, weight: r.weight, ageSeconds: r.stepAgeSeconds },
    target: target === undefined ? undefined : { position: stepPosition(r.steps, target), weight: target },
    metrics: r.readings.map((m) => ({
      name: m.name, query: m.query, value: m.value === undefined ? null : Number.isFinite(m.value) ? m.value : formatNumber(m.value),
      min: m.min, max: m.max, status: m.status,
    })),
    weights: { before: asRecord(r.before), after: asRecord(r.after) },
    notes: r.notes,
    file: r.file,
    message: reportLine(r),
  });
}

function headline(r: AdvanceReport): string {
  const n = r.steps.length;
  const at = (weight: number) => `step ${stepPosition(r.steps, weight)} of ${n} (${weight}%)`;
  const d = r.decision;
  switch (d.kind) {
    case 'start': return `started: ${at(d.target)}`;
    case 'complete': return `complete: ${at(r.weight)}, nothing to do`;
    case 'halted': return `not restarted: its traffic was taken away in ${d.rolledBackIn} (promote it to ${r.steps[0]} to retry, or retire it)`;
    case 'wait': return `waiting at ${at(r.weight)}: ${d.reason}`;
    case 'advance': return `advanced to ${at(d.target)}`;
    case 'rollback': return `rolled back from ${at(r.weight)}: ${d.reason}`;
  }
}

function asRecord(weights: VersionWeight[]): Record<string, number> {
  return Object.fromEntries(weights.map((w) => [w.version, w.weight]));
}
