/**
 * MAX_CONNECTIONS on the main port, built so that it can never starve the kubelet's probes.
 *
 * A hard cap (Node's server.maxConnections) refuses connections past the cap — probes included,
 * because the kubelet opens a fresh connection for every probe: a full pod would fail liveness
 * and be restarted for being busy. So connections past the cap are still accepted, and on them
 * only the probe paths (/v2/health/*) are answered; every other request gets 503 + Retry-After
 * with `Connection: close`, so the client (or proxy) retries on another pod and the socket is
 * freed at once. Such a connection that sends nothing is closed by the headers timeout.
 */
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServingMetrics } from './metrics';

const OVER_LIMIT = Symbol('overConnectionLimit');
type MarkedSocket = Socket & { [OVER_LIMIT]?: boolean };

/** Paths answered on every connection, over the limit or not. */
const PROBE_PREFIX = '/v2/health/';

/** Counts the open connections of a server and refuses non-probe requests on those past `max`. */
export class ConnectionLimit {
  private open = 0;

  constructor(app: FastifyInstance, private readonly max: number, private readonly metrics: ServingMetrics) {
    app.server.on('connection', (socket: MarkedSocket) => {
      this.open++;
      if (this.open > max) socket[OVER_LIMIT] = true;
      socket.once('close', () => { this.open--; });
    });
  }

  /** Answers 503 and returns true when `request` must be refused (call from the onRequest hook). */
  refused(request: FastifyRequest, reply: FastifyReply): boolean {
    if ((request.raw.socket as MarkedSocket)[OVER_LIMIT] !== true || request.url.startsWith(PROBE_PREFIX)) return false;
    this.metrics.countOverLimit();
    reply.code(503).header('retry-after', '1').header('connection', 'close')
      .send({ error: `server has more than MAX_CONNECTIONS (${this.max}) connections open; retry later` });
    return true;
  }
}
