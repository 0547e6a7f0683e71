/**
 * The defaults that more than one part of the library needs — the construct, its validation, the
 * models.yaml tooling and the CLI — in one home. Defaults used by a single object builder stay in
 * that builder, next to the field they fill.
 */
import type { AutoscalingOptions } from './objects/autoscaling';
import type { ModelVersionSpec } from './version-spec';
import type { ModelServingProps } from './props';
import { DRAIN_DELAY_SECONDS, GRPC_PORT, METRICS_PORT, PORT, REQUEST_TIMEOUT_SECONDS } from './server-env';

/** Name of the serving container port: Services, routes, probes and the NetworkPolicy refer to it. */
export const SERVING_PORT_NAME = 'http';
/** Name of the Prometheus metrics container port. */
export const METRICS_PORT_NAME = 'metrics';
/** Name of the gRPC container and Service port (with `grpc`): Services, the GRPCRoute and the NetworkPolicy refer to it. */
export const GRPC_PORT_NAME = 'grpc';
/**
 * `appProtocol` of the Services' `grpc` port: HTTP/2 over cleartext with prior knowledge, the
 * Kubernetes standard value (1.27+) that Gateway API implementations read to speak h2c to the
 * backend instead of HTTP/1.1.
 */
export const GRPC_APP_PROTOCOL = 'kubernetes.io/h2c';
/** Port of the model's Services when `servicePort` is not set. */
export const DEFAULT_SERVICE_PORT = 80;
/** Value of `app.kubernetes.io/part-of` when `partOf` is not set. */
export const DEFAULT_PART_OF = 'model-serving';
/** Request header that pins a request to one version when `gateway.versionHeader` is not set. */
export const DEFAULT_VERSION_HEADER = 'x-model-version';
/** Weight of a version that does not set one: only allowed when it is the only version. */
export const DEFAULT_WEIGHT = 100;

/** The weight of a version with its default (validation requires an explicit weight when there are several). */
export function weightOf(version: Pick<ModelVersionSpec, 'weight'>): number {
  return version.weight ?? DEFAULT_WEIGHT;
}

/** The replica count (or HPA minimum) of a version with its default. */
export function replicasOf(version: ModelVersionSpec, autoscaling?: AutoscalingOptions): number {
  return version.replicas ?? autoscaling?.minReplicas ?? 1;
}

/** The ports and timings of a model's pods, with their defaults. */
export interface ServerSettings {
  readonly port: number;
  readonly metricsPort: number;
  readonly servicePort: number;
  /** The gRPC port (container and Services), or undefined without `grpc`. */
  readonly grpcPort: number | undefined;
  readonly drainDelaySeconds: number;
  readonly requestTimeoutSeconds: number;
}

/** Resolves the ports and timings of `props`. */
export function serverSettings(props: ModelServingProps): ServerSettings {
  return {
    port: props.port ?? PORT.default,
    metricsPort: props.metricsPort ?? METRICS_PORT.default,
    servicePort: props.servicePort ?? DEFAULT_SERVICE_PORT,
    grpcPort: props.grpc ? props.grpc.port ?? GRPC_PORT.default : undefined,
    drainDelaySeconds: props.drainDelaySeconds ?? DRAIN_DELAY_SECONDS.default,
    requestTimeoutSeconds: props.requestTimeoutSeconds ?? REQUEST_TIMEOUT_SECONDS.default,
  };
}
