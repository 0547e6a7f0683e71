import { Construct } from 'constructs';
import type * as gw from '../../../imports/gateway-gateway.networking.k8s.io';
import { gatewayApi } from '../../core/crd-imports';
import { versionNamePart } from '../../core/naming';
import { DEFAULT_VERSION_HEADER } from '../defaults';
import { PublicPathMatch, pinnedVersions, publicPaths, versionPath } from './public-routes';
import type { RoutedVersion } from './routed-version';
import { MAX_BACKENDS_PER_RULE, packedRouteName, packRules } from './route-packing';

/**
 * A Gateway the model's HTTPRoute attaches to.
 * @category Construct options
 */
export interface GatewayParentRef {
  /** Name of the Gateway. */
  readonly name: string;
  /**
   * Namespace of the Gateway.
   * @default - the route's namespace
   */
  readonly namespace?: string;
  /**
   * Listener of the Gateway to attach to.
   * @default - every listener that allows the route
   */
  readonly sectionName?: string;
}

/**
 * Exact traffic splitting with a Gateway API HTTPRoute (gateway.networking.k8s.io/v1).
 * @category Construct options
 */
export interface GatewayOptions {
  /** Gateways the route attaches to; at least one. */
  readonly parentRefs: GatewayParentRef[];
  /**
   * Hostnames the route answers.
   * @default - every hostname of the Gateway's listeners
   */
  readonly hostnames?: string[];
  /**
   * Request header that pins a request to one version (`x-model-version: 1.1.0`); with `grpc`, the
   * gRPC metadata key that pins a call.
   * @default "x-model-version"
   */
  readonly versionHeader?: string;
}

/**
 * Shadow traffic: a copy of a share of requests goes to a version; its responses are ignored.
 * @category Construct options
 */
export interface MirrorOptions {
  /** The version that receives the copies; must be one of `versions`. */
  readonly version: string;
  /**
   * Percent of requests copied, 1 to 100.
   * @default 100
   */
  readonly percent?: number;
}

/** Inputs to build the model's HTTPRoutes. */
export interface HttpRoutesSpec {
  readonly modelName: string;
  readonly labels: Record<string, string>;
  readonly servicePort: number;
  readonly versions: RoutedVersion[];
  readonly options: GatewayOptions;
  /** Path prefixes routed besides the model's API (`extraPublicPaths`). */
  readonly extraPublicPaths: readonly string[];
  readonly mirror?: MirrorOptions;
}

/**
 * The model's HTTPRoutes. The first holds the weighted rule (every version with its exact weight)
 * and as many pin rules as fit; the rest go to further routes `<model>-pinned-<n>`, filled up to
 * Gateway API's limits (16 rules, 128 matches per route), in the order the versions are declared,
 * so the split is deterministic: a version that becomes pinnable takes its place in that order.
 * Only `pinnedVersions` get pin rules; every rule matches only the model's public paths.
 */
export function addHttpRoutes(scope: Construct, spec: HttpRoutesSpec): gw.HttpRoute[] {
  const paths = publicPaths(spec.modelName, spec.extraPublicPaths);
  const pinRules = pinnedVersions(spec.versions).map((v) => pinRule(spec, paths, v));
  const { HttpRoute } = gatewayApi();
  return packRules(weightedRule(spec, paths), pinRules).map((rules, index) => new HttpRoute(scope, index === 0 ? 'HttpRoute' : `HttpRoutePinned${index + 1}`, {
    metadata: { name: packedRouteName(spec.modelName, index), labels: spec.labels },
    spec: {
      parentRefs: spec.options.parentRefs.map(parentRef),
      ...(spec.options.hostnames?.length ? { hostnames: spec.options.hostnames } : {}),
      rules,
    },
  }));
}

/**
 * Every version with its weight (0 = deployed, no traffic), so a weight step only changes weight
 * values. Past 16 versions a rule cannot list them all, so weight-0 versions are left out there
 * (validation guarantees ≤ 16 weighted ones).
 */
function weightedRule(spec: HttpRoutesSpec, paths: PublicPathMatch[]): gw.HttpRouteSpecRules {
  const listed = spec.versions.length <= MAX_BACKENDS_PER_RULE ? spec.versions : spec.versions.filter((v) => v.weight > 0);
  const mirrorTarget = spec.mirror && spec.versions.find((v) => v.version === spec.mirror!.version);
  return {
    name: 'weighted',
    matches: paths.map((path) => ({ path: pathMatch(path) })),
    ...(mirrorTarget ? {
      filters: [{
        type: gatewayApi().HttpRouteSpecRulesFiltersType.REQUEST_MIRROR,
        requestMirror: {
          backendRef: { name: mirrorTarget.serviceName, port: spec.servicePort },
          ...(spec.mirror!.percent !== undefined && spec.mirror!.percent !== 100 ? { percent: spec.mirror!.percent } : {}),
        },
      }],
    } : {}),
    backendRefs: listed.map((v) => ({ name: v.serviceName, port: spec.servicePort, weight: v.weight })),
  };
}

/**
 * One rule per pinned version, matched by the pinning header on any public path OR by the Open
 * Inference Protocol's versioned path (`/v2/models/<model>/versions/<version>`). Matches of a rule
 * are ORed, so one rule covers both. Against the weighted rule the header match wins on the same
 * path (more header matches), and the versioned path wins as the longer prefix.
 */
function pinRule(spec: HttpRoutesSpec, paths: PublicPathMatch[], version: RoutedVersion): gw.HttpRouteSpecRules {
  const header = spec.options.versionHeader ?? DEFAULT_VERSION_HEADER;
  return {
    name: `pin-${versionNamePart(version.version)}`,
    matches: [
      ...paths.map((path) => ({
        path: pathMatch(path),
        headers: [{ type: gatewayApi().HttpRouteSpecRulesMatchesHeadersType.EXACT, name: header, value: version.version }],
      })),
      { path: pathMatch({ type: 'PathPrefix', value: versionPath(spec.modelName, version.version) }) },
    ],
    backendRefs: [{ name: version.serviceName, port: spec.servicePort }],
  };
}

function pathMatch(path: PublicPathMatch): gw.HttpRouteSpecRulesMatchesPath {
  return {
    type: path.type === 'Exact' ? gatewayApi().HttpRouteSpecRulesMatchesPathType.EXACT : gatewayApi().HttpRouteSpecRulesMatchesPathType.PATH_PREFIX,
    value: path.value,
  };
}

function parentRef(ref: GatewayParentRef): gw.HttpRouteSpecParentRefs {
  return {
    name: ref.name,
    ...(ref.namespace ? { namespace: ref.namespace } : {}),
    ...(ref.sectionName ? { sectionName: ref.sectionName } : {}),
  };
}
