import { parseQuantity } from '../quantities';
import { PropPath, ValidationError, Violation } from './violation';

/**
 * Collects the violations of one construct's props as data. A checker is rooted at a prop path
 * (`at('versions', 1)` gives the checker of one version), so rules name fields, not strings to
 * parse later. Each check is skipped when the value is undefined (the default applies) and returns
 * whether the value passed, so a rule can stop checking what depends on it.
 */
export class PropChecker {
  private readonly found: Violation[];

  constructor(private readonly prefix: PropPath = [], found?: Violation[]) {
    this.found = found ?? [];
  }

  /** The checker of a nested prop; its violations are collected with this one's. */
  public at(...segments: (string | number)[]): PropChecker {
    return new PropChecker([...this.prefix, ...segments], this.found);
  }

  /** Records that `key` (relative to this checker; none = the checker's own path) breaks `requirement`. */
  public fail(key: string | number | undefined, requirement: string, value: unknown, shownValue?: string): void {
    this.found.push({ path: this.path(key), requirement, value, ...(shownValue !== undefined ? { shownValue } : {}) });
  }

  /** Records that the key `key` of the entry itself is wrong (an env var or label name). */
  public failKey(key: string, requirement: string): void {
    this.found.push({ path: this.path(key), requirement, value: key, key: true });
  }

  /** A value that has no default: it must be given. */
  public required(key: string | number | undefined, value: unknown): boolean {
    if (value !== undefined && value !== null) return true;
    this.fail(key, 'be set', value);
    return false;
  }

  /** An integer in [min, max]. */
  public integer(key: string | number | undefined, value: number | undefined, min: number, max: number): boolean {
    if (value === undefined) return true;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(key, `be an integer between ${min} and ${max}`, value);
      return false;
    }
    return true;
  }

  /**
   * A finite number in [min, max] (fractions allowed); `above` excludes `min` itself, for a
   * threshold that must be positive.
   */
  public number(key: string | number | undefined, value: number | undefined, min: number, max: number, above = false): boolean {
    if (value === undefined) return true;
    if (typeof value !== 'number' || !Number.isFinite(value) || (above ? value <= min : value < min) || value > max) {
      this.fail(key, `be a number ${above ? `above ${min} and at most` : `between ${min} and`} ${max}`, value);
      return false;
    }
    return true;
  }

  /** A string matching `pattern`; `description` completes "must be …". */
  public matches(key: string | number | undefined, value: string | undefined, pattern: RegExp, description: string): boolean {
    if (value === undefined) return true;
    if (typeof value !== 'string' || !pattern.test(value)) {
      this.fail(key, `be ${description}`, value);
      return false;
    }
    return true;
  }

  /** A positive Kubernetes quantity; `milli` requires at most 3 decimals (CPU). */
  public quantity(key: string | number | undefined, value: string | undefined, milli = false): boolean {
    if (value === undefined) return true;
    const parsed = typeof value === 'string' ? parseQuantity(value) : undefined;
    if (!parsed || parsed.nanos <= 0n || (milli && parsed.nanos % 1_000_000n !== 0n)) {
      this.fail(key, `be a positive Kubernetes quantity such as ${milli ? '"500m" or "2"' : '"512Mi" or "4Gi"'}`, value);
      return false;
    }
    return true;
  }

  /** A value among `allowed`. */
  public oneOf<T>(key: string | number | undefined, value: T | undefined, allowed: readonly T[]): boolean {
    if (value === undefined || allowed.includes(value)) return true;
    this.fail(key, `be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, value);
    return false;
  }

  /** Every violation recorded so far (by this checker and every checker derived from it). */
  public get violations(): readonly Violation[] {
    return this.found;
  }

  /** Throws one `ValidationError` for `owner` listing every violation, if there is any. */
  public throwIfInvalid(owner: string): void {
    if (this.found.length > 0) throw new ValidationError(owner, [...this.found]);
  }

  private path(key: string | number | undefined): PropPath {
    return key === undefined ? this.prefix : [...this.prefix, key];
  }
}
