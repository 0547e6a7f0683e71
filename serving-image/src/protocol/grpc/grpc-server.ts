/**
 * The gRPC listener (GRPC_PORT): `inference.GRPCInferenceService` and `grpc.health.v1.Health` on
 * @grpc/grpc-js, with the limits of docs/serving-image.md ("Limits"):
 *
 * - messages up to BODY_LIMIT_BYTES, like REST bodies (larger: RESOURCE_EXHAUSTED);
 * - keepalive pings every 60 s (20 s to answer): a dead peer is noticed, and the connection
 *   stays alive through L4 load balancers that drop flows idle for 4 minutes or more;
 * - connections are closed (GOAWAY, so no call is lost) after 5 minutes idle, and after 5
 *   minutes ± 10 % of age with REQUEST_TIMEOUT_SECONDS of grace: HTTP/2 keeps one connection
 *   per client, which behind a Kubernetes Service (L4) would pin a client to one pod forever and
 *   leave new replicas idle; reconnecting regularly spreads the load again;
 * - no per-connection stream limit, which would queue a client's health checks behind its own
 *   inference calls; the concurrent-calls cap (call-interceptor.ts) spares the probes instead.
 *
 * Closing (shutdown.ts calls `close` after the drain delay) stops accepting connections and
 * sends GOAWAY, lets in-flight calls finish for at most REQUEST_TIMEOUT_SECONDS, then cuts the rest.
 */
import { isIPv6 } from 'node:net';
import { Server, ServerCredentials, type ChannelOptions } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { ServerConfig } from '../../operations/config';
import type { EventLoopDelaySampler } from '../../operations/load-shedding';
import type { ServingMetrics } from '../../operations/metrics';
import type { ServerState } from '../../operations/state';
import { CallInterceptor } from './call-interceptor';
import { healthService } from './health-service';
import { inferenceService } from './inference-service';
import { serviceDefinitions } from './protos';

/** Keepalive ping interval (below the 4-minute idle timeout of the strictest common L4 load balancers). */
export const KEEPALIVE_TIME_MS = 60_000;
/** How long a keepalive ping may go unanswered before the connection is closed. */
export const KEEPALIVE_TIMEOUT_MS = 20_000;
/** Connections without calls for this long are closed with GOAWAY. */
export const MAX_CONNECTION_IDLE_MS = 300_000;
/** Connections are closed with GOAWAY after this age (± 10 % jitter, by grpc-js) so clients rebalance. */
export const MAX_CONNECTION_AGE_MS = 300_000;

/** What the gRPC listener needs. */
export interface GrpcListenerParts {
  readonly config: ServerConfig;
  readonly state: ServerState;
  readonly metrics: ServingMetrics;
  readonly sampler: EventLoopDelaySampler;
  readonly log: Logger;
}

/** A listening gRPC server. */
export interface GrpcListener {
  /** The bound port (GRPC_PORT, or the ephemeral port for GRPC_PORT=0). */
  readonly port: number;
  /** The interceptor's state (calls in flight), for tests. */
  readonly calls: CallInterceptor;
  /** Stops accepting, lets in-flight calls finish within `withinMs`, then cuts what is left. */
  close(withinMs: number): Promise<void>;
}

/** The grpc-js server options for `config`. */
export function grpcServerOptions(config: ServerConfig): ChannelOptions {
  return {
    'grpc.max_receive_message_length': config.bodyLimitBytes,
    'grpc.keepalive_time_ms': KEEPALIVE_TIME_MS,
    'grpc.keepalive_timeout_ms': KEEPALIVE_TIMEOUT_MS,
    'grpc.max_connection_idle_ms': MAX_CONNECTION_IDLE_MS,
    'grpc.max_connection_age_ms': MAX_CONNECTION_AGE_MS,
    'grpc.max_connection_age_grace_ms': Math.round(config.requestTimeoutSeconds * 1000),
    // channelz's per-call bookkeeping costs on every call, and nothing here reads it.
    'grpc.enable_channelz': 0,
  };
}

/** `host:port` as grpc-js parses it (IPv6 literals in brackets). */
const address = (host: string, port: number) => `${isIPv6(host) ? `[${host}]` : host}:${port}`;

/** Starts the gRPC listener on `host` (the address the HTTP listener bound) and `port`. */
export async function listenGrpc(parts: GrpcListenerParts, host: string, port: number): Promise<GrpcListener> {
  const { config, state, log } = parts;
  const calls = new CallInterceptor(parts);
  const health = healthService(state);
  const server = new Server({ ...grpcServerOptions(config), interceptors: [calls.interceptor] });
  const definitions = serviceDefinitions();
  server.addService(definitions.inference, inferenceService({ config, state, log }));
  server.addService(definitions.health, health.implementation);
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(address(host, port), ServerCredentials.createInsecure(), (err, actual) => {
      if (err) reject(new Error(`cannot listen for gRPC on ${address(host, port)} (GRPC_PORT): ${err.message}`));
      else resolve(actual);
    });
  });

  const close = async (withinMs: number) => {
    health.shutdown();
    // drain(): GOAWAY to every connection now, and connections still open after `withinMs` are
    // destroyed. (forceShutdown() alone would not cut them: with channelz off, grpc-js 1.14 does
    // not track sessions where forceShutdown looks for them.) tryShutdown() stops accepting and
    // reports when the last connection has closed.
    server.drain(address(host, bound), withinMs);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        log.warn({ callsInFlight: calls.callsInFlight }, 'gRPC connections still open after REQUEST_TIMEOUT_SECONDS + 1 s; forcing shutdown');
        server.forceShutdown();
        resolve();
      }, withinMs + 1000);
      server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    if (calls.callsInFlight > 0) log.warn({ afterSeconds: withinMs / 1000, callsInFlight: calls.callsInFlight }, 'gRPC calls cut after REQUEST_TIMEOUT_SECONDS');
    calls.stop();
  };
  return { port: bound, calls, close };
}
