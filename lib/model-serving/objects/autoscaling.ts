import { Construct } from 'constructs';
import { k8s } from '../../core/k8s';

/**
 * Horizontal autoscaling of each version's Deployment (autoscaling/v2).
 * @category Construct options
 */
export interface AutoscalingOptions {
  /**
   * Lowest replica count of each version. A version's own `replicas`, when given, overrides it
   * (so a canary can idle at 1 while the main version keeps 2).
   * @default 1
   */
  readonly minReplicas?: number;
  /** Highest replica count of each version. */
  readonly maxReplicas: number;
  /**
   * Average CPU utilization (percent of the CPU request) the HPA aims for.
   * @default 70
   */
  readonly targetCpuUtilizationPercent?: number;
  /**
   * Average memory utilization (percent of the memory request) the HPA aims for.
   * @default - memory is not a scaling metric
   */
  readonly targetMemoryUtilizationPercent?: number;
  /**
   * Seconds the HPA waits for load to stay low before it removes pods; avoids flapping
   * after a traffic shift between versions.
   * @default 300
   */
  readonly scaleDownStabilizationSeconds?: number;
}

/** Inputs to build the autoscaler of one version. */
export interface VersionAutoscalerSpec {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly minReplicas: number;
  readonly options: AutoscalingOptions;
}

/** Emits the autoscaling/v2 HPA that scales the version Deployment of the same name. */
export function addAutoscaler(scope: Construct, spec: VersionAutoscalerSpec): k8s.KubeHorizontalPodAutoscalerV2 {
  const { options } = spec;
  const metrics: k8s.MetricSpecV2[] = [resourceMetric('cpu', options.targetCpuUtilizationPercent ?? 70)];
  if (options.targetMemoryUtilizationPercent !== undefined) {
    metrics.push(resourceMetric('memory', options.targetMemoryUtilizationPercent));
  }
  return new k8s.KubeHorizontalPodAutoscalerV2(scope, 'Autoscaler', {
    metadata: { name: spec.name, labels: spec.labels },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: spec.name },
      minReplicas: spec.minReplicas,
      maxReplicas: options.maxReplicas,
      metrics,
      behavior: {
        scaleDown: { stabilizationWindowSeconds: options.scaleDownStabilizationSeconds ?? 300 },
      },
    },
  });
}

function resourceMetric(name: 'cpu' | 'memory', averageUtilization: number): k8s.MetricSpecV2 {
  return { type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization } } };
}
