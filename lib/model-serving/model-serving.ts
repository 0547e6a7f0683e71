import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { modelLabels, modelSelector } from '../core/labels';
import { applySyncWaves } from '../gitops/sync-waves';
import { checkRouteConflicts } from '../synth/route-conflicts';
import { ownObjects } from '../synth/unique-objects';
import { DEFAULT_PART_OF, DEFAULT_VERSION_HEADER, GRPC_PORT_NAME, METRICS_PORT_NAME, SERVING_PORT_NAME, serverSettings } from './defaults';
import { ModelVersion, ServedVersion } from './model-version';
import { addHttpRoutes } from './objects/gateway';
import { addGrpcRoutes } from './objects/grpc-route';
import { addIngresses } from './objects/ingress';
import { addServiceMonitor } from './objects/monitoring';
import { addNetworkPolicy } from './objects/network-policy';
import { addPrometheusRule } from './objects/prometheus-rule';
import { routedVersions } from './objects/routed-version';
import { addServiceAccount } from './objects/security';
import { addService } from './objects/services';
import type { ModelServingProps } from './props';
import { validateModelServingProps } from './validation/validate';

/**
 * A versioned model served from plain Kubernetes objects: per version a Deployment and a Service
 * (plus HPA and PodDisruptionBudget), a stable Service over every version, a ServiceAccount and a
 * NetworkPolicy, and the routers that carry the versions' exact weights (Gateway API HTTPRoute and,
 * with `grpc`, GRPCRoute; Ingress, ingress-nginx canary). No controller or CRD is needed on the cluster.
 * @category Construct
 */
export class ModelServing extends Construct {
  /** The objects of each version, in declaration order. */
  public readonly versions: ServedVersion[];
  /** The stable Service selecting every version of the model. */
  public readonly service: k8s.KubeService;

  /**
   * @param scope - the chart (its namespace is the objects' namespace)
   * @param id - the construct id, unique in `scope`
   * @param props - the model, its versions and how to serve them; checked at once, every violation
   * reported in one `ValidationError`
   */
  constructor(scope: Construct, id: string, props: ModelServingProps) {
    super(scope, id);
    validateModelServingProps(`ModelServing "${id}"`, props);
    const { modelName } = props;
    // Another ModelServing (or any construct) of the chart must not produce the same object names.
    ownObjects(this, { title: `ModelServing "${id}"`, detail: `model "${modelName}"` });
    // Nor may its routes compete with another model's for the same listener and hostname.
    checkRouteConflicts(this);
    const labels = modelLabels(modelName, props.partOf ?? DEFAULT_PART_OF, props.labels);
    const { servicePort, grpcPort } = serverSettings(props);

    const serviceAccountName = props.security?.serviceAccountName ?? modelName;
    if (!props.security?.serviceAccountName) addServiceAccount(this, modelName, labels);

    this.versions = props.versions.map((spec) => new ModelVersion(this, `Version-${spec.version}`, props, spec, serviceAccountName));

    this.service = addService(this, 'StableService', {
      name: modelName, labels, selector: modelSelector(modelName), type: props.serviceType ?? 'ClusterIP', servicePort, grpcPort,
    });

    if (props.networkPolicy?.enabled !== false) {
      addNetworkPolicy(this, {
        name: modelName,
        labels,
        podSelector: modelSelector(modelName),
        servingPortName: SERVING_PORT_NAME,
        ...(grpcPort !== undefined ? { grpcPortName: GRPC_PORT_NAME } : {}),
        metricsPortName: METRICS_PORT_NAME,
        routerNamespaces: props.networkPolicy?.routerNamespaces ?? [],
        routerCidrs: props.networkPolicy?.routerCidrs ?? [],
        prometheusNamespace: props.networkPolicy?.prometheusNamespace ?? 'monitoring',
      });
    }

    const routed = routedVersions(props);
    if (props.ingress) {
      addIngresses(this, {
        modelName, labels, options: props.ingress, servicePort,
        versionHeader: props.gateway?.versionHeader ?? DEFAULT_VERSION_HEADER,
        weighted: routed.filter((v) => v.weight > 0),
        stableServiceName: modelName,
        extraPublicPaths: props.extraPublicPaths ?? [],
      });
    }
    if (props.gateway) {
      addHttpRoutes(this, {
        modelName, labels, servicePort, versions: routed, options: props.gateway, mirror: props.mirror,
        extraPublicPaths: props.extraPublicPaths ?? [],
      });
      if (props.grpc) {
        addGrpcRoutes(this, {
          modelName, labels, grpcPort: grpcPort!, versions: routed, gateway: props.gateway, options: props.grpc, mirror: props.mirror,
        });
      }
    }
    if (props.monitoring?.serviceMonitor) {
      addServiceMonitor(this, modelName, labels, modelName, METRICS_PORT_NAME, props.monitoring);
    }
    if (props.monitoring?.prometheusRule) {
      addPrometheusRule(this, modelName, labels, modelName, props.monitoring.prometheusRule);
    }
    if (props.syncWaves !== false) applySyncWaves(this);
  }
}
