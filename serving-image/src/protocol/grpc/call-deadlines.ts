/**
 * REQUEST_TIMEOUT_SECONDS for gRPC calls, from the moment the call's headers arrive: a call whose
 * request message has not fully arrived by then (a stalled upload) or whose answer is not sent
 * (a slow model) ends with DEADLINE_EXCEEDED; the handler's late answer is dropped. A shorter
 * deadline set by the client is grpc-js's to enforce, and is enforced too.
 *
 * Like the REST deadlines (operations/request-deadline.ts): one sweep every SWEEP_INTERVAL_MS
 * over a map in arrival order — every call has the same timeout, so the sweep stops at the first
 * call still in time — instead of a timer per call. Health Watch streams are long-lived by
 * design and never tracked.
 */
import { status as Status } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { ServingMetrics } from '../../operations/metrics';
import { SWEEP_INTERVAL_MS } from '../../operations/request-deadline';
import type { CallRecord } from './call-interceptor';
import { statusOf } from './status';

/** Tracks the deadline of every admitted call and ends those past it. */
export class CallDeadlines {
  private readonly inflight = new Map<CallRecord, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly timeoutMs: number, private readonly metrics: ServingMetrics, private readonly log: Logger) {
    this.timer = setInterval(() => this.sweep(performance.now()), SWEEP_INTERVAL_MS).unref();
  }

  /** Starts the deadline of a call. */
  track(record: CallRecord): void {
    this.inflight.set(record, record.started + this.timeoutMs);
  }

  /** Ends the deadline of a call. */
  untrack(record: CallRecord): void {
    this.inflight.delete(record);
  }

  /** Calls currently tracked. */
  get size(): number {
    return this.inflight.size;
  }

  /** Stops sweeping. */
  stop(): void {
    clearInterval(this.timer);
  }

  /** Ends every tracked call whose deadline is before `now`. */
  sweep(now: number): void {
    for (const [record, deadline] of this.inflight) {
      if (deadline > now) break; // arrival order = deadline order: the rest are in time too
      this.inflight.delete(record);
      const phase = record.received ? 'response' : 'body';
      this.metrics.countTimeout(phase);
      const seconds = this.timeoutMs / 1000;
      this.log.info({ reqId: record.reqId, grpc: { method: record.method.name }, phase, timeoutSeconds: seconds }, 'request timed out');
      record.call.sendStatus(statusOf(Status.DEADLINE_EXCEEDED, phase === 'body'
        ? `request message not received within REQUEST_TIMEOUT_SECONDS (${seconds} s)`
        : `request not answered within REQUEST_TIMEOUT_SECONDS (${seconds} s), retry later`));
    }
  }
}
