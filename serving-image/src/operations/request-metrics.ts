/**
 * The two per-request metrics — `model_server_requests_total` and the histogram
 * `model_server_request_duration_seconds` — recorded on the request path for a few tens of
 * nanoseconds and rendered by prom-client's registry at scrape time.
 *
 * prom-client's own Counter.inc + Histogram.observe validate and hash the label object on every
 * call: ≈ 2 µs per request here, for five labels whose values repeat all day. This keeps one
 * series per distinct label set in a Map (keyed by the joined values), counts into plain
 * numbers, and hands prom-client's Registry the same value records its Counter and Histogram
 * would, so the exposition text is byte for byte what they produce (a test compares the two).
 */
import type { Metric, Registry } from 'prom-client';

/** Label values of one request (metrics.ts types them further). */
export interface SeriesLabels {
  readonly model: string;
  readonly version: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly status: string;
}

/** Upper bounds of the latency histogram, in seconds. */
export const DURATION_BUCKETS: readonly number[] =
  // Small tabular models answer in well under a millisecond; the tail buckets catch queueing.
  [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  readonly labels: SeriesLabels;
  count: number;
  sum: number;
  /** Observations per bucket (not cumulative); the last entry is above every bound (+Inf only). */
  readonly buckets: number[];
}

interface ValueRecord {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
  sharedLabels?: SeriesLabels;
}

/** A metric as prom-client's Registry renders it (what its Counter and Histogram return from get()). */
interface RegistryMetric {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'histogram';
  readonly aggregator: 'sum';
  get(): Promise<{ name: string; help: string; type: string; values: ValueRecord[]; aggregator: 'sum' }>;
}

/** Counts requests and their latency per label set. */
export class RequestMetrics {
  private readonly series = new Map<string, Series>();

  constructor(registry: Registry) {
    const metric = (name: string, help: string, type: 'counter' | 'histogram', values: () => ValueRecord[]) => {
      const m: RegistryMetric = { name, help, type, aggregator: 'sum', get: async () => ({ name, help, type, values: values(), aggregator: 'sum' }) };
      return m as unknown as Metric;
    };
    registry.registerMetric(metric('model_server_requests_total',
      'Requests to model endpoints (V1, V2 and gRPC), by model, version, protocol, endpoint and status (HTTP status or gRPC code)', 'counter',
      () => [...this.series.values()].map((s) => ({ labels: { ...s.labels }, value: s.count }))));
    registry.registerMetric(metric('model_server_request_duration_seconds',
      'Latency of requests to model endpoints, from request received to response sent', 'histogram',
      () => [...this.series.values()].flatMap(histogramValues)));
  }

  /** Counts one finished request and records its latency. */
  observe(labels: SeriesLabels, seconds: number): void {
    const key = `${labels.model}\u0000${labels.version}\u0000${labels.protocol}\u0000${labels.endpoint}\u0000${labels.status}`;
    let s = this.series.get(key);
    if (s === undefined) {
      s = { labels: { model: labels.model, version: labels.version, protocol: labels.protocol, endpoint: labels.endpoint, status: labels.status },
        count: 0, sum: 0, buckets: new Array<number>(DURATION_BUCKETS.length + 1).fill(0) };
      this.series.set(key, s);
    }
    s.count++;
    s.sum += seconds;
    let b = 0;
    while (b < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[b]) b++;
    s.buckets[b]++;
  }
}

/** The records prom-client's Histogram exports for one label set: cumulative buckets, +Inf, sum, count. */
function histogramValues(s: Series): ValueRecord[] {
  const name = 'model_server_request_duration_seconds';
  let cumulative = 0;
  const values: ValueRecord[] = DURATION_BUCKETS.map((le, i) => {
    cumulative += s.buckets[i];
    return { labels: { le }, value: cumulative, metricName: `${name}_bucket`, sharedLabels: s.labels };
  });
  values.push(
    { labels: { le: '+Inf' }, value: s.count, metricName: `${name}_bucket`, sharedLabels: s.labels },
    { labels: {}, value: s.sum, metricName: `${name}_sum`, sharedLabels: s.labels },
    { labels: {}, value: s.count, metricName: `${name}_count`, sharedLabels: s.labels },
  );
  return values;
}
