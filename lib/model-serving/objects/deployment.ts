import { Construct } from 'constructs';
import { k8s } from '../../core/k8s';

/**
 * How a version's Deployment replaces its pods when its image or configuration changes.
 * @category Construct options
 */
export interface RolloutOptions {
  /**
   * Extra pods allowed during a rollout. Default 1 (0 for GPU versions: a surge pod cannot get a GPU on a full pool).
   * @default 1
   */
  readonly maxSurge?: number;
  /**
   * Pods that may be unavailable during a rollout. Default 0, so capacity never drops (1 for GPU versions).
   * @default 0
   */
  readonly maxUnavailable?: number;
  /**
   * Seconds a new pod must stay ready before it counts as available; catches models that crash after warm-up.
   * @default 10
   */
  readonly minReadySeconds?: number;
  /**
   * Seconds without progress after which the rollout is reported failed (Argo CD shows Degraded).
   * @default 600
   */
  readonly progressDeadlineSeconds?: number;
  /**
   * Old ReplicaSets kept for `kubectl rollout undo`.
   * @default 5
   */
  readonly revisionHistoryLimit?: number;
}

/** Inputs to build one version's Deployment. */
export interface VersionDeploymentSpec {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly selector: Record<string, string>;
  /** Replica count, or the HPA's minimum. */
  readonly replicas: number;
  /** An HPA owns the replica count: `spec.replicas` is left out. */
  readonly autoscaled: boolean;
  readonly rollout: RolloutOptions;
  /** GPUs per pod: a GPU version gets a rollout that never needs a spare GPU. */
  readonly gpu: number;
  readonly template: k8s.PodTemplateSpec;
}

/** The Deployment of one version. */
export function addDeployment(scope: Construct, spec: VersionDeploymentSpec): k8s.KubeDeployment {
  return new k8s.KubeDeployment(scope, 'Deployment', {
    metadata: { name: spec.name, labels: spec.labels, annotations: spec.annotations },
    spec: {
      // With an HPA, `replicas` belongs to the HPA: emitting it would make every sync scale the version back.
      ...(spec.autoscaled ? {} : { replicas: spec.replicas }),
      selector: { matchLabels: spec.selector },
      strategy: rolloutStrategy(spec),
      minReadySeconds: spec.rollout.minReadySeconds ?? 10,
      progressDeadlineSeconds: spec.rollout.progressDeadlineSeconds ?? 600,
      revisionHistoryLimit: spec.rollout.revisionHistoryLimit ?? 5,
      template: spec.template,
    },
  });
}

/**
 * RollingUpdate with surge and no unavailability by default. A GPU version cannot rely on a surge
 * pod finding a free GPU, so unless the user chose otherwise it replaces one pod at a time when it
 * has two or more, and uses Recreate (a short outage of that version) when it has one.
 */
function rolloutStrategy(spec: VersionDeploymentSpec): k8s.DeploymentStrategy {
  const { maxSurge, maxUnavailable } = spec.rollout;
  if (spec.gpu > 0 && maxSurge === undefined && maxUnavailable === undefined) {
    if (spec.replicas < 2) return { type: 'Recreate' };
    return rollingUpdate(0, 1);
  }
  return rollingUpdate(maxSurge ?? 1, maxUnavailable ?? 0);
}

function rollingUpdate(maxSurge: number, maxUnavailable: number): k8s.DeploymentStrategy {
  return {
    type: 'RollingUpdate',
    rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(maxSurge), maxUnavailable: k8s.IntOrString.fromNumber(maxUnavailable) },
  };
}
