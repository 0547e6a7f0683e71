/**
 * The request body parser: JSON only (every other content type gets 415), read within
 * BODY_LIMIT_BYTES, then bounded before any schema or handler sees it — arrays and objects
 * alike may nest at most MAX_JSON_DEPTH levels and an object may have at most MAX_OBJECT_KEYS
 * keys, anywhere in the request. Without these bounds a deeply nested object passed the schema
 * (it only looks at arrays it knows) and later code that recursed into it overflowed the stack.
 */
import type { FastifyRequest } from 'fastify';
import { HttpError, badRequest } from './errors';

/** Deepest nesting of arrays and objects in a request body (a rank-32 tensor inside a V2 body needs 35). */
export const MAX_JSON_DEPTH = 64;
/** Most keys one JSON object in a request body may have. */
export const MAX_OBJECT_KEYS = 1000;

function boundsProblem(value: unknown, depth: number): string | undefined {
  if (depth > MAX_JSON_DEPTH) return `request body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item === 'object' && item !== null) {
        const problem = boundsProblem(item, depth + 1);
        if (problem) return problem;
      }
    }
    return undefined;
  }
  let keys = 0;
  for (const key in value as Record<string, unknown>) {
    if (++keys > MAX_OBJECT_KEYS) return `request body has an object with more than ${MAX_OBJECT_KEYS} keys`;
    // The same keys secure-json-parse refuses: harmless here, but a trap for any code that merges bodies.
    if (key === '__proto__') return 'request body contains a forbidden "__proto__" key';
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'object' && item !== null) {
      if (key === 'constructor' && 'prototype' in item) return 'request body contains a forbidden "constructor.prototype" key';
      const problem = boundsProblem(item, depth + 1);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** Parses a complete body; client mistakes are 400s with Fastify's established messages. */
export function parseBoundedJson(text: string): unknown {
  if (text.length === 0) throw badRequest("Body cannot be empty when content-type is set to 'application/json'");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // V8's own message quotes the input; this one does not.
    throw badRequest("Body is not valid JSON but content-type is set to 'application/json'");
  }
  if (typeof body === 'object' && body !== null) {
    const problem = boundsProblem(body, 1);
    if (problem) throw badRequest(problem);
  }
  return body;
}

const tooLarge = () => new HttpError(413, 'Request body is too large');

/**
 * Reads a whole request body within `limit` bytes (413 beyond it, before reading when
 * Content-Length already says so) and hands it to `done`. Every body parser of the app reads
 * through this, so the body limit applies to whole bodies, binary ones included.
 */
export function readBody(request: FastifyRequest, payload: NodeJS.ReadableStream, limit: number,
  done: (err: Error | null, body?: Buffer) => void): void {
  const declared = Number(request.headers['content-length']);
  if (declared > limit) {
    done(tooLarge());
    return;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > limit) {
      cleanup();
      done(tooLarge());
      return;
    }
    chunks.push(chunk);
  };
  const onEnd = (err?: Error) => {
    cleanup();
    // The connection is gone (client abort, or the request deadline answered and closed it):
    // nobody is left to answer, and a second answer must not be attempted.
    if (err && request.raw.socket?.destroyed) return;
    if (err) {
      done(badRequest('request body could not be read'));
      return;
    }
    if (!Number.isNaN(declared) && received !== declared) {
      done(badRequest('Request body size did not match Content-Length'));
      return;
    }
    done(null, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received));
  };
  const cleanup = () => {
    payload.removeListener('data', onData);
    payload.removeListener('end', onEnd);
    payload.removeListener('error', onEnd);
  };
  payload.on('data', onData);
  payload.on('end', onEnd);
  payload.on('error', onEnd);
  payload.resume();
}

/** Parses a complete JSON body given as bytes (see parseBoundedJson). */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  return parseBoundedJson(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}
