import { parseQuantity } from '../quantities';

/**
 * Collects the violations of one construct's props. Every message names the prop path and the
 * offending value: `ModelServing "iris": versions[1].weight must be an integer between 0 and
 * 1000000, but -5 was provided`.
 */
export class PropChecker {
  private readonly violations: string[] = [];

  constructor(private readonly owner: string) {}

  /** Records a violation: `<path> must <requirement>, but <value> was provided`. */
  public fail(path: string, requirement: string, value: unknown): void {
    this.violations.push(`${this.owner}: ${path} must ${requirement}, but ${show(value)} was provided`);
  }

  /** Records a violation with a message of its own. */
  public problem(message: string): void {
    this.violations.push(`${this.owner}: ${message}`);
  }

  /** An integer in [min, max] (skipped when undefined). */
  public integer(path: string, value: number | undefined, min: number, max: number): boolean {
    if (value === undefined) return true;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(path, `be an integer between ${min} and ${max}`, value);
      return false;
    }
    return true;
  }

  /** A string matching `pattern` (skipped when undefined). */
  public matches(path: string, value: string | undefined, pattern: RegExp, description: string): boolean {
    if (value === undefined) return true;
    if (typeof value !== 'string' || !pattern.test(value)) {
      this.fail(path, `be ${description}`, value);
      return false;
    }
    return true;
  }

  /** A positive Kubernetes quantity (skipped when undefined); `milli` requires at most 3 decimals (CPU). */
  public quantity(path: string, value: string | undefined, milli = false): boolean {
    if (value === undefined) return true;
    const parsed = typeof value === 'string' ? parseQuantity(value) : undefined;
    if (!parsed || parsed.nanos <= 0n || (milli && parsed.nanos % 1_000_000n !== 0n)) {
      this.fail(path, `be a positive Kubernetes quantity such as ${milli ? '"500m" or "2"' : '"512Mi" or "4Gi"'}`, value);
      return false;
    }
    return true;
  }

  /** A value among `allowed` (skipped when undefined). */
  public oneOf<T>(path: string, value: T | undefined, allowed: readonly T[]): boolean {
    if (value === undefined || allowed.includes(value)) return true;
    this.fail(path, `be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, value);
    return false;
  }

  /** Throws one Error listing every violation, if there is any. */
  public throwIfInvalid(): void {
    if (this.violations.length > 0) throw new Error(this.violations.join('\n'));
  }
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** DNS-1035 label: Service names, and so the model name. */
export const DNS_1035_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** DNS-1123 label: namespaces. */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** DNS-1123 subdomain: most object names (Secrets, ServiceAccounts, classes). */
export const DNS_1123_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A host name for Ingress or HTTPRoute: lowercase, no scheme, no port; a leading `*.` wildcard allowed. */
export const HOSTNAME = /^(\*\.)?(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A Kubernetes label value, non-empty. */
export const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** An optional-prefix label key. */
export const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** An environment variable name (C identifier). */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** An HTTP header name (RFC 7230 token, lowercase for Gateway API matching). */
export const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
/** A Prometheus duration such as 30s or 1m. */
export const DURATION = /^(\d+(ms|s|m|h))+$/;
/**
 * An OCI image reference: `[registry[:port]/]repo[/path][:tag][@sha256:<64 hex>]`, lowercase
 * repository, tag of at most 128 characters.
 */
export const IMAGE_REFERENCE = /^(?:(?:[a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
