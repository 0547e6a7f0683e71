/**
 * Load shedding for the model routes: 503 + Retry-After while the mean event-loop delay of the
 * last one-second sample exceeds OVERLOAD_EVENT_LOOP_DELAY_MS.
 *
 * The sampler is ours rather than @fastify/under-pressure's so that start-up can be forgotten:
 * module loading, schema compilation and the model load block the loop for hundreds of
 * milliseconds, and a sample that spans them once shed the first request after readiness
 * answered 200 ("server overloaded (eventLoopDelay: 703 ms)"). `settle()` discards everything
 * measured so far and starts a fresh sample; server.ts calls it in the same tick in which the
 * server turns Ready, so no request after the first ready 200 is shed for start-up work.
 *
 * Never applied to the probes (nor the docs): probes must keep answering under load, or
 * Kubernetes would restart (liveness) or unroute (readiness) a pod for being busy.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { FastifyReply } from 'fastify';

/** Length of one sample of the event-loop delay. */
export const SAMPLE_INTERVAL_MS = 1000;
/** Resolution of the delay histogram; its timer's own period is subtracted from the mean. */
const RESOLUTION_MS = 10;
const RETRY_AFTER_SECONDS = 5;

/** Mean event-loop delay per sample, as a number the request path can read for free. */
export class EventLoopDelaySampler {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private timer?: NodeJS.Timeout;
  /** Mean delay of the last complete sample in ms; Infinity when the loop was blocked for all of it. */
  delayMs = 0;

  constructor() {
    this.histogram.enable();
    this.restart();
  }

  /** Forgets everything measured so far (start-up work) and starts a fresh sample. */
  settle(): void {
    this.histogram.reset();
    this.delayMs = 0;
    this.restart();
  }

  /** Stops sampling (app close). */
  stop(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }

  private restart(): void {
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      const mean = Math.max(0, this.histogram.mean / 1e6 - RESOLUTION_MS);
      // No sample at all means the loop never got round to the histogram's timer.
      this.delayMs = Number.isNaN(mean) ? Infinity : mean;
      this.histogram.reset();
    }, SAMPLE_INTERVAL_MS).unref();
  }
}

/** Answers 503 and returns true while the last sample exceeds `maxEventLoopDelayMs` (call from the onRequest hook). */
export function shed(sampler: EventLoopDelaySampler, maxEventLoopDelayMs: number, reply: FastifyReply): boolean {
  const delay = sampler.delayMs;
  if (delay <= maxEventLoopDelayMs) return false;
  const measured = Number.isFinite(delay) ? `${Math.round(delay)} ms` : 'a blocked loop';
  reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS))
    .send({ error: `server overloaded (eventLoopDelay: ${measured}), retry later` });
  return true;
}
