/**
 * Gateway API's size limits, which HTTPRoute and GRPCRoute share, and the one way the model's routes
 * are split when its rules exceed them: both route kinds spill pin rules into `<model>-pinned-<n>`
 * routes by the same algorithm, so a version that is pinnable over HTTP is pinnable over gRPC.
 */

/** Limit on the rules of one route (CRD `maxItems`, HTTPRoute and GRPCRoute alike). */
export const MAX_RULES_PER_ROUTE = 16;
/** Limit on the backendRefs of one rule. */
export const MAX_BACKENDS_PER_RULE = 16;
/**
 * Limit on the matches of all rules of one route together (a CEL rule of both CRDs; one rule may
 * hold 64, far above what a pin rule carries).
 */
export const MAX_MATCHES_PER_ROUTE = 128;

/** A route rule as far as the budgets are concerned. */
export interface PackableRule {
  readonly matches?: readonly unknown[];
}

/**
 * The rules of each route, in order: the first route starts with `first` (the weighted rule), and a
 * new route begins whenever the next rule would break the rule or match budget. Rules keep their
 * order, so the split is deterministic: a version that becomes pinnable takes its declared place.
 */
export function packRules<R extends PackableRule>(first: R, rest: readonly R[]): R[][] {
  const routes: R[][] = [[first]];
  let matches = matchCount(first);
  for (const rule of rest) {
    const current = routes[routes.length - 1];
    const size = matchCount(rule);
    if (current.length < MAX_RULES_PER_ROUTE && matches + size <= MAX_MATCHES_PER_ROUTE) {
      current.push(rule);
      matches += size;
    } else {
      routes.push([rule]);
      matches = size;
    }
  }
  return routes;
}

/** The name of the n-th route (0-based) of a model: `<model>`, then `<model>-pinned-2`, `-3`, … */
export function packedRouteName(modelName: string, index: number): string {
  return index === 0 ? modelName : `${modelName}-pinned-${index + 1}`;
}

function matchCount(rule: PackableRule): number {
  // A rule without matches counts as one: the API server defaults an HTTPRoute rule's matches to one.
  return rule.matches?.length ?? 1;
}
