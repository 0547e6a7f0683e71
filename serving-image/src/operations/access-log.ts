/**
 * The access log: exactly one JSON line per request, written once, after the response.
 *
 * Fastify's own request logging made a pino child logger per request and wrote two lines
 * ("incoming request", "request completed"); that was the largest per-request cost of the
 * server (≈ 25–35 µs of ≈ 116). This writes the line itself, straight to the logger's
 * destination, in pino's format with the logger's bindings, so it reads like every other line
 * (model and version included) and pipelines that parsed Fastify's "request completed" line keep
 * working. Any front end (REST here, gRPC) reports its finished requests through `write`.
 */
import pino, { type Logger } from 'pino';

/** One finished request, as a front end reports it. */
export interface AccessRecord {
  /** HTTP method (gRPC: "POST", what gRPC sends on the wire). */
  readonly method: string;
  /** Path and query as received (gRPC: the method path, e.g. /inference.GRPCInferenceService/ModelInfer). */
  readonly url: string;
  /** HTTP status (gRPC: the status code, 0 = OK). */
  readonly status: number;
  /** First byte of the request to the end of the response, in milliseconds. */
  readonly durationMs: number;
  /** The caller's x-request-id, or the id the server made up. */
  readonly requestId: string;
  /** Set by front ends other than REST (e.g. "grpc"); REST lines carry none, as before. */
  readonly protocol?: string;
}

/** Characters that can go between JSON quotes as they are. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const jsonString = (text: string) => (PLAIN.test(text) ? `"${text}"` : JSON.stringify(text));

/** Writes access lines to the destination of a pino logger (nothing below level info). */
export class AccessLog {
  private readonly stream: { write(line: string): unknown };
  private readonly bindings: string;
  private readonly enabled: boolean;

  constructor(log: Logger) {
    this.enabled = log.isLevelEnabled('info');
    this.stream = (log as unknown as Record<symbol, { write(line: string): unknown }>)[pino.symbols.streamSym];
    // E.g. ',"model":"iris","version":"1.0.0"': exactly what pino puts into each of its lines.
    this.bindings = (log as unknown as Record<symbol, string>)[pino.symbols.chindingsSym];
  }

  /** Writes one line for `r`. */
  write(r: AccessRecord): void {
    if (!this.enabled) return;
    this.stream.write(`{"level":30,"time":${Date.now()}${this.bindings},"reqId":${jsonString(r.requestId)},`
      + `${r.protocol === undefined ? '' : `"protocol":${jsonString(r.protocol)},`}`
      + `"req":{"method":${jsonString(r.method)},"url":${jsonString(r.url)}},"res":{"statusCode":${r.status}},`
      // Microseconds are plenty; the shortest round-trip form of an arbitrary double costs more.
      + `"responseTime":${r.durationMs.toFixed(3)},"msg":"request completed"}\n`);
  }
}
