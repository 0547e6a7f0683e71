/**
 * The model's Gateway API GRPCRoutes (gateway.networking.k8s.io/v1): the Open Inference Protocol over
 * gRPC with the same weights, the same pinnable versions and the same split across routes as the
 * HTTPRoute, so one models.yaml weight moves both.
 *
 * The object is a plain `ApiObject` typed by the interfaces below rather than the class `cdk8s
 * import` generates from the CRD: that class is 94 KB of TypeScript compiled on every synth for the
 * few fields written here (see cdk8s.yaml). The tests check every GRPCRoute against the vendored CRD
 * (imports/crds/gateway.networking.k8s.io_grpcroutes.yaml), closed: an unknown or misspelt field fails.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { versionNamePart } from '../../core/naming';
import { DEFAULT_VERSION_HEADER } from '../defaults';
import type { GatewayOptions, GatewayParentRef, MirrorOptions } from './gateway';
import { PublicGrpcMethod, pinnedVersions, publicGrpcMethods } from './public-routes';
import type { RoutedVersion } from './routed-version';
import { MAX_BACKENDS_PER_RULE, packedRouteName, packRules } from './route-packing';

/**
 * The Open Inference Protocol over gRPC (`inference.GRPCInferenceService`), next to HTTP.
 * @category Construct options
 */
export interface GrpcOptions {
  /**
   * Port of the server's gRPC listener — the container's `grpc` port, passed as GRPC_PORT — and of
   * the `grpc` port (`appProtocol: kubernetes.io/h2c`) of the model's Services.
   * @default 8081
   */
  readonly port?: number;
  /**
   * Gateways (and listeners) the GRPCRoute attaches to, e.g. a listener of its own for gRPC.
   * @default - `gateway.parentRefs`
   */
  readonly parentRefs?: GatewayParentRef[];
  /**
   * Hostnames the GRPCRoute answers. Gateway API accepts only one of an HTTPRoute and a GRPCRoute
   * that share a listener and a hostname, and a GRPCRoute cannot tell models apart (the model name
   * is in the message body), so on a shared listener these must differ from `gateway.hostnames` and
   * from every other model's: synth refuses an overlap.
   * @default - every hostname of the listeners
   */
  readonly hostnames?: string[];
  /**
   * gRPC services or methods (`package.Service` or `package.Service/Method`) the GRPCRoute sends to
   * the model besides its own API, e.g. `inference.GRPCInferenceService/ServerReady` or Triton's
   * `inference.GRPCInferenceService/ModelStreamInfer`. By default it matches only ModelReady,
   * ModelMetadata and ModelInfer of `inference.GRPCInferenceService`, so health, reflection and
   * repository (load/unload) calls stay private.
   * @default - none
   */
  readonly extraPublicMethods?: string[];
}

/** Group, version and kind of the object. */
export const GRPC_ROUTE_GVK = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GRPCRoute' } as const;

/** The fields of a GRPCRoute this builder writes (a subset of the CRD's schema). */
export interface GrpcRouteSpec {
  readonly parentRefs: GrpcRouteParentRef[];
  readonly hostnames?: string[];
  readonly rules: GrpcRouteRule[];
}

export interface GrpcRouteParentRef {
  readonly name: string;
  readonly namespace?: string;
  readonly sectionName?: string;
}

export interface GrpcRouteRule {
  readonly name: string;
  readonly matches: GrpcRouteMatch[];
  readonly filters?: GrpcRouteMirrorFilter[];
  readonly backendRefs: GrpcRouteBackendRef[];
}

export interface GrpcRouteMatch {
  readonly method: { readonly type: 'Exact'; readonly service: string; readonly method?: string };
  readonly headers?: { readonly type: 'Exact'; readonly name: string; readonly value: string }[];
}

export interface GrpcRouteMirrorFilter {
  readonly type: 'RequestMirror';
  readonly requestMirror: { readonly backendRef: GrpcRouteBackendRef; readonly percent?: number };
}

export interface GrpcRouteBackendRef {
  readonly name: string;
  readonly port: number;
  readonly weight?: number;
}

