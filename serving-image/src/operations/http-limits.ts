/**
 * Socket-level limits of the main listener, derived from the config (see docs/serving-image.md,
 * "Limits"):
 *
 * - Node's headersTimeout / requestTimeout close a connection whose request never completes.
 *   Fastify's default requestTimeout of 0 switched Node's off, which let a client that sent
 *   `Content-Length: 100` and then nothing keep its socket forever. Routed requests are cut by
 *   request-deadline.ts first; Node's timeout is the backstop one second later, and the only
 *   guard while headers are still arriving.
 * - Node checks those timeouts every connectionsCheckingInterval (default 30 s, far coarser
 *   than the timeout itself); 250 ms keeps "cut within REQUEST_TIMEOUT_SECONDS + 1 s" true.
 * - keepAliveTimeout stays above the idle timeout of common L7 load balancers (60 s), so the
 *   proxy, not this server, closes idle upstream connections: no race between reuse and close.
 */
import { STATUS_CODES, type ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyServerOptions } from 'fastify';
import type { ServerConfig } from './config';
import type { ServingMetrics } from './metrics';

/** Idle keep-alive connections are closed after this (above the 60 s of common load balancers). */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** Node's own default headers timeout; shorter when REQUEST_TIMEOUT_SECONDS is. */
const MAX_HEADERS_TIMEOUT_MS = 60_000;
const CONNECTIONS_CHECKING_INTERVAL_MS = 250;
/** Node's request timeout trails the request deadline so the deadline answers first (with a JSON body). */
const BACKSTOP_MS = 1000;

/** The Fastify server options that carry the limits. */
export function httpLimitOptions(config: ServerConfig, metrics: ServingMetrics): Partial<FastifyServerOptions> & { http: ServerOptions } {
  const requestTimeoutMs = Math.round(config.requestTimeoutSeconds * 1000);
  return {
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    requestTimeout: requestTimeoutMs + BACKSTOP_MS,
    http: {
      requestTimeout: requestTimeoutMs + BACKSTOP_MS,
      headersTimeout: Math.min(MAX_HEADERS_TIMEOUT_MS, requestTimeoutMs),
      connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
    },
    clientErrorHandler: (err: NodeJS.ErrnoException, socket: Socket) => clientError(err, socket, config, metrics),
  };
}

/** What Node hands the clientError handler: a socket, maybe with the response of a routed request. */
type ClientSocket = Socket & { _httpMessage?: { headersSent?: boolean } | null };

function clientError(err: NodeJS.ErrnoException, socket: ClientSocket, config: ServerConfig, metrics: ServingMetrics): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  let status = 400;
  let message = 'malformed HTTP request';
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    // No response object yet means the request line or headers never completed.
    const phase = socket._httpMessage ? 'body' : 'headers';
    metrics.countTimeout(phase);
    status = 408;
    message = `request ${phase} not received within REQUEST_TIMEOUT_SECONDS (${config.requestTimeoutSeconds} s)`;
  } else if (err.code === 'HPE_HEADER_OVERFLOW') {
    status = 431;
    message = 'request headers too large';
  }
  // Answer only where no response has started, so the client never sees a corrupted stream.
  if (socket.writable && !socket._httpMessage?.headersSent) {
    const body = JSON.stringify({ error: message });
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n`
      + `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
