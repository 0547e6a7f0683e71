import { k8s } from '../../core/k8s';
import { ModelStorageOptions, modelArtifactPodParts, DEFAULT_MODEL_MOUNT_PATH } from './model-artifacts';
import type { ModelUri } from './model-uri';
import { containerResources, ResourceOptions } from './resources';
import { containerSecurityContext, podSecurityContext, ResolvedSecurity } from './security';
import { GRPC_PORT_NAME, METRICS_PORT_NAME, SERVING_PORT_NAME } from '../defaults';
import {
  DRAIN_DELAY_SECONDS, GRPC_PORT, METRICS_PORT, MODEL_DIR, MODEL_NAME, MODEL_VERSION, PORT, REQUEST_TIMEOUT_SECONDS, terminationGracePeriodSeconds,
} from '../server-env';

/**
 * Probes of the model server, on the Open Inference Protocol health endpoints.
 * @category Construct options
 */
export interface ProbeOptions {
  /**
   * Path that answers 200 only once the model is loaded (and 503 while draining).
   * Used by the startup and readiness probes.
   * @default "/v2/health/ready"
   */
  readonly readinessPath?: string;
  /**
   * Path that answers 200 while the process is healthy.
   * @default "/v2/health/live"
   */
  readonly livenessPath?: string;
  /**
   * Longest time a pod may take to load its model before it is restarted. The startup probe
   * holds liveness off until then, so a slow model load is not killed half-way.
   * @default 300
   */
  readonly startupTimeoutSeconds?: number;
}

/**
 * Where the pods may run.
 * @category Construct options
 */
export interface PlacementOptions {
  /**
   * Node labels a pod requires, e.g. `{ 'nvidia.com/gpu.present': 'true' }`.
   * @default - any node
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Tolerations, e.g. for a tainted GPU pool.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * RuntimeClass of the pods (e.g. `nvidia`).
   * @default - the cluster's default runtime
   */
  readonly runtimeClassName?: string;
  /**
   * Also spread each version's pods across zones (`topology.kubernetes.io/zone`); they are always
   * spread across nodes.
   * @default false
   */
  readonly spreadAcrossZones?: boolean;
  /**
   * Secrets used to pull the images from a private registry.
   * @default - none
   */
  readonly imagePullSecrets?: string[];
  /**
   * PriorityClass of the pods.
   * @default - the cluster default
   */
  readonly priorityClassName?: string;
}

/** Everything needed to build the pod template of one version. */
export interface PodTemplateInput {
  readonly modelName: string;
  readonly version: string;
  readonly image: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly port: number;
  readonly metricsPort: number;
  /** The gRPC listener's port, or undefined without `grpc`. */
  readonly grpcPort: number | undefined;
  readonly resources: ResourceOptions;
  readonly modelUri?: ModelUri;
  readonly modelStorage: ModelStorageOptions;
  readonly security: ResolvedSecurity;
  readonly serviceAccountName: string;
  readonly probes: ProbeOptions;
  readonly drainDelaySeconds: number;
  readonly requestTimeoutSeconds: number;
  readonly env: Record<string, string>;
  readonly placement: PlacementOptions;
}

const PROBE_PERIOD_SECONDS = 5;

