import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { addHttpRoutes, DEFAULT_VERSION_HEADER, RoutedVersion } from './objects/gateway';
import { addIngresses } from './objects/ingress';
import { AnnotationKeys, modelLabels, modelSelector, versionLabels, versionResourceName, versionSelector } from '../core/labels';
import { parseModelUri } from './objects/model-artifacts';
import { ModelServingProps } from './props';
import { ModelVersion, ModelVersionSpec, replicasOf, ResolvedVersion, weightOf } from './model-version';
import { addServiceMonitor, scrapeAnnotations } from './objects/monitoring';
import { METRICS_PORT_NAME, SERVING_PORT_NAME } from './objects/pod-template';
import { mergeResources } from './objects/resources';
import { addNetworkPolicy, addServiceAccount, resolveSecurity } from './objects/security';
import { applySyncWaves } from '../gitops/sync-waves';
import { validateModelServingProps } from './validation/rules';

/**
 * A versioned model served from plain Kubernetes objects: per version a Deployment and a Service
 * (plus HPA and PodDisruptionBudget), a stable Service over every version, a ServiceAccount and a
 * NetworkPolicy, and the routers that carry the versions' exact weights (Gateway API HTTPRoute,
 * Ingress, ingress-nginx canary). No controller or CRD is needed on the cluster.
 */
export class ModelServing extends Construct {
  /** The model's objects per version, in declaration order. */
  public readonly versions: ModelVersion[];
  /** The stable Service selecting every version of the model. */
  public readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, props: ModelServingProps) {
    super(scope, id);
    validateModelServingProps(`ModelServing "${id}"`, props);
    const { modelName } = props;
    const partOf = props.partOf ?? 'model-serving';
    const labels = modelLabels(modelName, partOf, props.labels);
    const port = props.port ?? 8080;
    const metricsPort = props.metricsPort ?? 9090;
    const servicePort = props.servicePort ?? 80;

    const serviceAccountName = props.security?.serviceAccountName ?? modelName;
    if (!props.security?.serviceAccountName) addServiceAccount(this, modelName, labels);

    this.versions = props.versions.map((spec) => new ModelVersion(this, `Version-${spec.version}`, resolveVersion(props, spec, {
      partOf, port, metricsPort, servicePort, serviceAccountName,
    })));

    this.service = new k8s.KubeService(this, 'StableService', {
      metadata: { name: modelName, labels },
      spec: {
        type: props.serviceType ?? 'ClusterIP',
        selector: modelSelector(modelName),
        ports: [{ name: SERVING_PORT_NAME, port: servicePort, targetPort: k8s.IntOrString.fromString(SERVING_PORT_NAME), protocol: 'TCP' }],
      },
    });

    if (props.networkPolicy?.enabled !== false) {
      addNetworkPolicy(this, {
        name: modelName,
        labels,
        podSelector: modelSelector(modelName),
        servingPortName: SERVING_PORT_NAME,
        metricsPortName: METRICS_PORT_NAME,
        routerNamespaces: routerNamespaces(props),
        prometheusNamespace: props.networkPolicy?.prometheusNamespace ?? 'monitoring',
      });
    }

    const routed: RoutedVersion[] = props.versions.map((v) => ({
      version: v.version, serviceName: versionResourceName(modelName, v.version), weight: weightOf(v),
    }));
    const versionHeader = props.gateway?.versionHeader ?? DEFAULT_VERSION_HEADER;
    if (props.ingress) {
      addIngresses(this, {
        modelName, labels, options: props.ingress, servicePort, versionHeader,
        weighted: routed.filter((v) => v.weight > 0),
        stableServiceName: modelName,
      });
    }
    if (props.gateway) {
      addHttpRoutes(this, { modelName, labels, servicePort, versions: routed, options: props.gateway, mirror: props.mirror });
    }
    if (props.monitoring?.serviceMonitor) {
      addServiceMonitor(this, modelName, labels, modelName, METRICS_PORT_NAME, props.monitoring);
    }
    if (props.syncWaves !== false) applySyncWaves(this);
  }
}

interface SharedSettings {
  readonly partOf: string;
  readonly port: number;
  readonly metricsPort: number;
  readonly servicePort: number;
  readonly serviceAccountName: string;
}

function resolveVersion(props: ModelServingProps, spec: ModelVersionSpec, shared: SharedSettings): ResolvedVersion {
  const { modelName } = props;
  const labels = versionLabels(modelName, spec.version, shared.partOf, props.labels);
  const selector = versionSelector(modelName, spec.version);
  const annotations: Record<string, string> = { [AnnotationKeys.IMAGE]: spec.image };
  if (spec.modelUri) annotations[AnnotationKeys.MODEL_URI] = spec.modelUri;
  const resources = mergeResources(props.resources, spec.resources);
  const replicas = replicasOf(spec, props.autoscaling);
  return {
    name: versionResourceName(modelName, spec.version),
    labels,
    selector,
    annotations,
    replicas,
    servicePort: shared.servicePort,
    autoscaling: props.autoscaling,
    disruptionBudgetMaxUnavailable: props.disruptionBudget?.enabled === false ? undefined : (props.disruptionBudget?.maxUnavailable ?? 1),
    rollout: props.rollout ?? {},
    gpu: resources.gpu ?? 0,
    pod: {
      modelName,
      version: spec.version,
      image: spec.image,
      labels,
      annotations: scrapeAnnotations(props.monitoring ?? {}, shared.metricsPort),
      selector,
      port: shared.port,
      metricsPort: shared.metricsPort,
      resources,
      modelUri: spec.modelUri ? parseModelUri(spec.modelUri) : undefined,
      modelStorage: props.modelStorage ?? {},
      security: resolveSecurity(props.security),
      serviceAccountName: shared.serviceAccountName,
      probes: props.probes ?? {},
      drainDelaySeconds: props.drainDelaySeconds ?? 5,
      requestTimeoutSeconds: props.requestTimeoutSeconds ?? 30,
      env: { ...props.env, ...spec.env },
      placement: props.placement ?? {},
    },
  };
}

function routerNamespaces(props: ModelServingProps): string[] {
  if (props.networkPolicy?.routerNamespaces) return props.networkPolicy.routerNamespaces;
  const namespaces = new Set<string>();
  if (props.ingress) namespaces.add('ingress-nginx');
  for (const ref of props.gateway?.parentRefs ?? []) if (ref.namespace) namespaces.add(ref.namespace);
  return [...namespaces].sort();
}
