/**
 * The metrics listener (METRICS_PORT): only GET /metrics. Kept off the main port so the
 * public Service/Gateway never exposes it and a NetworkPolicy can admit Prometheus alone.
 */
import fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { installErrorHandlers } from '../protocol/error-handler';
import type { ServingMetrics } from './metrics';

/** Builds the metrics listener's app (listening is the caller's job). */
export function buildMetricsApp(metrics: ServingMetrics, logger?: FastifyBaseLogger): FastifyInstance {
  const app = fastify(logger ? { loggerInstance: logger } : { logger: false });
  installErrorHandlers(app);
  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    reply.header('content-type', metrics.contentType);
    return metrics.text();
  });
  return app;
}
