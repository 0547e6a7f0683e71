/**
 * Prometheus metrics: per-request count and latency of the model endpoints, labelled with
 * model, version, protocol, endpoint and status, plus prom-client's process metrics.
 * A registry per server instance (not prom-client's global one) so tests can build many apps.
 */
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import { RequestMetrics } from './request-metrics';

/** The protocol of a model request: the REST V1 and V2 routes, or the OIP gRPC service. */
export type Protocol = 'v1' | 'v2' | 'grpc';

/** Where a timed-out request was stuck. */
export type TimeoutPhase = 'headers' | 'body' | 'response';
const TIMEOUT_PHASES: readonly TimeoutPhase[] = ['headers', 'body', 'response'];

/** Labels of the per-request metrics. */
export interface RequestLabels {
  readonly model: string;
  readonly version: string;
  readonly protocol: Protocol;
  /** infer | predict | metadata | ready */
  readonly endpoint: string;
  /** The HTTP status (REST) or the gRPC status code name, e.g. OK or INVALID_ARGUMENT (gRPC). */
  readonly status: string;
}

/** The server's Prometheus registry and the metrics it records. */
export class ServingMetrics {
  readonly registry = new Registry();
  private readonly requests: RequestMetrics;
  private readonly timeouts: Counter<'phase'>;
  private readonly overLimit: Counter;

  constructor() {
    // model_server_requests_total and model_server_request_duration_seconds (see request-metrics.ts).
    this.requests = new RequestMetrics(this.registry);
    this.timeouts = new Counter({
      name: 'model_server_request_timeouts_total',
      help: 'Requests cut at REQUEST_TIMEOUT_SECONDS, by phase: headers (never completed), body (upload stalled), '
        + 'response (handler or response write too slow)',
      labelNames: ['phase'],
      registers: [this.registry],
    });
    for (const phase of TIMEOUT_PHASES) this.timeouts.inc({ phase }, 0); // present at 0, so alerts can rate() them
    this.overLimit = new Counter({
      name: 'model_server_connection_limit_rejections_total',
      help: 'Requests answered 503 because their connection arrived above MAX_CONNECTIONS (probes are never rejected)',
      registers: [this.registry],
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /**
   * Counts one finished model request and records its latency (both metrics at once, cheap
   * enough for every request). Model and version must be the served ones or "unknown", never
   * what a client sent, so clients cannot create series.
   */
  observe(labels: RequestLabels, seconds: number): void {
    this.requests.observe(labels, seconds);
  }

  /** Counts one request cut at its deadline. */
  countTimeout(phase: TimeoutPhase): void {
    this.timeouts.inc({ phase });
  }

  /** Counts one request refused because its connection is over MAX_CONNECTIONS. */
  countOverLimit(): void {
    this.overLimit.inc();
  }

  /** Content-Type of the exposition format. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text for GET /metrics. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
