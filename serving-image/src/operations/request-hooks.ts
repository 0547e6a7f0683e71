/**
 * The app's per-request hooks: Fastify runs every hook on every request, and on this hot path
 * (tens of microseconds per request in all) each hook, and each promise, showed in the
 * benchmark. So there is one onRequest and one onResponse hook for every route, both
 * callback-style (no promise per call):
 *
 * - onRequest: the request deadline starts; then the admission checks — connection limit,
 *   load shedding, the model path (404 before any body is read: a misrouted request is not
 *   worth parsing) — and the drain header.
 * - onResponse: the deadline ends and the access line is written.
 *
 * Model routes get a third, route-level onResponse hook that records the metrics with the
 * route's protocol and endpoint bound in (onRoute, below): reading them per request through
 * request.routeOptions would build a new object on every read.
 */
import type { FastifyInstance, onResponseHookHandler, RouteOptions } from 'fastify';
import { checkModelPath, metricModelLabels } from '../protocol/model-lookup';
import type { ModelParams } from '../protocol/route-types';
import type { AccessLog } from './access-log';
import type { ServerConfig } from './config';
import type { ConnectionLimit } from './connection-limit';
import { shed, type EventLoopDelaySampler } from './load-shedding';
import type { Protocol, ServingMetrics } from './metrics';
import type { RequestDeadlines } from './request-deadline';
import type { ServerState } from './state';

/** Paths that are never shed and never access-logged: the Kubernetes probes and the API docs. */
const OPERATIONAL = /^\/(v2\/health\/|docs|openapi\.json)/;

/** What the hooks consult. */
export interface RequestHookParts {
  readonly config: ServerConfig;
  readonly state: ServerState;
  readonly metrics: ServingMetrics;
  readonly deadlines: RequestDeadlines;
  readonly connections: ConnectionLimit;
  readonly sampler: EventLoopDelaySampler;
  /** Absent in tests that build the app without logging. */
  readonly accessLog?: AccessLog;
}

/** Adds the onRequest and onResponse hooks to `app`, and the metrics hook to every model route registered after. */
export function installRequestHooks(app: FastifyInstance, parts: RequestHookParts): void {
  const { config, state, metrics, deadlines, connections, sampler, accessLog } = parts;
  app.addHook('onRequest', (request, reply, done) => {
    deadlines.track(reply);
    if (connections.refused(request, reply)) return;
    const operational = OPERATIONAL.test(request.url);
    // Shed everything but the probes and the docs under overload.
    if (!operational && shed(sampler, config.overloadEventLoopDelayMs, reply)) return;
    // While draining, ask every client to reconnect: new connections still reach this pod only
    // until the endpoints update, after which they land on the pods that stay.
    if (state.draining) reply.header('connection', 'close');
    const params = request.params as Partial<ModelParams> | undefined;
    if (typeof params?.model === 'string') {
      try {
        checkModelPath(config, params as ModelParams);
      } catch (err) {
        done(err as Error);
        return;
      }
    }
    done();
  });

  app.addHook('onResponse', (request, reply, done) => {
    deadlines.untrack(reply);
    if (accessLog !== undefined && !OPERATIONAL.test(request.url)) {
      accessLog.write({ method: request.method, url: request.url, status: reply.statusCode, durationMs: reply.elapsedTime, requestId: request.id });
    }
    done();
  });

  app.addHook('onRoute', (route: RouteOptions) => {
    const { protocol, endpoint } = (route.config ?? {}) as { protocol?: Protocol; endpoint?: string };
    if (!protocol || !endpoint) return;
    const observe: onResponseHookHandler = (request, reply, done) => {
      const { model, version } = metricModelLabels(config, request);
      metrics.observe({ model, version, protocol, endpoint, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
      done();
    };
    const existing = route.onResponse === undefined ? [] : Array.isArray(route.onResponse) ? route.onResponse : [route.onResponse];
    route.onResponse = [...existing, observe];
  });
}
