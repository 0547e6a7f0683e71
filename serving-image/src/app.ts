/**
 * Builds the Fastify application (main port): OIP V2 + KServe V1 routes, health probes,
 * /docs + /openapi.json, load shedding, per-request metrics and the drain behaviour.
 * Listening, the metrics port and signals live in server.ts, so tests can inject() into this.
 */
import fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import underPressure from '@fastify/under-pressure';
import type { ServerConfig } from './config';
import { installErrorHandlers } from './error-handler';
import type { Protocol, ServingMetrics } from './metrics';
import { healthRoutes } from './routes/health';
import { checkModelPath, metricModelLabels, type ModelParams } from './routes/model-lookup';
import { v1Routes } from './routes/v1';
import { SERVER_NAME, SERVER_VERSION, v2Routes } from './routes/v2';
import type { ServerState } from './state';

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

  await app.register(swagger, {
    openapi: {
      info: {
        title: `${SERVER_NAME} model server`,
        description: `Open Inference Protocol V2 and KServe V1 for model ${config.modelName} version ${config.modelVersion}`,
        version: SERVER_VERSION,
      },
      tags: [{ name: 'v2', description: 'Open Inference Protocol V2' }, { name: 'v1', description: 'KServe V1' },
        { name: 'health', description: 'Kubernetes probes' }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', logLevel: 'warn' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

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
  // Load shedding only applies to model routes: probes must keep answering under load, or
  // Kubernetes would restart (liveness) or unroute (readiness) a pod for being busy.
  await app.register(async (models) => {
    await models.register(underPressure, {
      // Utilisation is not used: it reads ~100 % under any sustained load, which is not overload.
      maxEventLoopDelay: config.overloadEventLoopDelayMs,
      retryAfter: 5,
      pressureHandler: (_request, reply, type, value) => {
        // value is the mean delay in ms, or Infinity when the loop was blocked for a whole sample.
        const measured = typeof value === 'number' && Number.isFinite(value) ? `${Math.round(value)} ms` : 'a blocked loop';
        reply.code(503).header('retry-after', '5')
          .send({ error: `server overloaded (${type}: ${measured}), retry later` });
      },
    });
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
