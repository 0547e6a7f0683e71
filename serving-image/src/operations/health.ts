/** Kubernetes probes: liveness (process can answer) and readiness (model loaded, not draining). */
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../protocol/common-schemas';
import { HttpError } from '../protocol/errors';
import type { ServerState } from './state';

const liveResponse = {
  200: { type: 'object', properties: { live: { type: 'boolean' } }, required: ['live'] },
} as const;

const readyResponse = {
  200: { type: 'object', properties: { ready: { type: 'boolean' } }, required: ['ready'] },
  ...errorResponses(503),
} as const;

// Probes hit every few seconds per pod; logging them would drown the request log.
const quiet = { logLevel: 'warn' as const };

/** Registers GET /v2/health/live and GET /v2/health/ready. */
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
