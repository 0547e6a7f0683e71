import { Construct } from 'constructs';
import type * as gw from '../../../imports/gateway-gateway.networking.k8s.io';
import { gatewayApi } from '../../core/crd-imports';
import { versionNamePart } from '../../core/naming';
import { DEFAULT_VERSION_HEADER } from '../defaults';
import type { RoutedVersion } from './routed-version';

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
   * Request header that pins a request to one version (`x-model-version: 1.1.0`).
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
  readonly mirror?: MirrorOptions;
}

/** Gateway API limits on one HTTPRoute (CRD `maxItems`). */
export const MAX_RULES_PER_ROUTE = 16;
/** Gateway API limit on the backendRefs of one rule. */
export const MAX_BACKENDS_PER_RULE = 16;

/**
 * The model's HTTPRoutes: the first holds the weighted rule (every version with its exact weight)
 * and pinning rules; a model with more than 15 versions gets further routes `<model>-pinned-<n>`
 * with 16 pinning rules each, in the order the versions are declared, so the split is
 * deterministic and appending a version never moves an existing rule.
 */
export function addHttpRoutes(scope: Construct, spec: HttpRoutesSpec): gw.HttpRoute[] {
  const pinRules = spec.versions.map((v) => pinRule(spec, v));
  const chunks: gw.HttpRouteSpecRules[][] = [[weightedRule(spec), ...pinRules.slice(0, MAX_RULES_PER_ROUTE - 1)]];
  for (let i = MAX_RULES_PER_ROUTE - 1; i < pinRules.length; i += MAX_RULES_PER_ROUTE) {
    chunks.push(pinRules.slice(i, i + MAX_RULES_PER_ROUTE));
  }
  const { HttpRoute } = gatewayApi();
  return chunks.map((rules, index) => new HttpRoute(scope, index === 0 ? 'HttpRoute' : `HttpRoutePinned${index + 1}`, {
    metadata: { name: index === 0 ? spec.modelName : `${spec.modelName}-pinned-${index + 1}`, labels: spec.labels },
    spec: {
      parentRefs: spec.options.parentRefs.map(parentRef),
      ...(spec.options.hostnames?.length ? { hostnames: spec.options.hostnames } : {}),
      rules,
    },
  }));
}

/**
 * Every version with its weight (0 = deployed, no traffic). Past 16 versions a rule cannot list
 * them all, so weight-0 versions are left out there (validation guarantees ≤ 16 weighted ones).
 */
function weightedRule(spec: HttpRoutesSpec): gw.HttpRouteSpecRules {
  const listed = spec.versions.length <= MAX_BACKENDS_PER_RULE ? spec.versions : spec.versions.filter((v) => v.weight > 0);
  const { HttpRouteSpecRulesFiltersType, HttpRouteSpecRulesMatchesPathType } = gatewayApi();
  const mirrorTarget = spec.mirror && spec.versions.find((v) => v.version === spec.mirror!.version);
  return {
    name: 'weighted',
    matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' } }],
    ...(mirrorTarget ? {
      filters: [{
        type: HttpRouteSpecRulesFiltersType.REQUEST_MIRROR,
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
 * One rule per version, matched by the pinning header OR by the Open Inference Protocol's
 * versioned path (`/v2/models/<model>/versions/<version>`); matches of a rule are ORed, so one
 * rule covers both and the 16-rule budget goes twice as far.
 */
function pinRule(spec: HttpRoutesSpec, version: RoutedVersion): gw.HttpRouteSpecRules {
  const { HttpRouteSpecRulesMatchesHeadersType, HttpRouteSpecRulesMatchesPathType } = gatewayApi();
  const header = spec.options.versionHeader ?? DEFAULT_VERSION_HEADER;
  return {
    name: `pin-${versionNamePart(version.version)}`,
    matches: [
      { headers: [{ type: HttpRouteSpecRulesMatchesHeadersType.EXACT, name: header, value: version.version }] },
      { path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: `/v2/models/${spec.modelName}/versions/${version.version}` } },
    ],
    backendRefs: [{ name: version.serviceName, port: spec.servicePort }],
  };
}

function parentRef(ref: GatewayParentRef): gw.HttpRouteSpecParentRefs {
  return {
    name: ref.name,
    ...(ref.namespace ? { namespace: ref.namespace } : {}),
    ...(ref.sectionName ? { sectionName: ref.sectionName } : {}),
  };
}
