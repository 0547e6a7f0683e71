/**
 * One error shape everywhere: `{"error": "..."}`. Client mistakes (validation, bad JSON, body
 * too large, unknown route/model) keep their 4xx; only genuine server faults become 500, and
 * their details go to the log, not to the client. Client input appears in messages only as a
 * short excerpt (excerpt.ts).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { unsupportedMediaType } from './body-parsers';
import { HttpError } from './errors';
import { truncate } from './excerpt';

/** Longest error message sent; messages quote client input only in excerpts, this is a backstop. */
const MAX_MESSAGE_CHARS = 500;

/** Installs the error and not-found handlers that give every failure the `{"error": "..."}` shape. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    const send = (status: number, message: string) => reply.code(status).send({ error: truncate(message, MAX_MESSAGE_CHARS) });
    if (error instanceof HttpError) {
      if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
      return send(error.statusCode, error.message);
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      return send(400, `invalid request: ${fastifyError.message}`);
    }
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(415, unsupportedMediaType(request.headers['content-type']).message);
    }
    const status = fastifyError.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return send(status, fastifyError.message);
    }
    request.log.error({ reqId: request.id, err: error }, 'request failed');
    if (status === 503) reply.header('retry-after', '1');
    return send(status, status === 503 ? 'service unavailable' : 'internal server error');
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: `no route for ${request.method} ${truncate(request.url.split('?')[0], 100)}` });
  });
}

/**
 * For Fastify's `frameworkErrors` option: errors raised before routing (a malformed URL, a path
 * parameter above maxParamLength) otherwise get Fastify's own body, which is not the one error
 * shape and echoes the whole path back.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const path = truncate(request.url.split('?')[0], 100);
  const message = error.code === 'FST_ERR_MAX_PARAM_LENGTH'
    ? `a path segment of ${path} is longer than 100 characters`
    : `invalid URL ${path}`;
  reply.code(error.statusCode ?? 400).send({ error: message });
}
