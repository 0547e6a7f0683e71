/**
 * Builds the Fastify application (main port): OIP V2 + KServe V1 routes, health probes,
 * /docs + /openapi.json, the request limits (timeouts, connection cap, bounded JSON bodies),
 * load shedding, per-request metrics and the drain behaviour. Listening, the metrics port and
 * signals live in server.ts, so tests can inject() into this.
 */
import fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { AccessLog } from './operations/access-log';
import type { ServerConfig } from './operations/config';
import { ConnectionLimit } from './operations/connection-limit';
import { healthRoutes } from './operations/health';
import { httpLimitOptions } from './operations/http-limits';
import { EventLoopDelaySampler } from './operations/load-shedding';
import type { Protocol, ServingMetrics } from './operations/metrics';
import { onServerClosed } from './operations/on-server-closed';
import { RequestDeadlines } from './operations/request-deadline';
import { installRequestHooks } from './operations/request-hooks';
import type { ServerState } from './operations/state';
import { frameworkErrors, installErrorHandlers } from './protocol/error-handler';
import { registerBodyParsers } from './protocol/body-parsers';
import { registerOpenApi } from './protocol/openapi';
import { v1Routes } from './protocol/v1-routes';
import { v2Routes } from './protocol/v2-routes';

/** What buildApp needs. */
export interface AppOptions {
  readonly config: ServerConfig;
  readonly state: ServerState;
  readonly metrics: ServingMetrics;
  /** server.ts passes its own, to settle it when the server turns Ready; tests leave it out. */
  readonly sampler?: EventLoopDelaySampler;
  /** server.ts passes its pino logger; tests leave it out (no logging). */
  readonly logger?: Logger;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    protocol?: Protocol;
    endpoint?: string;
  }
}

/** The main-port application, routes registered (call `ready()` or `listen()` next). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, state, metrics } = options;
  const sampler = options.sampler ?? new EventLoopDelaySampler();
  const app = fastify({
    ...(options.logger ? {
      loggerInstance: options.logger,
      // One access line per request, written by the onResponse hook (operations/access-log.ts),
      // instead of Fastify's two; and no pino child logger per request: request.log is the
      // app's logger (error lines name the request id themselves).
      logController: new LogController({ disableRequestLogging: true }),
      childLoggerFactory: (logger) => logger,
    } : { logger: false }),
    ...httpLimitOptions(config, metrics),
    bodyLimit: config.bodyLimitBytes,
    // During shutdown, keep serving requests that arrive on already-open keep-alive
    // connections instead of answering 503: they were sent before the client could know.
    return503OnClosing: false,
    // Envoy/Gateway implementations set x-request-id: reuse it so logs correlate across hops.
    requestIdHeader: 'x-request-id',
    frameworkErrors,
    routerOptions: { ignoreTrailingSlash: true },
    // Type coercion would turn "1.5" into 1.5 or "3" into a shape dimension; a model server
    // should reject what the protocol does not allow instead of guessing.
    ajv: { customOptions: { coerceTypes: false, allErrors: false } },
  });
  installErrorHandlers(app);
  registerBodyParsers(app, config.bodyLimitBytes, state);
  const deadlines = new RequestDeadlines(config.requestTimeoutSeconds * 1000, metrics);
  deadlines.attach(app);
  onServerClosed(app, () => sampler.stop());
  installRequestHooks(app, {
    config, state, metrics, deadlines, sampler,
    connections: new ConnectionLimit(app, config.maxConnections, metrics),
    accessLog: options.logger ? new AccessLog(options.logger) : undefined,
  });
  if (config.docsEnabled) await registerOpenApi(app, config);

  await app.register(healthRoutes, { state });
  // Unknown model or version is a 404 even when the body is also invalid (checked in onRequest):
  // the Gateway routed to the wrong pods, which matters more than the payload.
  await app.register(v2Routes, { config, state });
  await app.register(v1Routes, { config, state });
  return app;
}
