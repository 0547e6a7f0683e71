/**
 * Parsers for single environment variables. Each throws a ConfigError whose message names the
 * variable, the value and what was expected: a typo in a Deployment manifest should fail the
 * pod at start with that one line, not surface later as odd behaviour.
 */
import { isIP } from 'node:net';
import type { EnvRange } from '../../../lib/model-serving/server-env';

/** A setting is invalid; the message names the variable and its value. */
export class ConfigError extends Error {}

/** The environment as a plain record (process.env, or whatever a test or the construct supplies). */
export type Env = Readonly<Record<string, string | undefined>>;

/** The value, or undefined when the variable is unset or empty. */
export function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

const invalid = (name: string, value: string, expected: string) =>
  new ConfigError(`${name}=${JSON.stringify(value)} is invalid: expected ${expected}`);

/** A whole number within [min, max]. */
export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) throw invalid(name, value, `an integer from ${min} to ${max}`);
  return parsed;
}

/** A whole number within the contract's range (`range.min` lowered to `minOverride`, e.g. port 0 in tests). */
export function contractInteger(env: Env, range: EnvRange, minOverride = range.min): number {
  return integer(env, range.name, range.default, minOverride, range.max);
}

/**
 * Like contractInteger, but undefined when the variable is unset or empty: for settings whose
 * absence switches a feature off (GRPC_PORT: no gRPC listener), the contract's default is the
 * construct's prop default, not the server's.
 */
export function optionalContractInteger(env: Env, range: EnvRange, minOverride = range.min): number | undefined {
  return raw(env, range.name) === undefined ? undefined : contractInteger(env, range, minOverride);
}

/**
 * A number of seconds within [min, max]. Fractions are accepted (tests use short timeouts);
 * every whole number the construct writes is in range because the range comes from the contract.
 */
export function seconds(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const parsed = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) throw invalid(name, value, `a number of seconds from ${min} to ${max}`);
  return parsed;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** A model name or version: it becomes a URL path segment and a metric label. */
export function name(env: Env, variable: string, fallback: string): string {
  const value = raw(env, variable) ?? fallback;
  if (!NAME_PATTERN.test(value) || value.length > 128) throw invalid(variable, value, "letters, digits, '.', '_' or '-' (max 128)");
  return value;
}

const HOSTNAME_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** An IP address or a DNS hostname to listen on; undefined when unset. */
export function host(env: Env, variable: string): string | undefined {
  const value = raw(env, variable);
  if (value === undefined || isIP(value) !== 0) return value;
  if (value.length <= 253 && value.split('.').every((label) => HOSTNAME_LABEL.test(label))) return value;
  throw invalid(variable, value, 'an IP address (e.g. 0.0.0.0 or ::) or a hostname');
}

/** `true` or `false`. */
export function boolean(env: Env, variable: string, fallback: boolean): boolean {
  const value = raw(env, variable);
  if (value === undefined) return fallback;
  if (value === 'true' || value === 'false') return value === 'true';
  throw invalid(variable, value, 'true or false');
}

/** One of `allowed`. */
export function oneOf(env: Env, variable: string, fallback: string, allowed: readonly string[]): string {
  const value = raw(env, variable) ?? fallback;
  if (!allowed.includes(value)) throw invalid(variable, value, `one of ${allowed.join(', ')}`);
  return value;
}
