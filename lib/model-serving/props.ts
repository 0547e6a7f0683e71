import type { AutoscalingOptions } from './objects/autoscaling';
import type { RolloutOptions } from './objects/deployment';
import type { DisruptionBudgetOptions } from './objects/disruption-budget';
import type { GatewayOptions, MirrorOptions } from './objects/gateway';
import type { GrpcOptions } from './objects/grpc-route';
import type { IngressOptions } from './objects/ingress';
import type { ModelStorageOptions } from './objects/model-artifacts';
import type { MonitoringOptions } from './objects/monitoring';
import type { NetworkPolicyOptions } from './objects/network-policy';
import type { PlacementOptions, ProbeOptions } from './objects/pod-template';
import type { ResourceOptions } from './objects/resources';
import type { SecurityOptions } from './objects/security';
import type { ModelVersionSpec } from './version-spec';

/**
 * Type of the model's stable Service.
 * @category Construct
 */
export type ServiceType = 'ClusterIP' | 'LoadBalancer' | 'NodePort';

/**
 * Properties of `ModelServing`.
 * @category Construct
 */
export interface ModelServingProps {
  /** Name of the model: a DNS-1035 label (lowercase letters, digits, `-`; starts with a letter), the base of every object name. */
  readonly modelName: string;
  /** The versions to serve, each with its image and weight; at least one. */
  readonly versions: ModelVersionSpec[];
  /**
   * Port the model server listens on (the container's `http` port, passed as PORT).
   * @default 8080
   */
  readonly port?: number;
  /**
   * Port of the server's Prometheus `/metrics` listener (the container's `metrics` port, passed as METRICS_PORT).
   * @default 9090
   */
  readonly metricsPort?: number;
  /**
   * Port of the model's Services (stable and per version), forwarded to the `http` container port.
   * @default 80
   */
  readonly servicePort?: number;
  /**
   * Type of the stable Service that selects every version.
   * @default "ClusterIP"
   */
  readonly serviceType?: ServiceType;
  /**
   * Compute resources of every version; a version's own `resources` override them field by field.
   * @default - cpu 500m and memory 512Mi, limits equal to requests
   */
  readonly resources?: ResourceOptions;
  /**
   * An Ingress in front of the model.
   * @default - no Ingress
   */
  readonly ingress?: IngressOptions;
  /**
   * A Gateway API HTTPRoute with exact weights, version pinning and optional mirroring.
   * @default - no HTTPRoute
   */
  readonly gateway?: GatewayOptions;
  /**
   * The Open Inference Protocol over gRPC as well as HTTP: a `grpc` port (h2c) on the pods and
   * Services, GRPC_PORT for the server, the port admitted by the NetworkPolicy, and with `gateway` a
   * GRPCRoute carrying the same weights and pins as the HTTPRoute. Needs `gateway` when `ingress` is
   * set (an Ingress cannot route gRPC by weight); without either, gRPC is in-cluster only.
   * @default - HTTP only
   */
  readonly grpc?: GrpcOptions;
  /**
   * Path prefixes the public routes send to the model besides its own API, e.g. `/docs` or
   * `/openapi.json`: added to every HTTPRoute rule, and to the Ingress unless `ingress.path` is set.
   * By default the routes match only `/v2/models/<model>` and `/v1/models/<model>` (with the KServe V1
   * verbs), so the server's docs and health stay private and models can share a hostname; `/`
   * makes everything on the pod public and the hostname the model's alone.
   * @default - none
   */
  readonly extraPublicPaths?: string[];
  /**
   * Shadow traffic to one version (needs `gateway`): HTTP requests and, with `grpc`, gRPC calls.
   * @default - no mirroring
   */
  readonly mirror?: MirrorOptions;
  /**
   * Autoscale every version with an autoscaling/v2 HPA.
   * @default - fixed replica counts
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * PodDisruptionBudget of each version that can run two or more pods.
   * @default - maxUnavailable 1
   */
  readonly disruptionBudget?: DisruptionBudgetOptions;
  /**
   * Rollout strategy of every version's Deployment.
   * @default - RollingUpdate maxSurge 1 / maxUnavailable 0 (GPU: 0 / 1, or Recreate with one replica)
   */
  readonly rollout?: RolloutOptions;
  /**
   * Startup, readiness and liveness probes.
   * @default - the Open Inference Protocol health paths, 300 s to load a model
   */
  readonly probes?: ProbeOptions;
  /**
   * Seconds the server keeps serving after SIGTERM while readiness is 503, so load balancers and
   * kube-proxy stop sending before the listener closes (passed as DRAIN_DELAY_SECONDS).
   * @default 5
   */
  readonly drainDelaySeconds?: number;
  /**
   * The most time one request may take, from its first byte to its response (passed as
   * REQUEST_TIMEOUT_SECONDS; the server answers or closes anything older). With the drain delay it
   * sizes `terminationGracePeriodSeconds` (drain + request + 5 s), so a shutdown never cuts a request
   * short of its timeout.
   * @default 30
   */
  readonly requestTimeoutSeconds?: number;
  /**
   * Pod and container security settings.
   * @default - uid/gid 65532, read-only root filesystem, a dedicated ServiceAccount
   */
  readonly security?: SecurityOptions;
  /**
   * The NetworkPolicy that admits callers.
   * @default - any source on `http` (whatever runs the router's proxies), only `monitoring` on `metrics`
   */
  readonly networkPolicy?: NetworkPolicyOptions;
  /**
   * Node selection, tolerations, runtime class, spreading and pull secrets.
   * @default - any node, spread across nodes
   */
  readonly placement?: PlacementOptions;
  /**
   * How `versions[].modelUri` artifacts are fetched or mounted.
   * @default - KServe's storage-initializer into /mnt/models
   */
  readonly modelStorage?: ModelStorageOptions;
  /**
   * Prometheus scraping.
   * @default - prometheus.io scrape annotations on the pods, no ServiceMonitor
   */
  readonly monitoring?: MonitoringOptions;
  /**
   * Environment variables of every version's server (a version's `env` overrides them).
   * @default - none
   */
  readonly env?: Record<string, string>;
  /**
   * Accept images tagged `:latest` or not tagged at all. They make a git revert a no-op for the
   * cluster (the same tag points to a new image), so they are refused unless you say so.
   * @default false
   */
  readonly allowMutableImageTags?: boolean;
  /**
   * Annotate the objects with Argo CD sync waves (ServiceAccount and NetworkPolicy first, routes
   * last), so a sync never routes traffic to a version before its pods serve.
   * @default true
   */
  readonly syncWaves?: boolean;
  /**
   * Value of the `app.kubernetes.io/part-of` label.
   * @default "model-serving"
   */
  readonly partOf?: string;
  /**
   * Extra labels on every object (never used in selectors).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}
