/**
 * Gateway API routes of different models (or other constructs) in one chart that compete for the
 * same requests — a common listener and intersecting hostnames — fail synth, naming both:
 *
 * - two GRPCRoutes: a GRPCRoute cannot tell models apart (the Open Inference Protocol's gRPC service
 *   carries the model name in the message body), so both match the same methods, Gateway API merges
 *   them, and the older route takes every request of both models — one model's clients get the
 *   other's NOT_FOUND;
 * - an HTTPRoute and a GRPCRoute: Gateway API accepts only one of them on a shared listener and
 *   hostname (the older) and rejects the other.
 *
 * Two HTTPRoutes may share a hostname: their rules match each model's own paths. A model's own
 * HTTPRoute and GRPCRoute are checked by its props validation (a message that names the props), and
 * its `-pinned-<n>` routes share their first route's hostnames by design, so one owner's routes are
 * never compared with each other. Like the name check (unique-objects.ts), this is per chart: one
 * synced folder, one namespace.
 */
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { hostnamesIntersect, ListenerRef, mayShareListener } from '../core/route-attachment';
import { describe, ownerOf } from './unique-objects';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute']);
const checkedCharts = new WeakSet<Chart>();

/** Makes sure the chart of `scope` checks its routes for conflicts at synth. Idempotent per chart. */
export function checkRouteConflicts(scope: IConstruct): void {
  const chart = Chart.of(scope);
  if (checkedCharts.has(chart)) return;
  checkedCharts.add(chart);
  chart.node.addValidation({ validate: () => routeConflicts(chart) });
}

interface RouteView {
  readonly kind: string;
  readonly name: string;
  readonly owner: IConstruct;
  readonly parentRefs: ListenerRef[];
  readonly hostnames?: string[];
}

/** One message per pair of owners whose routes compete; empty when none do. */
export function routeConflicts(chart: Chart): string[] {
  const routes = chart.node.findAll().filter(ApiObject.isApiObject)
    .filter((o) => o.apiGroup === GATEWAY_GROUP && ROUTE_KINDS.has(o.kind))
    .map(routeView);
  const messages = new Map<string, string>();
  routes.forEach((later, i) => {
    for (const earlier of routes.slice(0, i)) {
      if (earlier.owner === later.owner || (earlier.kind === 'HTTPRoute' && later.kind === 'HTTPRoute')) continue;
      if (!mayShareListener(earlier.parentRefs, later.parentRefs) || !hostnamesIntersect(earlier.hostnames, later.hostnames)) continue;
      const key = [earlier.owner.node.path, later.owner.node.path, earlier.kind, later.kind].join('\u0000');
      if (!messages.has(key)) messages.set(key, conflictMessage(earlier, later));
    }
  });
  return [...messages.values()];
}

function routeView(obj: ApiObject): RouteView {
  const json = obj.toJson();
  const namespace: string | undefined = json.metadata?.namespace;
  const refs: any[] = json.spec?.parentRefs ?? [];
  return {
    kind: obj.kind,
    name: obj.name,
    owner: ownerOf(obj),
    parentRefs: refs
      .filter((ref) => (ref.group ?? GATEWAY_GROUP) === GATEWAY_GROUP && (ref.kind ?? 'Gateway') === 'Gateway')
      .map((ref) => ({ name: ref.name, namespace: ref.namespace ?? namespace, sectionName: ref.sectionName, port: ref.port })),
    hostnames: json.spec?.hostnames,
  };
}

function conflictMessage(earlier: RouteView, later: RouteView): string {
  const both = `${describe(later.owner)}'s ${later.kind} "${later.name}" and ${describe(earlier.owner)}'s ${earlier.kind} "${earlier.name}"`;
  const where = `attach to a common Gateway listener with intersecting hostnames (${hostList(later)} and ${hostList(earlier)})`;
  const why = earlier.kind === 'GRPCRoute' && later.kind === 'GRPCRoute'
    ? 'a GRPCRoute cannot tell models apart (the model name is in the message body), so Gateway API merges them and the older '
      + 'route takes every request of both'
    : 'Gateway API accepts only one of an HTTPRoute and a GRPCRoute that share a listener and a hostname, and rejects the other';
  return `${both} ${where}: ${why}. Give each model's gRPC a hostname of its own (grpc.hostnames) or a listener of its own `
    + '(grpc.parentRefs with a sectionName)';
}

function hostList(route: RouteView): string {
  return route.hostnames?.length ? route.hostnames.join(', ') : 'every hostname';
}
