/**
 * The `canary` setting of models.yaml: the steps a candidate version walks through and the metrics
 * that must hold at each step. It is not a `ModelServing` prop — synth ignores it — but the input of
 * `model-serving advance`; it is validated with the rest of the file (rules below, through the
 * one validation model) so a typo is an error at its line before any pipeline runs.
 */
import { PropChecker } from '../core/validation/checker';
import { POSITIVE_DURATION } from '../core/validation/patterns';
import type { ModelServingProps } from '../model-serving/props';
import type { ModelsFile } from './model-entries';

/**
 * A Prometheus instant query and the bounds its value must stay within.
 * @category models.yaml
 */
export interface CanaryMetric {
  /** Name shown in every decision, e.g. `error-rate`. */
  readonly name: string;
  /** PromQL returning one sample (or a scalar); placeholders `{{ model }}`, `{{ version }}`, `{{ namespace }}`, `{{ environment }}`, `{{ window }}`. */
  readonly query: string;
  /** Lowest allowed value. @default - no lower bound */
  readonly min?: number;
  /** Highest allowed value. @default - no upper bound */
  readonly max?: number;
}

/**
 * Where and what to measure at each step.
 * @category models.yaml
 */
export interface CanaryAnalysis {
  /**
   * Base URL of the Prometheus HTTP API; `--prometheus` and PROMETHEUS_URL override it.
   * @default - `--prometheus` or PROMETHEUS_URL must be given
   */
  readonly prometheusUrl?: string;
  /**
   * How long a step must have been in git before it is judged, and the range of the default
   * queries (`{{ window }}`): each decision looks only at traffic the current step received.
   * @default "5m"
   */
  readonly window?: string;
  /**
   * Every metric must have data and be within its bounds for the candidate to advance.
   * @default - the serving image's objectives: request count, 5xx ratio, p99 latency (docs/progressive-delivery.md)
   */
  readonly metrics?: CanaryMetric[];
}

/**
 * The canary of a model (model-wide, or an environment's own, which replaces it whole).
 * @category models.yaml
 */
export interface CanaryOptions {
  /** The candidate's weight at each step, percent, ascending; the last at most 100. */
  readonly steps: number[];
  /** The analysis run before each step after the first. @default - default metrics, window "5m" */
  readonly analysis?: CanaryAnalysis;
}

/** The placeholders a query may use. */
export const QUERY_PLACEHOLDERS = ['model', 'version', 'namespace', 'environment', 'window'] as const;
export type QueryPlaceholder = typeof QUERY_PLACEHOLDERS[number];

/** `{{ name }}`, spaces inside the braces optional. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** A metric name: letters, digits, `-` and `_`. */
const METRIC_NAME = /^[A-Za-z0-9][-A-Za-z0-9_]{0,62}$/;

/** The query with every placeholder replaced. */
export function renderQuery(query: string, values: Record<QueryPlaceholder, string>): string {
  return query.replace(PLACEHOLDER, (_whole, name: string) => values[name as QueryPlaceholder]);
}

/**
 * The canary of `model` in `environment`: the environment's own, else the model-wide one.
 * @category models.yaml
 */
export function canaryOf(config: ModelsFile, model: string, environment: string): CanaryOptions | undefined {
  const entry = config.models[model];
  return entry?.environments[environment]?.canary ?? entry?.canary;
}

/**
 * A canary needs a router that splits exact weights in each environment it applies to (`props`: the
 * model's props there): without one the weights must follow replica counts, which advance does not change.
 */
export function checkCanaryRouter(c: PropChecker, canary: CanaryOptions, props: ModelServingProps): void {
  if (props.gateway || props.ingress?.nginxCanary) return;
  c.fail('steps', 'be used where a router splits exact weights: set gateway, or ingress with nginxCanary '
    + '(without them weights follow replica counts, which advance does not change)', canary.steps);
}

/** Checks a canary's values (the schema has checked its shape). */
export function checkCanary(c: PropChecker, canary: CanaryOptions): void {
  const steps = c.at('steps');
  canary.steps.forEach((step, i) => {
    if (steps.integer(i, step, 1, 100) && i > 0 && step <= canary.steps[i - 1]) {
      steps.fail(i, `be above the step before it (${canary.steps[i - 1]}): steps ascend`, step);
    }
  });
  const analysis = canary.analysis;
  if (!analysis) return;
  const a = c.at('analysis');
  if (analysis.prometheusUrl !== undefined && !isHttpUrl(analysis.prometheusUrl)) {
    a.fail('prometheusUrl', 'be an http:// or https:// URL such as "http://prometheus.monitoring.svc:9090"', analysis.prometheusUrl);
  }
  a.matches('window', analysis.window, POSITIVE_DURATION, 'a Prometheus duration above 0 such as "5m"');
  const seen = new Set<string>();
  (analysis.metrics ?? []).forEach((metric, i) => {
    const m = a.at('metrics', i);
    if (m.matches('name', metric.name, METRIC_NAME, 'a metric name (letters, digits, "-" and "_", at most 63 characters)')) {
      if (seen.has(metric.name)) m.fail('name', 'be unique among the metrics', metric.name);
      seen.add(metric.name);
    }
    if (metric.query.trim() === '') m.fail('query', 'be a PromQL query', metric.query);
    const unknown = [...metric.query.matchAll(PLACEHOLDER)].map((p) => p[1]).filter((p) => !(QUERY_PLACEHOLDERS as readonly string[]).includes(p));
    if (unknown.length > 0) {
      m.fail('query', `use only the placeholders ${QUERY_PLACEHOLDERS.map((p) => `{{ ${p} }}`).join(', ')}`, metric.query, `{{ ${unknown[0]} }}`);
    }
    if (metric.min === undefined && metric.max === undefined) m.fail(undefined, 'set min, max or both', metric, `no bound on "${metric.name}"`);
    const finite = (key: 'min' | 'max') => {
      const value = metric[key];
      if (value === undefined || Number.isFinite(value)) return true;
      m.fail(key, 'be a finite number', value, String(value));
      return false;
    };
    if (finite('min') && finite('max') && metric.min !== undefined && metric.max !== undefined && metric.min > metric.max) {
      m.fail('max', `be at least min (${metric.min})`, metric.max);
    }
  });
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
