/**
 * Server configuration from environment variables. Every variable is validated up front:
 * a typo in a Deployment manifest should fail the pod at start with a message naming the
 * variable and its value, not surface later as odd behaviour.
 */
import { join } from 'node:path';
import { PACKAGE_ROOT } from './package-info';

/** Every setting the server reads, validated. */
export interface ServerConfig {
  /** Directory containing model.onnx. */
  readonly modelDir: string;
  readonly modelName: string;
  readonly modelVersion: string;
  readonly host: string;
  readonly port: number;
  /** Second listener serving only GET /metrics, so NetworkPolicy can admit Prometheus separately. */
  readonly metricsPort: number;
  /** After SIGTERM: readiness is 503 at once, requests are still served for this long. */
  readonly drainDelaySeconds: number;
  /** Hard cap on the whole shutdown; when exceeded the process exits 1. */
  readonly shutdownTimeoutSeconds: number;
  readonly bodyLimitBytes: number;
  /**
   * Mean event-loop delay (ms, per 1 s sample) above which model requests are shed with 503 +
   * Retry-After. Measured here: 50 busy keep-alive clients on 2 cores give ~17 ms mean; the
   * default leaves >10x headroom so normal saturation is never shed, only real overload.
   */
  readonly overloadEventLoopDelayMs: number;
  readonly logLevel: string;
}

/** The model shipped in this package (and at /app/serving-image/model/iris in the image). */
export const BUNDLED_MODEL_DIR = join(PACKAGE_ROOT, 'model', 'iris');

/** A setting is invalid; the message names the variable and its value. */
export class ConfigError extends Error {}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

type Env = Readonly<Record<string, string | undefined>>;

function raw(env: Env, name: string, fallback: string): string {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = raw(env, name, String(fallback));
  const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(`${name}=${JSON.stringify(value)} is invalid: expected an integer from ${min} to ${max}`);
  }
  return parsed;
}

function seconds(env: Env, name: string, fallback: number): number {
  const value = raw(env, name, String(fallback));
  const parsed = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(parsed) || parsed > 3600) {
    throw new ConfigError(`${name}=${JSON.stringify(value)} is invalid: expected a number of seconds from 0 to 3600`);
  }
  return parsed;
}

function name(env: Env, variable: string, fallback: string): string {
  const value = raw(env, variable, fallback);
  if (!NAME_PATTERN.test(value) || value.length > 128) {
    throw new ConfigError(`${variable}=${JSON.stringify(value)} is invalid: expected letters, digits, '.', '_' or '-' (max 128)`);
  }
  return value;
}

/** Reads and validates the configuration from `env` (pure: no I/O, so tests can feed it any env). */
export function loadConfig(env: Env = process.env): ServerConfig {
  const logLevel = raw(env, 'LOG_LEVEL', 'info');
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL=${JSON.stringify(logLevel)} is invalid: expected one of ${LOG_LEVELS.join(', ')}`);
  }
  const config: ServerConfig = {
    modelDir: raw(env, 'MODEL_DIR', BUNDLED_MODEL_DIR),
    modelName: name(env, 'MODEL_NAME', 'iris'),
    modelVersion: name(env, 'MODEL_VERSION', '1.0.0'),
    host: raw(env, 'HOST', '0.0.0.0'),
    port: integer(env, 'PORT', 8080, 0, 65535),
    metricsPort: integer(env, 'METRICS_PORT', 9090, 0, 65535),
    drainDelaySeconds: seconds(env, 'DRAIN_DELAY_SECONDS', 5),
    shutdownTimeoutSeconds: seconds(env, 'SHUTDOWN_TIMEOUT_SECONDS', 30),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    overloadEventLoopDelayMs: integer(env, 'OVERLOAD_EVENT_LOOP_DELAY_MS', 250, 10, 60000),
    logLevel,
  };
  if (config.port !== 0 && config.port === config.metricsPort) {
    throw new ConfigError(`METRICS_PORT=${config.metricsPort} is invalid: it must differ from PORT`);
  }
  if (config.shutdownTimeoutSeconds <= config.drainDelaySeconds) {
    throw new ConfigError(`SHUTDOWN_TIMEOUT_SECONDS=${config.shutdownTimeoutSeconds} is invalid: it must exceed `
      + `DRAIN_DELAY_SECONDS=${config.drainDelaySeconds}, or every shutdown would be cut short`);
  }
  return config;
}
