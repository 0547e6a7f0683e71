/**
 * REQUEST_TIMEOUT_SECONDS for requests Fastify has routed: a request whose body has not fully
 * arrived by its deadline gets 408, one whose handler or response is still running gets 503
 * (the handler's late result is dropped), and one whose response is already being written to a
 * client that does not read is cut off. Either way the connection is closed, so a stalled
 * client holds no socket past its deadline. Stalled headers, before Fastify sees a request, are
 * Node's job (http-limits.ts).
 *
 * One sweep every SWEEP_INTERVAL_MS over the in-flight requests in arrival order — deadlines all
 * share one timeout, so the sweep stops at the first request still in time — costs less per
 * request than a timer (and an AbortController) per request would. The requests are kept in a
 * linked list threaded through the replies, not in a Map: a Map that every request enters and
 * leaves keeps reallocating its table, and those tables (with the replies they point to) were
 * copied and promoted by every young-generation GC — 15 ms scavenges and ≈ 1 MB promoted per
 * scavenge under load, where the list needs one small entry per request that dies with it.
 * track/untrack are called from the app's one onRequest and onResponse hooks
 * (request-hooks.ts): every extra Fastify hook costs on every request.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServingMetrics } from './metrics';
import { onServerClosed } from './on-server-closed';

/** How often deadlines are checked: a request is cut at most this much after its deadline. */
export const SWEEP_INTERVAL_MS = 250;

/** One in-flight request in the list, oldest first. */
interface Entry {
  readonly reply: FastifyReply;
  readonly deadline: number;
  prev: Entry | null;
  next: Entry | null;
}

const ENTRY = Symbol('requestDeadline');
type TrackedReply = FastifyReply & { [ENTRY]: Entry | null };

/** Tracks every in-flight request of one app and enforces its deadline. */
export class RequestDeadlines {
  private head: Entry | null = null;
  private tail: Entry | null = null;
  private count = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly timeoutMs: number, private readonly metrics: ServingMetrics) {
    this.timer = setInterval(() => this.sweep(performance.now()), SWEEP_INTERVAL_MS).unref();
  }

  /**
   * Prepares `app`'s replies to be tracked (call before its routes are registered), and stops
   * sweeping once its server has closed (after its in-flight requests).
   */
  attach(app: FastifyInstance): void {
    // Declared up front, so every reply has the same shape (Fastify's advice for per-request state).
    app.decorateReply(ENTRY as unknown as string, null);
    onServerClosed(app, () => clearInterval(this.timer));
  }

  /** Starts the deadline of a request (call from the onRequest hook). */
  track(reply: FastifyReply): void {
    const entry: Entry = { reply, deadline: performance.now() + this.timeoutMs, prev: this.tail, next: null };
    if (this.tail === null) this.head = entry;
    else this.tail.next = entry;
    this.tail = entry;
    this.count++;
    (reply as TrackedReply)[ENTRY] = entry;
  }

  /** Ends the deadline of a request (call from the onResponse hook). */
  untrack(reply: FastifyReply): void {
    const entry = (reply as TrackedReply)[ENTRY];
    if (entry === null || entry === undefined) return;
    (reply as TrackedReply)[ENTRY] = null;
    if (entry.prev === null) this.head = entry.next;
    else entry.prev.next = entry.next;
    if (entry.next === null) this.tail = entry.prev;
    else entry.next.prev = entry.prev;
    entry.prev = null;
    entry.next = null;
    this.count--;
  }

  /** Requests currently tracked (for tests and shutdown logging). */
  get size(): number {
    return this.count;
  }

  /** Ends every tracked request whose deadline is before `now`. */
  sweep(now: number): void {
    let entry = this.head;
    while (entry !== null) {
      const { reply, deadline, next } = entry;
      const res = reply.raw;
      if (res.writableFinished || res.destroyed) {
        this.untrack(reply); // finished without onResponse (client went away)
      } else if (deadline > now) {
        break; // arrival order = deadline order: the rest are in time too
      } else {
        this.untrack(reply);
        this.expire(reply);
      }
      entry = next;
    }
  }

  private expire(reply: FastifyReply): void {
    const res = reply.raw;
    const bodyIncomplete = !reply.request.raw.complete;
    const phase = bodyIncomplete ? 'body' : 'response';
    this.metrics.countTimeout(phase);
    const seconds = this.timeoutMs / 1000;
    reply.log.info({ reqId: reply.request.id, phase, timeoutSeconds: seconds }, 'request timed out');
    if (res.headersSent) {
      // Part of the response is on the wire: nothing valid can follow it, so cut the connection.
      res.destroy();
      return;
    }
    // Hijacked: Fastify drops whatever the handler (or the body reader) produces later.
    reply.hijack();
    const body = JSON.stringify({
      error: bodyIncomplete
        ? `request body not received within REQUEST_TIMEOUT_SECONDS (${seconds} s)`
        : `request not answered within REQUEST_TIMEOUT_SECONDS (${seconds} s), retry later`,
    });
    res.writeHead(bodyIncomplete ? 408 : 503, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      connection: 'close',
      ...(bodyIncomplete ? {} : { 'retry-after': '1' }),
    });
    res.end(body);
    // A client that does not read its response must not keep the socket either.
    setTimeout(() => { if (!res.writableFinished) res.destroy(); }, SWEEP_INTERVAL_MS * 4).unref();
  }
}
