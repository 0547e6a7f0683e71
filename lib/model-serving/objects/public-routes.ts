/**
 * What a model's public routes expose: the decisions every router builder follows, in one place
 * (the HTTPRoute, GRPCRoute and Ingress builders).
 *
 * 1. Which versions can be pinned (`pinnedVersions`). A version is reachable from outside only when
 *    it has traffic (weight > 0) or its spec opts into dark-launch pinning (`darkLaunch: true`). A
 *    version released at weight 0 is deployed and warm but receives no request, pinned or not: the
 *    release pipeline deploys every pushed tag at weight 0, and nobody decided to expose those.
 *
 * 2. Which request paths a public rule matches (`publicPaths`). Only the model's own API: the Open
 *    Inference Protocol's `/v2/models/<model>` and KServe V1's `/v1/models/<model>` — never `/`, so
 *    `/docs`, `/openapi.json`, server-level health and metrics stay private, and several models can
 *    share one hostname. `extraPublicPaths` adds more for those who want them.
 *
 * Gateway API PathPrefix and Ingress Prefix match whole path segments: `/v1/models/iris` matches
 * `/v1/models/iris` and `/v1/models/iris/…` but not `/v1/models/iris:predict` (the segment is
 * `iris:predict`) — nor `/v2/models/iris-1/…`, which keeps models with overlapping names apart. So
 * KServe V1's verbs are listed as exact paths of their own.
 *
 * 3. Which gRPC methods a public GRPCRoute rule matches (`publicGrpcMethods`): the Open Inference
 *    Protocol's model methods only — ModelReady, ModelMetadata and ModelInfer of
 *    `inference.GRPCInferenceService`, the twins of `/v2/models/<model>/ready`, `/v2/models/<model>`
 *    and `/v2/models/<model>/infer`. Not the whole service: its ServerLive, ServerReady and
 *    ServerMetadata are the server-level health and metadata that HTTP keeps private, and servers
 *    with the model-repository extension (Triton, and KServe's runtimes) add RepositoryModelLoad and
 *    RepositoryModelUnload to the same service — admin calls a public route must not carry. Nor
 *    `grpc.health.v1.Health` or server reflection. `grpc.extraPublicMethods` adds more.
 *
 * A GRPCRoute cannot separate models by path: the Open Inference Protocol's gRPC service carries the
 * model name in the message body, so every model's rules match the same methods. It pins with the
 * same `pinnedVersions` and the version header (there is no versioned path: `model_version` is in
 * the body too), and each model needs a hostname or listener of its own (synth refuses two models'
 * GRPCRoutes competing for one, see core/route-attachment.ts).
 */
import type { RoutedVersion } from './routed-version';

/** How a public path is matched: a whole-segment prefix, or the exact path. */
export type PublicPathMatch =
  | { readonly type: 'PathPrefix'; readonly value: string }
  | { readonly type: 'Exact'; readonly value: string };

/** KServe V1 verbs, appended to the model's segment as `/v1/models/<model>:<verb>`. */
export const KSERVE_V1_VERBS: readonly string[] = ['predict', 'explain'];

/** Most extra public paths a model may add: each one is repeated in every pin rule, and a route holds at most 128 matches. */
export const MAX_EXTRA_PUBLIC_PATHS = 8;

/** The versions that get pin rules (header and versioned path): those with traffic, and those opted into dark-launch pinning. */
export function pinnedVersions<V extends Pick<RoutedVersion, 'weight' | 'darkLaunch'>>(versions: readonly V[]): V[] {
  return versions.filter(isPinned);
}

/** Whether a version gets pin rules (see `pinnedVersions`). */
export function isPinned(version: Pick<RoutedVersion, 'weight' | 'darkLaunch'>): boolean {
  return version.weight > 0 || version.darkLaunch;
}

/** The model's own API: what every public rule matches by default. */
export function modelApiPaths(modelName: string): PublicPathMatch[] {
  return [
    { type: 'PathPrefix', value: `/v2/models/${modelName}` },
    { type: 'PathPrefix', value: `/v1/models/${modelName}` },
    ...KSERVE_V1_VERBS.map((verb): PublicPathMatch => ({ type: 'Exact', value: `/v1/models/${modelName}:${verb}` })),
  ];
}

/** Every path a public rule of the model matches: its API, then the extra prefixes in the order given. */
export function publicPaths(modelName: string, extraPublicPaths: readonly string[] = []): PublicPathMatch[] {
  return [...modelApiPaths(modelName), ...extraPublicPaths.map((value): PublicPathMatch => ({ type: 'PathPrefix', value }))];
}

/** The Open Inference Protocol path of one version, `/v2/models/<model>/versions/<version>`: a pin by path. */
export function versionPath(modelName: string, version: string): string {
  return `/v2/models/${modelName}/versions/${version}`;
}

/**
 * Characters ingress-nginx (1.12 and later, `strict-validate-path-type`) accepts in an Ingress path
 * of type Exact or Prefix; a path with any other character (`:` of the KServe verbs, `.` of
 * `/openapi.json`) is refused by its admission webhook unless its type is ImplementationSpecific.
 */
export const STRICT_INGRESS_PATH = /^\/[A-Za-z0-9/_-]*$/;

/** The Open Inference Protocol's gRPC service (open_inference_grpc.proto, package `inference`). */
export const OIP_GRPC_SERVICE = 'inference.GRPCInferenceService';

/** Its per-model methods: what every public GRPCRoute rule matches by default. */
export const OIP_GRPC_MODEL_METHODS: readonly string[] = ['ModelReady', 'ModelMetadata', 'ModelInfer'];

/** Most extra public gRPC methods a model may add (like `MAX_EXTRA_PUBLIC_PATHS`: each is repeated in every pin rule). */
export const MAX_EXTRA_PUBLIC_METHODS = 8;

/** A gRPC method match: a whole service, or one method of it. */
export interface PublicGrpcMethod {
  /** Fully qualified service, e.g. `inference.GRPCInferenceService`. */
  readonly service: string;
  /** @default - every method of the service */
  readonly method?: string;
}

/** Parses `package.Service` or `package.Service/Method` (validation has checked the grammar). */
export function parseGrpcMethod(value: string): PublicGrpcMethod {
  const slash = value.indexOf('/');
  return slash < 0 ? { service: value } : { service: value.slice(0, slash), method: value.slice(slash + 1) };
}

/** Every method a public GRPCRoute rule matches: the model methods, then the extra ones in the order given. */
export function publicGrpcMethods(extraPublicMethods: readonly string[] = []): PublicGrpcMethod[] {
  return [...OIP_GRPC_MODEL_METHODS.map((method) => ({ service: OIP_GRPC_SERVICE, method })), ...extraPublicMethods.map(parseGrpcMethod)];
}
