import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { AnnotationKeys, versionLabels, versionSelector } from '../core/labels';
import { versionResourceName } from '../core/naming';
import { DEFAULT_PART_OF, replicasOf, serverSettings } from './defaults';
import { addAutoscaler } from './objects/autoscaling';
import { addDeployment } from './objects/deployment';
import { addDisruptionBudget } from './objects/disruption-budget';
import { parseModelUri } from './objects/model-uri';
import { scrapeAnnotations } from './objects/monitoring';
import { podTemplate } from './objects/pod-template';
import { mergeResources } from './objects/resources';
import { resolveSecurity } from './objects/security';
import { addService } from './objects/services';
import type { ModelServingProps } from './props';
import type { ModelVersionSpec } from './version-spec';

/**
 * The Kubernetes objects of one served version (`ModelServing.versions`).
 * @category Construct
 */
export interface ServedVersion {
  /** The version, as declared. */
  readonly version: string;
  /** The version's Deployment. */
  readonly deployment: k8s.KubeDeployment;
  /** The version's own Service: the routers' backend and the version-pinned in-cluster endpoint. */
  readonly service: k8s.KubeService;
  /**
   * The HorizontalPodAutoscaler of the version.
   * @default - none, without `autoscaling` or with 0 replicas
   */
  readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  /**
   * The PodDisruptionBudget of the version.
   * @default - none, when the version cannot run two pods or budgets are disabled
   */
  readonly disruptionBudget?: k8s.KubePodDisruptionBudget;
}

/**
 * The objects of one version, built from the model's (already validated) props and the version's spec.
 * @internal ModelServing creates these; the public view is `ServedVersion`.
 */
export class ModelVersion extends Construct implements ServedVersion {
  public readonly version: string;
  public readonly deployment: k8s.KubeDeployment;
  public readonly service: k8s.KubeService;
  public readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  public readonly disruptionBudget?: k8s.KubePodDisruptionBudget;

  constructor(scope: Construct, id: string, props: ModelServingProps, spec: ModelVersionSpec, serviceAccountName: string) {
    super(scope, id);
    const { modelName } = props;
    const settings = serverSettings(props);
    const name = versionResourceName(modelName, spec.version);
    const labels = versionLabels(modelName, spec.version, props.partOf ?? DEFAULT_PART_OF, props.labels);
    const selector = versionSelector(modelName, spec.version);
    const replicas = replicasOf(spec, props.autoscaling);
    const autoscaled = props.autoscaling !== undefined && replicas > 0;
    const resources = mergeResources(props.resources, spec.resources);
    const annotations: Record<string, string> = { [AnnotationKeys.IMAGE]: spec.image };
    if (spec.modelUri) annotations[AnnotationKeys.MODEL_URI] = spec.modelUri;

    this.version = spec.version;
    this.deployment = addDeployment(this, {
      name, labels, annotations, selector, replicas, autoscaled,
      rollout: props.rollout ?? {},
      gpu: resources.gpu ?? 0,
      template: podTemplate({
        modelName,
        version: spec.version,
        image: spec.image,
        labels,
        annotations: scrapeAnnotations(props.monitoring ?? {}, settings.metricsPort),
        selector,
        port: settings.port,
        metricsPort: settings.metricsPort,
        grpcPort: settings.grpcPort,
        resources,
        modelUri: spec.modelUri ? parseModelUri(spec.modelUri) : undefined,
        modelStorage: props.modelStorage ?? {},
        security: resolveSecurity(props.security),
        serviceAccountName,
        probes: props.probes ?? {},
        drainDelaySeconds: settings.drainDelaySeconds,
        requestTimeoutSeconds: settings.requestTimeoutSeconds,
        env: { ...props.env, ...spec.env },
        placement: props.placement ?? {},
      }),
    });
    this.service = addService(this, 'Service', {
      name, labels, selector, type: 'ClusterIP', servicePort: settings.servicePort, metricsPort: settings.metricsPort, grpcPort: settings.grpcPort,
    });
    if (autoscaled) {
      this.autoscaler = addAutoscaler(this, { name, labels, minReplicas: replicas, options: props.autoscaling! });
    }
    const maxPods = autoscaled ? props.autoscaling!.maxReplicas : replicas;
    if (props.disruptionBudget?.enabled !== false && maxPods >= 2) {
      this.disruptionBudget = addDisruptionBudget(this, {
        name, labels, selector, maxUnavailable: props.disruptionBudget?.maxUnavailable ?? 1,
      });
    }
  }
}
