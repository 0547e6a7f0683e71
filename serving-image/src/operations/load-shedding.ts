/**
 * Load shedding for the model routes (@fastify/under-pressure): 503 + Retry-After when the mean
 * event-loop delay exceeds the configured threshold. Registered inside the model-route scope
 * only: probes must keep answering under load, or Kubernetes would restart (liveness) or
 * unroute (readiness) a pod for being busy.
 */
import type { FastifyInstance } from 'fastify';
import underPressure from '@fastify/under-pressure';

/** Registers the overload check on `scope` (the model routes' plugin scope). */
export async function registerLoadShedding(scope: FastifyInstance, maxEventLoopDelayMs: number): Promise<void> {
  await scope.register(underPressure, {
    // Utilisation is not used: it reads ~100 % under any sustained load, which is not overload.
    maxEventLoopDelay: maxEventLoopDelayMs,
    retryAfter: 5,
    pressureHandler: (_request, reply, type, value) => {
      // value is the mean delay in ms, or Infinity when the loop was blocked for a whole sample.
      const measured = typeof value === 'number' && Number.isFinite(value) ? `${Math.round(value)} ms` : 'a blocked loop';
      reply.code(503).header('retry-after', '5')
        .send({ error: `server overloaded (${type}: ${measured}), retry later` });
    },
  });
}
