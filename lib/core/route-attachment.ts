/**
 * When two Gateway API routes compete for the same requests: they attach to a common listener and
 * their hostnames intersect. Gateway API then accepts only one of an HTTPRoute and a GRPCRoute (the
 * older; the other is rejected), and merges the rules of two GRPCRoutes, where identical matches go
 * to the older route — so the validation of one model and the check across the models of a chart
 * both ask these two questions.
 */

/** A route's reference to a Gateway, as far as attachment is concerned. */
export interface ListenerRef {
  readonly name: string;
  /** Namespace of the Gateway; undefined means the route's own. */
  readonly namespace?: string;
  /** The listener; undefined means every listener of the Gateway that admits the route. */
  readonly sectionName?: string;
  /** The listener's port; undefined means any. */
  readonly port?: number;
}

/**
 * Whether two routes in the same namespace can attach to a common listener: the same Gateway, and
 * the same listener (name and port) or none named on one side (which attaches to all of them).
 */
export function mayShareListener(a: readonly ListenerRef[], b: readonly ListenerRef[]): boolean {
  return a.some((x) => b.some((y) => x.name === y.name
    && (x.namespace ?? '') === (y.namespace ?? '')
    && (!x.sectionName || !y.sectionName || x.sectionName === y.sectionName)
    && (x.port === undefined || y.port === undefined || x.port === y.port)));
}

/**
 * Whether two routes' hostnames intersect. No hostnames means every hostname of the listener, which
 * intersects anything (the listener's own hostname is not known here, so this errs on the side of a
 * conflict). `*.example.com` covers `a.example.com` and `*.a.example.com`, not `example.com`.
 */
export function hostnamesIntersect(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!a?.length || !b?.length) return true;
  return a.some((x) => b.some((y) => hostnameCovers(x, y) || hostnameCovers(y, x)));
}

/** `pattern` matches every name `name` matches (equal, or a wildcard whose suffix ends `name`). */
function hostnameCovers(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  if (!pattern.startsWith('*.')) return false;
  const suffix = pattern.slice(1); // ".example.com"
  return name.endsWith(suffix) && name.length > suffix.length;
}
