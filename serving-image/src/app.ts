/**
 * Builds the Fastify application (main port): OIP V2 + KServe V1 routes, health probes,
 * /docs + /openapi.json, load shedding, per-request metrics and the drain behaviour.
 * Listening, the metrics port and signals live in server.ts, so tests can inject() into this.
 */
import fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ServerConfig } from './operations/config';
import { healthRoutes } from './operations/health';
import { registerLoadShedding } from './operations/load-shedding';
import type { Protocol, ServingMetrics } from './operations/metrics';
import type { ServerState } from './operations/state';
import { installErrorHandlers } from './protocol/error-handler';
import { checkModelPath, metricModelLabels } from './protocol/model-lookup';
import { registerOpenApi } from './protocol/openapi';
import type { ModelParams } from './protocol/route-types';
import { v1Routes } from './protocol/v1-routes';
import { v2Routes } from './protocol/v2-routes';

/** What buildApp needs. */
export interface AppOptions {
  readonly config: ServerConfig;
  readonly state: ServerState;
  readonly metrics: ServingMetrics;
  /** server.ts passes its pino logger; tests leave it out (no logging). */
  readonly logger?: FastifyBaseLogger;
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
  const app = fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: config.bodyLimitBytes,
    // During shutdown, keep serving requests that arrive on already-open keep-alive
    // connections instead of answering 503: they were sent before the client could know.
    return503OnClosing: false,
    // Envoy/Gateway implementations set x-request-id: reuse it so logs correlate across hops.
    requestIdHeader: 'x-request-id',
    routerOptions: { ignoreTrailingSlash: true },
    // Longer than the idle timeout of common L7 load balancers (60 s), so the proxy, not this
    // server, closes idle upstream connections: no race between reuse and close.
    keepAliveTimeout: 65_000,
    // Type coercion would turn "1.5" into 1.5 or "3" into a shape dimension; a model server
    // should reject what the protocol does not allow instead of guessing.
    ajv: { customOptions: { coerceTypes: false, allErrors: false } },
  });
  installErrorHandlers(app);
  await registerOpenApi(app, config);

  // While draining, ask every client to reconnect: new connections still reach this pod only
  // until the endpoints update, after which they land on the pods that stay.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (state.draining) reply.header('connection', 'close');
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const { protocol, endpoint } = request.routeOptions.config;
    if (!protocol || !endpoint) return;
    metrics.observe({ ...metricModelLabels(config, request), protocol, endpoint, status: String(reply.statusCode) },
      reply.elapsedTime / 1000);
  });

  await app.register(healthRoutes, { state });
  await app.register(async (models) => {
    await registerLoadShedding(models, config.overloadEventLoopDelayMs);
    // Unknown model or version is a 404 even when the body is also invalid: the Gateway
    // routed to the wrong pods, which matters more than the payload.
    models.addHook('preValidation', async (request) => {
      const params = request.params as Partial<ModelParams>;
      if (typeof params?.model === 'string') checkModelPath(config, params as ModelParams);
    });
    await models.register(v2Routes, { config, state });
    await models.register(v1Routes, { config, state });
  });
  return app;
}