/** Inputs to build the model's GRPCRoutes. */
export interface GrpcRoutesSpec {
  readonly modelName: string;
  readonly labels: Record<string, string>;
  /** The `grpc` port of the version Services. */
  readonly grpcPort: number;
  readonly versions: RoutedVersion[];
  readonly gateway: GatewayOptions;
  readonly options: GrpcOptions;
  readonly mirror?: MirrorOptions;
}

/**
 * The model's GRPCRoutes, built like its HTTPRoutes: the first holds the weighted rule (every version
 * with its exact weight, 0 included) and as many pin rules as fit, further ones `<model>-pinned-<n>`
 * the rest, by the same budgets and in the same order. Only `pinnedVersions` get pin rules; every
 * rule matches only the model's public gRPC methods.
 */
export function addGrpcRoutes(scope: Construct, spec: GrpcRoutesSpec): ApiObject[] {
  const methods = publicGrpcMethods(spec.options.extraPublicMethods);
  const pinRules = pinnedVersions(spec.versions).map((v) => pinRule(spec, methods, v));
  const parentRefs = (spec.options.parentRefs ?? spec.gateway.parentRefs).map(parentRef);
  const hostnames = spec.options.hostnames ?? [];
  return packRules(weightedRule(spec, methods), pinRules).map((rules, index) => {
    const routeSpec: GrpcRouteSpec = { parentRefs, ...(hostnames.length ? { hostnames } : {}), rules };
    return new ApiObject(scope, index === 0 ? 'GrpcRoute' : `GrpcRoutePinned${index + 1}`, {
      ...GRPC_ROUTE_GVK,
      metadata: { name: packedRouteName(spec.modelName, index), labels: spec.labels },
      spec: routeSpec,
    });
  });
}

/** Every version with its weight, as in the HTTPRoute (past 16 versions, weight-0 ones are left out). */
function weightedRule(spec: GrpcRoutesSpec, methods: PublicGrpcMethod[]): GrpcRouteRule {
  const listed = spec.versions.length <= MAX_BACKENDS_PER_RULE ? spec.versions : spec.versions.filter((v) => v.weight > 0);
  const mirrorTarget = spec.mirror && spec.versions.find((v) => v.version === spec.mirror!.version);
  return {
    name: 'weighted',
    matches: methods.map((m) => ({ method: methodMatch(m) })),
    ...(mirrorTarget ? {
      filters: [{
        type: 'RequestMirror',
        requestMirror: {
          backendRef: { name: mirrorTarget.serviceName, port: spec.grpcPort },
          ...(spec.mirror!.percent !== undefined && spec.mirror!.percent !== 100 ? { percent: spec.mirror!.percent } : {}),
        },
      }],
    } : {}),
    backendRefs: listed.map((v) => ({ name: v.serviceName, port: spec.grpcPort, weight: v.weight })),
  };
}

/**
 * One rule per pinned version: the version header (gRPC metadata) on every public method. Against
 * the weighted rule the same method match ties on service and method, and the header match wins.
 */
function pinRule(spec: GrpcRoutesSpec, methods: PublicGrpcMethod[], version: RoutedVersion): GrpcRouteRule {
  const header = spec.gateway.versionHeader ?? DEFAULT_VERSION_HEADER;
  return {
    name: `pin-${versionNamePart(version.version)}`,
    matches: methods.map((m) => ({ method: methodMatch(m), headers: [{ type: 'Exact', name: header, value: version.version }] })),
    backendRefs: [{ name: version.serviceName, port: spec.grpcPort }],
  };
}

function methodMatch(m: PublicGrpcMethod): GrpcRouteMatch['method'] {
  return { type: 'Exact', service: m.service, ...(m.method ? { method: m.method } : {}) };
}

function parentRef(ref: GatewayParentRef): GrpcRouteParentRef {
  return {
    name: ref.name,
    ...(ref.namespace ? { namespace: ref.namespace } : {}),
    ...(ref.sectionName ? { sectionName: ref.sectionName } : {}),
  };
}