/** The pod template of one version's Deployment. */
export function podTemplate(input: PodTemplateInput): k8s.PodTemplateSpec {
  const securityContext = containerSecurityContext(input.security);
  const resources = containerResources(input.resources);
  const tmpMount: k8s.VolumeMount = { name: 'tmp', mountPath: '/tmp' };
  const artifacts = input.modelUri
    ? modelArtifactPodParts({ modelUri: input.modelUri, options: input.modelStorage, securityContext, resources, tmpMount })
    : { volumes: [], initContainers: [], serverMounts: [] };
  const placement = input.placement;
  const spec: k8s.PodSpec = {
    serviceAccountName: input.serviceAccountName,
    automountServiceAccountToken: false,
    // Service links would inject ~7 env vars per Service of the namespace: noise, and slow with many versions.
    enableServiceLinks: false,
    securityContext: podSecurityContext(input.security),
    terminationGracePeriodSeconds: terminationGracePeriodSeconds(input.drainDelaySeconds, input.requestTimeoutSeconds),
    ...(artifacts.initContainers.length ? { initContainers: artifacts.initContainers } : {}),
    containers: [serverContainer(input, securityContext, resources, [tmpMount, ...artifacts.serverMounts])],
    volumes: [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Gi') } }, ...artifacts.volumes],
    topologySpreadConstraints: spreadConstraints(input.selector, placement.spreadAcrossZones ?? false),
    ...(placement.nodeSelector ? { nodeSelector: placement.nodeSelector } : {}),
    ...(placement.tolerations?.length ? { tolerations: placement.tolerations } : {}),
    ...(placement.runtimeClassName ? { runtimeClassName: placement.runtimeClassName } : {}),
    ...(placement.priorityClassName ? { priorityClassName: placement.priorityClassName } : {}),
    ...(placement.imagePullSecrets?.length ? { imagePullSecrets: placement.imagePullSecrets.map((name) => ({ name })) } : {}),
  };
  const hasAnnotations = Object.keys(input.annotations).length > 0;
  return { metadata: { labels: input.labels, ...(hasAnnotations ? { annotations: input.annotations } : {}) }, spec };
}

function serverContainer(
  input: PodTemplateInput, securityContext: k8s.SecurityContext, resources: k8s.ResourceRequirements, volumeMounts: k8s.VolumeMount[],
): k8s.Container {
  const probes = input.probes;
  const readinessPath = probes.readinessPath ?? '/v2/health/ready';
  const startupTimeout = probes.startupTimeoutSeconds ?? 300;
  return {
    name: 'server',
    image: input.image,
    imagePullPolicy: 'IfNotPresent',
    ports: [
      { name: SERVING_PORT_NAME, containerPort: input.port, protocol: 'TCP' },
      ...(input.grpcPort !== undefined ? [{ name: GRPC_PORT_NAME, containerPort: input.grpcPort, protocol: 'TCP' }] : []),
      { name: METRICS_PORT_NAME, containerPort: input.metricsPort, protocol: 'TCP' },
    ],
    env: serverEnv(input),
    resources,
    securityContext,
    startupProbe: httpProbe(readinessPath, { periodSeconds: PROBE_PERIOD_SECONDS, failureThreshold: Math.ceil(startupTimeout / PROBE_PERIOD_SECONDS) }),
    readinessProbe: httpProbe(readinessPath, { periodSeconds: PROBE_PERIOD_SECONDS, failureThreshold: 2 }),
    livenessProbe: httpProbe(probes.livenessPath ?? '/v2/health/live', { periodSeconds: 10, failureThreshold: 3 }),
    volumeMounts,
  };
}

function serverEnv(input: PodTemplateInput): k8s.EnvVar[] {
  // Every name written here is in CONSTRUCT_WRITTEN_ENV, which validation refuses in user `env`.
  const env: Record<string, string> = {
    ...input.env,
    [MODEL_NAME]: input.modelName,
    [MODEL_VERSION]: input.version,
    [PORT.name]: String(input.port),
    [METRICS_PORT.name]: String(input.metricsPort),
    [DRAIN_DELAY_SECONDS.name]: String(input.drainDelaySeconds),
    // The server enforces it per request and derives its shutdown deadline from it and the drain delay.
    [REQUEST_TIMEOUT_SECONDS.name]: String(input.requestTimeoutSeconds),
  };
  if (input.modelUri) env[MODEL_DIR] = input.modelStorage.mountPath ?? DEFAULT_MODEL_MOUNT_PATH;
  if (input.grpcPort !== undefined) env[GRPC_PORT.name] = String(input.grpcPort);
  // Sorted so that adding a variable is a one-line diff, whatever the order it was declared in.
  return Object.keys(env).sort().map((name) => ({ name, value: env[name] }));
}

function httpProbe(path: string, timing: { periodSeconds: number; failureThreshold: number }): k8s.Probe {
  return {
    httpGet: { path, port: k8s.IntOrString.fromString(SERVING_PORT_NAME) },
    periodSeconds: timing.periodSeconds,
    timeoutSeconds: 2,
    failureThreshold: timing.failureThreshold,
  };
}

function spreadConstraints(selector: Record<string, string>, acrossZones: boolean): k8s.TopologySpreadConstraint[] {
  const keys = ['kubernetes.io/hostname', ...(acrossZones ? ['topology.kubernetes.io/zone'] : [])];
  return keys.map((topologyKey) => ({
    topologyKey,
    maxSkew: 1,
    // A preference, not a rule: a small cluster must still be able to schedule every replica.
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: selector },
    // Spread each ReplicaSet on its own, so old pods that are about to go do not skew a rollout.
    matchLabelKeys: ['pod-template-hash'],
  }));
}
