import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { addAutoscaler, addDisruptionBudget, AutoscalingOptions } from './objects/autoscaling';
import { METRICS_PORT_NAME, podTemplate, PodTemplateInput, SERVING_PORT_NAME } from './objects/pod-template';
import { ResourceOptions } from './objects/resources';

/** One version of a model: its image, its share of traffic and its size. */
export interface ModelVersionSpec {
  /** The version, e.g. `1.1.0`: a Kubernetes label value (letters, digits, `.`, `-`, `_`; at most 63 characters). */
  readonly version: string;
  /** The server image, by tag (`repo:1.1.0`) or digest (`repo@sha256:...`); `:latest` and untagged images are rejected. */
  readonly image: string;
  /**
   * Relative share of traffic: a version gets `weight / sum of weights` (Gateway API semantics).
   * 0 keeps the version deployed and warm but sends it no traffic.
   * @default - 100 when it is the only version; required when there are several
   */
  readonly weight?: number;
  /**
   * Pod count; with `autoscaling`, the version's minimum instead (no `spec.replicas` is emitted,
   * the HPA owns it). 0 scales the version to zero.
   * @default - 1, or `autoscaling.minReplicas`
   */
  readonly replicas?: number;
  /**
   * Where the model artifacts live when they are not baked into the image: `s3://`, `gs://`,
   * `https://` (fetched by an init container) or `pvc://<claim>/<path>` (mounted read-only).
   * @default - the model is in the image
   */
  readonly modelUri?: string;
  /**
   * Resources of this version, field by field over the model-wide `resources`.
   * @default - the model-wide `resources`
   */
  readonly resources?: ResourceOptions;
  /**
   * Extra environment variables of this version's server, over the model-wide `env`.
   * @default - none
   */
  readonly env?: Record<string, string>;
}

/** The weight of a version with its default: 100 for a lone version (validation requires it otherwise). */
export function weightOf(version: ModelVersionSpec): number {
  return version.weight ?? 100;
}

/** The replica count (or HPA minimum) of a version with its default. */
export function replicasOf(version: ModelVersionSpec, autoscaling?: AutoscalingOptions): number {
  return version.replicas ?? autoscaling?.minReplicas ?? 1;
}

/** How a version's Deployment replaces its pods when its image or configuration changes. */
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

/** A version with every default resolved; built by `ModelServing`. */
export interface ResolvedVersion {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly replicas: number;
  /** Port of the version's Service (to the container's `http` port). */
  readonly servicePort: number;
  readonly autoscaling?: AutoscalingOptions;
  readonly disruptionBudgetMaxUnavailable?: number;
  readonly rollout: RolloutOptions;
  readonly gpu: number;
  readonly pod: PodTemplateInput;
}

/** The objects of one model version: Deployment, Service, and HPA / PodDisruptionBudget when they apply. */
export class ModelVersion extends Construct {
  /** The version's Deployment. */
  public readonly deployment: k8s.KubeDeployment;
  /** The version's own Service (the version-pinned endpoint and the routers' backend). */
  public readonly service: k8s.KubeService;
  /** The HPA, when the version autoscales. */
  public readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  /** The PodDisruptionBudget, when the version can run two or more pods. */
  public readonly disruptionBudget?: k8s.KubePodDisruptionBudget;

  constructor(scope: Construct, id: string, version: ResolvedVersion) {
    super(scope, id);
    const autoscaled = version.autoscaling !== undefined && version.replicas > 0;
    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: version.name, labels: version.labels, annotations: version.annotations },
      spec: {
        // With an HPA, `replicas` belongs to the HPA: emitting it would make every sync scale the version back.
        ...(autoscaled ? {} : { replicas: version.replicas }),
        selector: { matchLabels: version.selector },
        strategy: rolloutStrategy(version),
        minReadySeconds: version.rollout.minReadySeconds ?? 10,
        progressDeadlineSeconds: version.rollout.progressDeadlineSeconds ?? 600,
        revisionHistoryLimit: version.rollout.revisionHistoryLimit ?? 5,
        template: podTemplate(version.pod),
      },
    });
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { name: version.name, labels: version.labels },
      spec: {
        type: 'ClusterIP',
        selector: version.selector,
        ports: [
          { name: SERVING_PORT_NAME, port: version.servicePort, targetPort: k8s.IntOrString.fromString(SERVING_PORT_NAME), protocol: 'TCP' },
          { name: METRICS_PORT_NAME, port: version.pod.metricsPort, targetPort: k8s.IntOrString.fromString(METRICS_PORT_NAME), protocol: 'TCP' },
        ],
      },
    });
    if (autoscaled) {
      this.autoscaler = addAutoscaler(this, {
        name: version.name, labels: version.labels, minReplicas: version.replicas, options: version.autoscaling!,
      });
    }
    const maxPods = autoscaled ? version.autoscaling!.maxReplicas : version.replicas;
    if (version.disruptionBudgetMaxUnavailable !== undefined && maxPods >= 2) {
      this.disruptionBudget = addDisruptionBudget(this, {
        name: version.name, labels: version.labels, selector: version.selector, maxUnavailable: version.disruptionBudgetMaxUnavailable,
      });
    }
  }
}

/**
 * RollingUpdate with surge and no unavailability by default. A GPU version cannot rely on a surge
 * pod finding a free GPU, so unless the user chose otherwise it replaces one pod at a time when it
 * has two or more, and uses Recreate (a short outage of that version) when it has one.
 */
function rolloutStrategy(version: ResolvedVersion): k8s.DeploymentStrategy {
  const { maxSurge, maxUnavailable } = version.rollout;
  if (version.gpu > 0 && maxSurge === undefined && maxUnavailable === undefined) {
    if (version.replicas < 2) return { type: 'Recreate' };
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
