/**
 * Which request bodies the app takes, all read whole within BODY_LIMIT_BYTES (json-body.ts):
 *
 * - `application/json`: a JSON body, bounded (json-body.ts);
 * - `application/octet-stream`: a body framed by the binary tensor data extension — the JSON
 *   header, then tensor bytes (binary-framing.ts) — on V2 inference only; it needs the
 *   Inference-Header-Content-Length request header;
 * - no Content-Type at all: tritonclient's HTTP client sends none, JSON or binary alike (Triton
 *   never looks at it), so such a body is framed when Inference-Header-Content-Length is
 *   present and JSON otherwise;
 * - anything else: 415.
 *
 * A JSON body that also carries Inference-Header-Content-Length is framed too (as Triton does):
 * the header, not the content type, says where the JSON ends.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerState } from '../operations/state';
import { declaredHeaderLength, HEADER_LENGTH_HEADER, splitFramedBody } from './binary-framing';
import { badRequest, HttpError } from './errors';
import { truncate } from './excerpt';
import { parseJsonBytes, readBody } from './json-body';

const TENSOR_BYTES = Symbol('binaryTensorData');
type FramedRequest = FastifyRequest & { [TENSOR_BYTES]: Uint8Array | null };

/** The bytes after the JSON header of a binary-framed request; undefined for a plain JSON body. */
export function binaryTensorData(request: FastifyRequest): Uint8Array | undefined {
  return (request as FramedRequest)[TENSOR_BYTES] ?? undefined;
}

/** The message of every 415. */
export function unsupportedMediaType(contentType: string | undefined): HttpError {
  return new HttpError(415, `unsupported content-type ${contentType === undefined ? '(none)' : truncate(contentType, 100)}; `
    + 'send application/json, or application/octet-stream with Inference-Header-Content-Length (binary tensor data extension)');
}

/** Whether `request` is a V2 inference request, the only route that takes binary tensor data. */
const isV2Infer = (request: FastifyRequest) => {
  const config = request.routeOptions.config as { protocol?: string; endpoint?: string };
  return config.protocol === 'v2' && config.endpoint === 'infer';
};

type Done = (err: Error | null, body?: unknown) => void;

/** Replaces Fastify's parsers (JSON and text/plain) with the ones above. */
export function registerBodyParsers(app: FastifyInstance, bodyLimitBytes: number, state: ServerState): void {
  app.decorateRequest(TENSOR_BYTES as unknown as string, null);
  app.removeAllContentTypeParsers();

  const parse = (request: FastifyRequest, payload: NodeJS.ReadableStream, done: Done, binaryOnly: boolean) => {
    const framed = request.headers[HEADER_LENGTH_HEADER] !== undefined;
    if ((framed || binaryOnly) && !isV2Infer(request)) {
      done(unsupportedMediaType(request.headers['content-type']));
      return;
    }
    if (binaryOnly && !framed) {
      done(badRequest('a binary body needs the Inference-Header-Content-Length request header: the byte length of the '
        + 'JSON header at its start (0 for a raw binary request)'));
      return;
    }
    readBody(request, payload, bodyLimitBytes, (err, bytes) => {
      if (err) {
        done(err);
        return;
      }
      let body: unknown;
      try {
        if (framed) {
          const length = declaredHeaderLength(request.headers[HEADER_LENGTH_HEADER], bytes!.byteLength);
          // A raw binary request's header is deduced from the model; unknown before it has loaded.
          if (length === 0 && !state.model) throw new HttpError(503, 'model is not loaded yet', 1);
          const split = splitFramedBody(bytes!, length, state.model!);
          (request as FramedRequest)[TENSOR_BYTES] = split.tensorBytes;
          body = split.header;
        } else {
          body = parseJsonBytes(bytes!);
        }
      } catch (parseError) {
        done(parseError as Error);
        return;
      }
      done(null, body);
    });
  };

  app.addContentTypeParser('application/json', (request, payload, done) => parse(request, payload, done, false));
  app.addContentTypeParser('application/octet-stream', (request, payload, done) => parse(request, payload, done, true));
  // Fastify hands bodies without a Content-Type, and any type no parser above takes, to '*'.
  app.addContentTypeParser('*', (request, payload, done) => {
    const type = request.headers['content-type'];
    if (type !== undefined) done(unsupportedMediaType(type));
    else parse(request, payload, done, false);
  });
}
