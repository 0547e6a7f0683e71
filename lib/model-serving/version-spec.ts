import type { ResourceOptions } from './objects/resources';

/**
 * One version of a model: its image, its share of traffic and its size.
 * @category Construct
 */
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
   * Make the version reachable by pinning — the version header and its Open Inference Protocol path
   * `/v2/models/<model>/versions/<version>` on the HTTPRoute, the header (gRPC metadata) on the
   * GRPCRoute with `grpc` — while its weight is 0, to test it
   * through the public route before it gets traffic. Without it a weight-0 version receives no
   * request at all; a version with a weight above 0 can always be pinned. Needs `gateway`.
   * @default false
   */
  readonly darkLaunch?: boolean;
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
