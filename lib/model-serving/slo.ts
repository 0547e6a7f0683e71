/**
 * The service-level objectives of a model version, as PromQL over the serving image's own metrics:
 * one home for the queries and thresholds that both `model-serving advance` (its default canary
 * analysis) and the opt-in PrometheusRule (alerts on every version) use, so a candidate is promoted
 * on exactly the conditions that would page for a stable version.
 *
 * The metric names are the contract of serving-image/src/metrics.ts. Series are selected by
 * `model`, `version` (written by the server from MODEL_NAME/MODEL_VERSION) and `namespace` (added by
 * the scrape: a ServiceMonitor, or the usual `__meta_kubernetes_namespace` relabelling). The server's
 * `endpoint` label is deliberately not used: the Prometheus Operator adds its own `endpoint` target
 * label, which renames the server's to `exported_endpoint`.
 */

/** Counter of requests to model endpoints, by model, version, protocol, endpoint and status. */
export const REQUESTS_METRIC = 'model_server_requests_total';
/** Histogram of their latency in seconds. */
export const LATENCY_METRIC = 'model_server_request_duration_seconds';

/** The default objectives; every one can be changed where it is used. */
export const DEFAULT_SLO = {
  /** Range of every rate: long enough to smooth a few slow requests, short enough to react within minutes. */
  window: '5m',
  /** Requests a version must have served within the window before any ratio about it means something. */
  minRequests: 100,
  /** Highest share of 5xx answers. */
  maxErrorRatio: 0.01,
  /** Highest 99th-percentile latency, in seconds (the histogram has a bucket boundary there). */
  maxLatencySeconds: 0.5,
  /** The latency percentile, as a quantile. */
  latencyQuantile: 0.99,
} as const;

/** Label matchers such as `model="iris",namespace="models"`, written inside `{…}`. */
export type Matchers = string;

/** `name="value"` with the value escaped as a PromQL string. */
export function matcher(name: string, value: string): string {
  return `${name}=${JSON.stringify(value)}`;
}

function series(metric: string, matchers: Matchers, extra?: string): string {
  return `${metric}{${[matchers, extra].filter((m) => m).join(',')}}`;
}

/**
 * Queries about ONE version (the matchers select it): each returns a single sample, or nothing.
 * The request count returns nothing below `minRequests`, so too little traffic reads as "no data"
 * (wait) rather than as a failed bound.
 */
export function singleVersionQueries(matchers: Matchers, window: string, minRequests: number) {
  const all = series(REQUESTS_METRIC, matchers);
  const errors = series(REQUESTS_METRIC, matchers, 'status=~"5.."');
  return {
    requests: `sum(increase(${all}[${window}])) >= ${minRequests}`,
    // A version that never answered 5xx has no such series: `or vector(0)` makes that a 0 ratio.
    errorRatio: `(sum(rate(${errors}[${window}])) or vector(0)) / sum(rate(${all}[${window}]))`,
    latency: `histogram_quantile(${DEFAULT_SLO.latencyQuantile}, sum by (le) (rate(${series(`${LATENCY_METRIC}_bucket`, matchers)}[${window}])))`,
  };
}

/**
 * Alert expressions over EVERY version the matchers select, one series per namespace and version
 * that breaks the objective, and only once it served `minRequests` within the window (a version
 * at weight 0 or a handful of requests never pages).
 */
export function perVersionAlertExpressions(matchers: Matchers, window: string, slo: { minRequests: number; maxErrorRatio: number; maxLatencySeconds: number }) {
  const by = 'sum by (namespace, version)';
  const all = series(REQUESTS_METRIC, matchers);
  const errors = series(REQUESTS_METRIC, matchers, 'status=~"5.."');
  const enough = `on (namespace, version) (${by} (increase(${all}[${window}])) >= ${slo.minRequests})`;
  return {
    errorRatio: `(${by} (rate(${errors}[${window}])) / ${by} (rate(${all}[${window}])) > ${slo.maxErrorRatio}) and ${enough}`,
    latency: `(histogram_quantile(${DEFAULT_SLO.latencyQuantile}, sum by (namespace, version, le) (rate(${series(`${LATENCY_METRIC}_bucket`, matchers)}[${window}])))`
      + ` > ${slo.maxLatencySeconds}) and ${enough}`,
  };
}
