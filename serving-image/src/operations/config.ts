/**
 * Server configuration from environment variables, validated up front (see env-parsing.ts).
 *
 * The variables the construct writes — names, ranges and defaults — come from the env contract
 * lib/model-serving/server-env.ts, compiled into this package, so every value the construct can
 * write is accepted here. `loadConfig` is pure, so the library's tests feed it the env the
 * construct synthesizes.
 */
import { join } from 'node:path';
import {
  DRAIN_DELAY_SECONDS, GRPC_PORT, METRICS_PORT, MODEL_DIR, MODEL_NAME, MODEL_VERSION, PORT, REQUEST_TIMEOUT_SECONDS,
  SHUTDOWN_TIMEOUT_SECONDS, terminationGracePeriodSeconds,
} from '../../../lib/model-serving/server-env';
import {
  boolean, ConfigError, contractInteger, host, integer, name, oneOf, optionalContractInteger, raw, seconds, type Env,
} from './env-parsing';
import { PACKAGE_ROOT } from './package-info';

export { ConfigError } from './env-parsing';

/** Every setting the server reads, validated. */
export interface ServerConfig {
  /** Directory containing model.onnx. */
  readonly modelDir: string;
  readonly modelName: string;
  readonly modelVersion: string;
  /** HOST; undefined means dual-stack `::` (IPv4-mapped accepted), or `0.0.0.0` where IPv6 is absent. */
  readonly host: string | undefined;
  readonly port: number;
  /** Second listener serving only GET /metrics, so NetworkPolicy can admit Prometheus separately. */
  readonly metricsPort: number;
  /**
   * The Open Inference Protocol gRPC listener's port; undefined (GRPC_PORT unset) means no gRPC
   * listener. The construct writes it only for versions that serve gRPC.
   */
  readonly grpcPort: number | undefined;
  /** After SIGTERM: readiness is 503 at once, requests are still served for this long. */
  readonly drainDelaySeconds: number;
  /** The most one request may take from its first byte to its response; the server enforces it. */
  readonly requestTimeoutSeconds: number;
  /** Hard deadline of the whole shutdown (exit 1 past it); default drain + request timeout + slack. */
  readonly shutdownTimeoutSeconds: number;
  readonly bodyLimitBytes: number;
  /** Open connections on the main port above which only probes are answered (see connection-limit.ts). */
  readonly maxConnections: number;
  /**
   * Mean event-loop delay (ms, per 1 s sample) above which model requests are shed with 503 +
   * Retry-After. Measured here: 50 busy keep-alive clients on 2 cores give ~17 ms mean; the
   * default leaves >10x headroom so normal saturation is never shed, only real overload.
   */
  readonly overloadEventLoopDelayMs: number;
  /** Serve /docs and /openapi.json. */
  readonly docsEnabled: boolean;
  readonly logLevel: string;
}

/** The model shipped in this package (and at /app/serving-image/model/iris in the image). */
export const BUNDLED_MODEL_DIR = join(PACKAGE_ROOT, 'model', 'iris');

/**
 * Seconds the default shutdown deadline leaves after drain + request timeout: room for closing
 * listeners, yet 2 s below the pod's grace period (drain + request timeout + 5), so a shutdown
 * that hangs is logged and ends with exit 1 here instead of a silent SIGKILL.
 */
export const SHUTDOWN_SLACK_SECONDS = 3;

/** The largest SHUTDOWN_TIMEOUT_SECONDS: the longest grace period the construct can give a pod. */
const MAX_SHUTDOWN_SECONDS = terminationGracePeriodSeconds(DRAIN_DELAY_SECONDS.max, REQUEST_TIMEOUT_SECONDS.max);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and validates the configuration from `env` (pure: no I/O, so tests can feed it any env). */
export function loadConfig(env: Env = process.env): ServerConfig {
  const drainDelaySeconds = seconds(env, DRAIN_DELAY_SECONDS.name, DRAIN_DELAY_SECONDS.default,
    DRAIN_DELAY_SECONDS.min, DRAIN_DELAY_SECONDS.max);
  const requestTimeoutSeconds = seconds(env, REQUEST_TIMEOUT_SECONDS.name, REQUEST_TIMEOUT_SECONDS.default,
    REQUEST_TIMEOUT_SECONDS.min, REQUEST_TIMEOUT_SECONDS.max);
  const config: ServerConfig = {
    modelDir: raw(env, MODEL_DIR) ?? BUNDLED_MODEL_DIR,
    modelName: name(env, MODEL_NAME, 'iris'),
    modelVersion: name(env, MODEL_VERSION, '1.0.0'),
    host: host(env, 'HOST'),
    // Port 0 (an ephemeral port) is accepted beyond the contract: tests run many servers at once.
    port: contractInteger(env, PORT, 0),
    metricsPort: contractInteger(env, METRICS_PORT, 0),
    grpcPort: optionalContractInteger(env, GRPC_PORT, 0),
    drainDelaySeconds,
    requestTimeoutSeconds,
    shutdownTimeoutSeconds: seconds(env, SHUTDOWN_TIMEOUT_SECONDS,
      drainDelaySeconds + requestTimeoutSeconds + SHUTDOWN_SLACK_SECONDS, 0, MAX_SHUTDOWN_SECONDS),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxConnections: integer(env, 'MAX_CONNECTIONS', 1000, 1, 1_000_000),
    overloadEventLoopDelayMs: integer(env, 'OVERLOAD_EVENT_LOOP_DELAY_MS', 250, 10, 60000),
    docsEnabled: boolean(env, 'DOCS_ENABLED', true),
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', LOG_LEVELS),
  };
  if (config.port !== 0 && config.port === config.metricsPort) {
    throw new ConfigError(`${METRICS_PORT.name}=${config.metricsPort} is invalid: it must differ from ${PORT.name}`);
  }
  if (config.grpcPort !== undefined && config.grpcPort !== 0 && [config.port, config.metricsPort].includes(config.grpcPort)) {
    throw new ConfigError(`${GRPC_PORT.name}=${config.grpcPort} is invalid: it must differ from ${PORT.name} and ${METRICS_PORT.name}`);
  }
  if (config.shutdownTimeoutSeconds <= config.drainDelaySeconds) {
    throw new ConfigError(`${SHUTDOWN_TIMEOUT_SECONDS}=${config.shutdownTimeoutSeconds} is invalid: it must exceed `
      + `${DRAIN_DELAY_SECONDS.name}=${config.drainDelaySeconds}, or every shutdown would be cut short`);
  }
  return config;
}
