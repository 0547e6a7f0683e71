/**
 * The analysis of one step: the metrics (the file's, or the serving image's defaults), their
 * queries with the placeholders filled in, and each reading against its bounds.
 */
import { DEFAULT_SLO, singleVersionQueries } from '../../model-serving/slo';
import { CanaryMetric, CanaryOptions, QueryPlaceholder, renderQuery } from '../../models-file/canary';
import type { PrometheusClient } from './prometheus';

/** The series of the candidate, as placeholders: filled in per run. */
const CANDIDATE = 'model="{{ model }}",version="{{ version }}",namespace="{{ namespace }}"';

/**
 * The metrics used when `canary.analysis.metrics` is omitted: the objectives of this project's
 * serving image (lib/model-serving/slo.ts, shared with the PrometheusRule), over `{{ window }}`.
 */
export const DEFAULT_CANARY_METRICS: readonly CanaryMetric[] = (() => {
  const q = singleVersionQueries(CANDIDATE, '{{ window }}', DEFAULT_SLO.minRequests);
  return [
    { name: 'requests', query: q.requests, min: DEFAULT_SLO.minRequests },
    { name: 'error-rate', query: q.errorRatio, max: DEFAULT_SLO.maxErrorRatio },
    { name: 'latency-p99', query: q.latency, max: DEFAULT_SLO.maxLatencySeconds },
  ];
})();

/** Window when `canary.analysis.window` is omitted. */
export const DEFAULT_WINDOW = DEFAULT_SLO.window;

/** One metric's outcome. */
export interface Reading {
  readonly name: string;
  /** The query as sent. */
  readonly query: string;
  readonly min?: number;
  readonly max?: number;
  /** `undefined` when there was no data. */
  readonly value?: number;
  readonly status: 'ok' | 'no-data' | 'out-of-bounds';
}

/** The metrics and window of a canary, with the defaults. */
export function analysisOf(canary: CanaryOptions): { metrics: readonly CanaryMetric[]; window: string } {
  return { metrics: canary.analysis?.metrics ?? DEFAULT_CANARY_METRICS, window: canary.analysis?.window ?? DEFAULT_WINDOW };
}

/** Runs every metric's query (concurrently) and judges each value; a failing query rejects. */
export async function readMetrics(
  client: PrometheusClient, metrics: readonly CanaryMetric[], values: Record<QueryPlaceholder, string>,
): Promise<Reading[]> {
  return Promise.all(metrics.map(async (metric) => {
    const query = renderQuery(metric.query, values);
    const result = await client.instant(metric.name, query);
    const bounds = { ...(metric.min !== undefined ? { min: metric.min } : {}), ...(metric.max !== undefined ? { max: metric.max } : {}) };
    if (result.kind === 'no-data') return { name: metric.name, query, ...bounds, status: 'no-data' as const };
    const inside = (metric.min === undefined || result.value >= metric.min) && (metric.max === undefined || result.value <= metric.max);
    return { name: metric.name, query, ...bounds, value: result.value, status: inside ? 'ok' as const : 'out-of-bounds' as const };
  }));
}

/** `error-rate 0.0021 ≤ 0.01`, `requests no data (≥ 100)`, `latency-p99 0.71 > 0.5 (out of bounds)`. */
export function describeReading(r: Reading): string {
  const bound = [r.min !== undefined ? `≥ ${r.min}` : '', r.max !== undefined ? `≤ ${r.max}` : ''].filter(Boolean).join(', ');
  if (r.value === undefined) return `${r.name} no data (needs ${bound})`;
  const shown = formatNumber(r.value);
  if (r.status === 'ok') return `${r.name} ${shown} (${bound})`;
  const broken = r.min !== undefined && r.value < r.min ? `< ${r.min}` : `> ${r.max}`;
  return `${r.name} ${shown} ${broken} OUT OF BOUNDS`;
}

/** Four significant digits, `+Inf` for infinity. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(Number(value.toPrecision(4)));
}
