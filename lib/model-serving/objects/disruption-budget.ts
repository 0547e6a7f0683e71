import { Construct } from 'constructs';
import { k8s } from '../../core/k8s';

/**
 * Voluntary-disruption protection (policy/v1 PodDisruptionBudget) of each version.
 * @category Construct options
 */
export interface DisruptionBudgetOptions {
  /**
   * Emit a PodDisruptionBudget for every version that can run two or more pods.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Pods of a version that a drain may evict at once.
   * @default 1
   */
  readonly maxUnavailable?: number;
}

/** Inputs to build the disruption budget of one version. */
export interface VersionDisruptionBudgetSpec {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly maxUnavailable: number;
}

/**
 * Emits a PodDisruptionBudget. `unhealthyPodEvictionPolicy: AlwaysAllow` lets a node drain evict
 * pods that never became ready (a crash-looping canary), which would otherwise block the drain.
 */
export function addDisruptionBudget(scope: Construct, spec: VersionDisruptionBudgetSpec): k8s.KubePodDisruptionBudget {
  return new k8s.KubePodDisruptionBudget(scope, 'DisruptionBudget', {
    metadata: { name: spec.name, labels: spec.labels },
    spec: {
      maxUnavailable: k8s.IntOrString.fromNumber(spec.maxUnavailable),
      selector: { matchLabels: spec.selector },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  });
}
