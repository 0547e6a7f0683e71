/** Kubernetes probes: liveness (process can answer) and readiness (model loaded, not draining). */
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors';
import { liveResponse, readyResponse } from '../schemas';
import type { ServerState } from '../state';

// Probes hit every few seconds per pod; logging them would drown the request log.
const quiet = { logLevel: 'warn' as const };

export async function healthRoutes(app: FastifyInstance, opts: { state: ServerState }): Promise<void> {
  const { state } = opts;
  app.get('/v2/health/live', {
    ...quiet,
    schema: { tags: ['health'], summary: 'Server live (liveness probe)', response: liveResponse },
  }, async () => ({ live: true }));

  app.get('/v2/health/ready', {
    ...quiet,
    schema: { tags: ['health'], summary: 'Server ready (readiness and startup probe)', response: readyResponse },
  }, async () => {
    if (!state.ready) throw new HttpError(503, state.notReadyReason, 1);
    return { ready: true };
  });
}
