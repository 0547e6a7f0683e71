import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type * as rules from '../../../imports/prometheusrule-monitoring.coreos.com';
import { prometheusRuleApi } from '../../core/crd-imports';
import { DEFAULT_SLO, matcher, perVersionAlertExpressions } from '../slo';

/**
 * Alerts on the model's service-level objectives, for every version, as a Prometheus Operator
 * PrometheusRule. The objectives are those `model-serving advance` checks a canary against by
 * default (lib/model-serving/slo.ts), so a version is alerted on under the conditions it was promoted on.
 * @category Construct options
 */
export interface PrometheusRuleOptions {
  /**
   * Range of the rates the expressions compute.
   * @default "5m"
   */
  readonly window?: string;
  /**
   * How long an objective must stay broken before the alert fires (Prometheus `for`).
   * @default "5m"
   */
  readonly for?: string;
  /**
   * Highest share of 5xx answers of a version.
   * @default 0.01
   */
  readonly maxErrorRatio?: number;
  /**
   * Highest 99th-percentile latency of a version, in seconds.
   * @default 0.5
   */
  readonly maxLatencySeconds?: number;
  /**
   * Requests a version must have served within the window before it can alert (a version at
   * weight 0, or with a handful of requests, never pages).
   * @default 100
   */
  readonly minRequests?: number;
  /**
   * Value of the alerts' `severity` label (what Alertmanager routes on).
   * @default "warning"
   */
  readonly severity?: string;
}

/** Defaults of the rule not shared with the canary analysis. */
const DEFAULT_FOR = '5m';
const DEFAULT_SEVERITY = 'warning';

/** A PrometheusRule with one error-ratio and one latency alert over every version of `modelName`. */
export function addPrometheusRule(
  scope: Construct, name: string, labels: Record<string, string>, modelName: string, options: PrometheusRuleOptions,
): rules.PrometheusRule {
  const window = options.window ?? DEFAULT_SLO.window;
  const maxErrorRatio = options.maxErrorRatio ?? DEFAULT_SLO.maxErrorRatio;
  const maxLatencySeconds = options.maxLatencySeconds ?? DEFAULT_SLO.maxLatencySeconds;
  // The chart's namespace narrows the series to this model's pods: another namespace may serve a
  // model of the same name (staging and production scraped by one Prometheus).
  const namespace = Chart.of(scope).namespace;
  const matchers = [matcher('model', modelName), ...(namespace ? [matcher('namespace', namespace)] : [])].join(',');
  const expressions = perVersionAlertExpressions(matchers, window, {
    minRequests: options.minRequests ?? DEFAULT_SLO.minRequests, maxErrorRatio, maxLatencySeconds,
  });
  const alertLabels = { severity: options.severity ?? DEFAULT_SEVERITY, model: modelName };
  const forDuration = options.for ?? DEFAULT_FOR;
  const { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } = prometheusRuleApi();
  return new PrometheusRule(scope, 'PrometheusRule', {
    metadata: { name, labels },
    spec: {
      groups: [{
        name: `model-serving.${modelName}`,
        rules: [
          {
            alert: 'ModelServingErrorRatioHigh',
            expr: PrometheusRuleSpecGroupsRulesExpr.fromString(expressions.errorRatio),
            for: forDuration,
            labels: alertLabels,
            annotations: {
              summary: `${modelName} {{ $labels.version }} answers more than ${percent(maxErrorRatio)} of requests with 5xx`,
              description: `${modelName} {{ $labels.version }} in {{ $labels.namespace }}: {{ $value | humanizePercentage }} of its requests failed with 5xx over ${window}.`,
            },
          },
          {
            alert: 'ModelServingLatencyHigh',
            expr: PrometheusRuleSpecGroupsRulesExpr.fromString(expressions.latency),
            for: forDuration,
            labels: alertLabels,
            annotations: {
              summary: `${modelName} {{ $labels.version }} p99 latency is above ${maxLatencySeconds}s`,
              description: `${modelName} {{ $labels.version }} in {{ $labels.namespace }}: 99th-percentile latency {{ $value | humanizeDuration }} over ${window}.`,
            },
          },
        ],
      }],
    },
  });
}

function percent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(6))}%`;
}
