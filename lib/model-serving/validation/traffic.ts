/**
 * How the declared weights reach the wire, and the refusal to pretend when they cannot.
 *
 * Exact routers: a Gateway API HTTPRoute (any number of versions) and ingress-nginx canary
 * Ingresses (two weighted versions). A plain Ingress or the stable Service balance by ready pods,
 * which equals the weights only when every version's replica count is proportional to its weight
 * and no HPA changes the counts. Anything else fails synth with the options spelled out.
 */

/** The traffic-relevant facts of one version. */
export interface VersionTraffic {
  readonly version: string;
  readonly weight: number;
  readonly replicas: number;
}

/** The routers a model declares. */
export interface TrafficRouters {
  readonly gateway: boolean;
  readonly ingress: boolean;
  readonly nginxCanary: boolean;
  readonly autoscaling: boolean;
}

/** Why the weights cannot be honoured: what the versions must satisfy, and the weights as given. */
export interface WeightProblem {
  readonly requirement: string;
  readonly shown: string;
}

const REPLICAS_ALTERNATIVE = 'make every version\'s replicas proportional to its weight without autoscaling';

/** Why the weights cannot be honoured, or `undefined` when they are. */
export function weightProblem(versions: VersionTraffic[], routers: TrafficRouters): WeightProblem | undefined {
  const weighted = versions.filter((v) => v.weight > 0);
  if (weighted.length <= 1) return undefined; // a single live version: every router sends it 100 %.
  const shown = describe(weighted);
  if (routers.ingress && routers.nginxCanary && weighted.length > 2) {
    return {
      requirement: 'give at most two versions a weight above 0 with ingress.nginxCanary (NGINX allows one canary per Ingress rule): use gateway for three or more',
      shown,
    };
  }
  const ingressExact = routers.ingress && routers.nginxCanary;
  if (routers.ingress && !ingressExact && !byReplicas(versions, routers)) {
    return {
      requirement: `have weights a plain Ingress can honour (it balances by ready pods): set ingress.nginxCanary (two versions), or ${REPLICAS_ALTERNATIVE}`,
      shown,
    };
  }
  if (!routers.ingress && !routers.gateway && !byReplicas(versions, routers)) {
    return {
      requirement: 'have weights the stable Service can honour (it balances by ready pods; no gateway or ingress is set): '
        + `set gateway (exact weights), ingress with nginxCanary (two versions), or ${REPLICAS_ALTERNATIVE}`,
      shown,
    };
  }
  return undefined;
}

/** True when pod-count balancing yields exactly the weights: replicas ∝ weights, fixed counts. */
function byReplicas(versions: VersionTraffic[], routers: TrafficRouters): boolean {
  if (routers.autoscaling) return false;
  const totalWeight = versions.reduce((sum, v) => sum + v.weight, 0);
  const totalReplicas = versions.reduce((sum, v) => sum + v.replicas, 0);
  return totalReplicas > 0 && versions.every((v) => v.weight * totalReplicas === v.replicas * totalWeight);
}

function describe(versions: VersionTraffic[]): string {
  return `weights ${versions.map((v) => `${v.version}=${v.weight}`).join(', ')}`;
}
