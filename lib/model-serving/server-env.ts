/**
 * The environment contract between the pods `ModelServing` writes and the model server that runs
 * in them: the variable names, and the range of every numeric one.
 *
 * Both sides read this one file — the construct to validate its props and write the env, the
 * serving image (serving-image/src/operations/config.ts compiles it too) to accept it — so the
 * construct can never write a value the server refuses to start with. It has no imports, so the
 * image can build it without the library's dependencies.
 */

/** A whole-number setting and the range both sides accept. */
export interface EnvRange {
  /** The environment variable. */
  readonly name: string;
  /** Lowest accepted value. */
  readonly min: number;
  /** Highest accepted value. */
  readonly max: number;
  /** Value when the variable is unset (and the construct's prop default). */
  readonly default: number;
}

/** Seconds the server keeps serving after SIGTERM while readiness answers 503. */
export const DRAIN_DELAY_SECONDS: EnvRange = { name: 'DRAIN_DELAY_SECONDS', min: 0, max: 300, default: 5 };

/** The most time one request may take, from its first byte to its response; the server enforces it. */
export const REQUEST_TIMEOUT_SECONDS: EnvRange = { name: 'REQUEST_TIMEOUT_SECONDS', min: 1, max: 3600, default: 30 };

/** Port of the HTTP API (the container's `http` port). */
export const PORT: EnvRange = { name: 'PORT', min: 1, max: 65535, default: 8080 };

/** Port of the Prometheus `/metrics` listener (the container's `metrics` port). */
export const METRICS_PORT: EnvRange = { name: 'METRICS_PORT', min: 1, max: 65535, default: 9090 };

/**
 * Port of the Open Inference Protocol gRPC listener (the container's `grpc` port). The construct
 * writes it only with its `grpc` prop, which also puts the port on the Services, routes and
 * NetworkPolicy, and refuses it in `env`: a user value would move the listener off the exposed port.
 */
export const GRPC_PORT: EnvRange = { name: 'GRPC_PORT', min: 1, max: 65535, default: 8081 };

/** Names of the string settings the construct writes. */
export const MODEL_NAME = 'MODEL_NAME';
export const MODEL_VERSION = 'MODEL_VERSION';
/** Directory holding the model when it is fetched or mounted (`versions[].modelUri`). */
export const MODEL_DIR = 'MODEL_DIR';
/**
 * The server's hard deadline for a graceful shutdown. The server derives it from the drain delay and
 * the request timeout (staying below the pod's grace period), so the construct does not write it —
 * and refuses it in `env`, where a larger value would outlive the grace period.
 */
export const SHUTDOWN_TIMEOUT_SECONDS = 'SHUTDOWN_TIMEOUT_SECONDS';

/**
 * Every variable the construct controls: those it writes from its props, and the shutdown deadline
 * the server derives from them. A user `env` entry of the same name would be silently replaced or
 * would break the grace-period arithmetic, so validation refuses them.
 */
export const CONSTRUCT_WRITTEN_ENV: readonly string[] = [
  MODEL_NAME, MODEL_VERSION, MODEL_DIR, PORT.name, METRICS_PORT.name, GRPC_PORT.name, DRAIN_DELAY_SECONDS.name, REQUEST_TIMEOUT_SECONDS.name,
  SHUTDOWN_TIMEOUT_SECONDS,
];

/**
 * Seconds Kubernetes waits after SIGTERM before SIGKILL: the drain delay, then at most one request
 * timeout for the requests in flight, plus slack for the process to exit.
 */
export function terminationGracePeriodSeconds(drainDelaySeconds: number, requestTimeoutSeconds: number): number {
  return drainDelaySeconds + requestTimeoutSeconds + 5;
}
