/**
 * The app's per-request hooks, one of each kind: Fastify runs every hook on every request, and
 * on this hot path (tens of microseconds per request in all) each extra hook showed in the
 * benchmark. So the admission checks — request deadline, connection limit, load shedding —
 * share one onRequest hook, and the deadline and the request metrics share one onResponse hook;
 * all are callback-style (no promise per call).
 */
import type { FastifyInstance } from 'fastify';
import { metricModelLabels } from '../protocol/model-lookup';
import type { ServerConfig } from './config';
import type { ConnectionLimit } from './connection-limit';
import { shed, type EventLoopDelaySampler } from './load-shedding';
import type { ServingMetrics } from './metrics';
import type { RequestDeadlines } from './request-deadline';
import type { ServerState } from './state';

/** Paths never shed: the Kubernetes probes and the API docs. */
const UNSHED = /^\/(v2\/health\/|docs|openapi\.json)/;

/** What the hooks consult. */
export interface RequestHookParts {
  readonly config: ServerConfig;
  readonly state: ServerState;
  readonly metrics: ServingMetrics;
  readonly deadlines: RequestDeadlines;
  readonly connections: ConnectionLimit;
  readonly sampler: EventLoopDelaySampler;
}

/** Adds the onRequest, onSend and onResponse hooks to `app`. */
export function installRequestHooks(app: FastifyInstance, parts: RequestHookParts): void {
  const { config, state, metrics, deadlines, connections, sampler } = parts;
  app.addHook('onRequest', (request, reply, done) => {
    deadlines.track(reply);
    if (connections.refused(request, reply)) return;
    // Shed everything but the probes and the docs under overload. Decided on the URL: Fastify's
    // request.routeOptions builds a new object on every read, which cost more than this check.
    if (!UNSHED.test(request.url) && shed(sampler, config.overloadEventLoopDelayMs, reply)) return;
    done();
  });

  // While draining, ask every client to reconnect: new connections still reach this pod only
  // until the endpoints update, after which they land on the pods that stay.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (state.draining) reply.header('connection', 'close');
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    deadlines.untrack(reply);
    const { protocol, endpoint } = request.routeOptions.config;
    if (protocol && endpoint) {
      metrics.observe({ ...metricModelLabels(config, request), protocol, endpoint, status: String(reply.statusCode) },
        reply.elapsedTime / 1000);
    }
    done();
  });
}
