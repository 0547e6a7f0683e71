import { Construct } from 'constructs';
import type * as monitoring from '../../../imports/monitoring-monitoring.coreos.com';
import { monitoringApi } from '../../core/crd-imports';
import { LabelKeys } from '../../core/labels';
import type { PrometheusRuleOptions } from './prometheus-rule';

/**
 * Prometheus scraping of the servers' `metrics` port.
 * @category Construct options
 */
export interface MonitoringOptions {
  /**
   * Annotate the pods with `prometheus.io/scrape`, `prometheus.io/port` and `prometheus.io/path`,
   * the convention of annotation-based scrape configs.
   * @default true
   */
  readonly scrapeAnnotations?: boolean;
  /**
   * Emit a Prometheus Operator ServiceMonitor for the per-version Services (needs its CRD on the cluster).
   * @default false
   */
  readonly serviceMonitor?: boolean;
  /**
   * Scrape interval of the ServiceMonitor.
   * @default "30s"
   */
  readonly interval?: string;
  /**
   * Emit a Prometheus Operator PrometheusRule that alerts on the model's objectives (5xx ratio and
   * p99 latency) for every version, the same objectives `model-serving advance` checks by default
   * (needs its CRD on the cluster). `{}` turns it on with the defaults.
   * @default - no PrometheusRule
   */
  readonly prometheusRule?: PrometheusRuleOptions;
}

/** Pod annotations for annotation-based Prometheus scraping. */
export function scrapeAnnotations(options: MonitoringOptions, metricsPort: number): Record<string, string> {
  if (options.scrapeAnnotations === false) return {};
  return { 'prometheus.io/path': '/metrics', 'prometheus.io/port': String(metricsPort), 'prometheus.io/scrape': 'true' };
}

/**
 * A ServiceMonitor over the per-version Services only (they carry the version label, the stable
 * Service does not), so each pod is scraped once and its series keep their version.
 */
export function addServiceMonitor(
  scope: Construct, name: string, labels: Record<string, string>, modelName: string, metricsPortName: string, options: MonitoringOptions,
): monitoring.ServiceMonitor {
  const { ServiceMonitor } = monitoringApi();
  return new ServiceMonitor(scope, 'ServiceMonitor', {
    metadata: { name, labels },
    spec: {
      selector: {
        matchLabels: { [LabelKeys.NAME]: modelName },
        matchExpressions: [{ key: LabelKeys.VERSION, operator: 'Exists' }],
      },
      endpoints: [{ port: metricsPortName, path: '/metrics', interval: options.interval ?? '30s' }],
      targetLabels: [LabelKeys.VERSION],
    },
  });
}
