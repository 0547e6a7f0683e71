/**
 * One error shape everywhere: `{"error": "..."}`. Client mistakes (validation, bad JSON, body
 * too large, unknown route/model) keep their 4xx; only genuine server faults become 500, and
 * their details go to the log, not to the client.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { HttpError } from './errors';

/** Installs the error and not-found handlers that give every failure the `{"error": "..."}` shape. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.code(error.statusCode).send({ error: error.message });
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      return reply.code(400).send({ error: `invalid request: ${fastifyError.message}` });
    }
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send({ error: `unsupported content-type ${request.headers['content-type']}; send application/json` });
    }
    const status = fastifyError.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: fastifyError.message });
    }
    request.log.error({ err: error }, 'request failed');
    if (status === 503) reply.header('retry-after', '1');
    return reply.code(status).send({ error: status === 503 ? 'service unavailable' : 'internal server error' });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: `no route for ${request.method} ${request.url.split('?')[0]}` });
  });
}
