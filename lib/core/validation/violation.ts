/**
 * The one validation model of the library: a violation is data — the prop path, the requirement
 * and the rejected value — and `ValidationError` carries every violation of one construct at once.
 *
 * Messages are derived from the data (`versions[1].weight must be an integer between 0 and 1000000,
 * but -5 was provided`), never the other way round: the models.yaml loader places an error at the
 * line of `path`, so rewording a requirement can never move an error position.
 */

/**
 * A path into a construct's props: object keys and list indexes, e.g. `['versions', 1, 'weight']`.
 * @category Validation
 */
export type PropPath = readonly (string | number)[];

/**
 * One prop that breaks one rule.
 * @category Validation
 */
export interface Violation {
  /** Where: the prop path (for `key` violations, the path of the entry whose key is wrong). */
  readonly path: PropPath;
  /** What the value must do, completing "<path> must …", e.g. `be an integer between 0 and 100`. */
  readonly requirement: string;
  /** The rejected value (the key itself for `key` violations). */
  readonly value: unknown;
  /**
   * The key of the entry at `path` is the problem (an env var or label name), not its value.
   * @default false
   */
  readonly key?: boolean;
  /**
   * How to show the value when the raw value would not read well (a count, a summary).
   * @default - the value, quoted and shortened to 100 characters
   */
  readonly shownValue?: string;
}

/** Longest excerpt of a rejected value quoted in a message: enough to recognise it, never a whole payload. */
const MAX_SHOWN = 100;

/** `versions[1].weight` (keys that are not plain identifiers are quoted: `env["bad name"]`). */
export function formatPropPath(path: PropPath): string {
  return path.map((segment, i) => {
    if (typeof segment === 'number') return `[${segment}]`;
    if (!/^[A-Za-z_][\w-]*$/.test(segment)) return `[${JSON.stringify(segment)}]`;
    return i === 0 ? segment : `.${segment}`;
  }).join('');
}

/** The value as JSON (strings quoted), cut to a short excerpt. */
export function showValue(value: unknown): string {
  let text: string;
  if (value === undefined) {
    text = 'nothing';
  } else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 3)}...` : text;
}

/** `<path> must <requirement>, but <value> was provided`. */
export function describeViolation(violation: Violation): string {
  const subject = violation.key ? `${formatPropPath(violation.path.slice(0, -1))} key` : formatPropPath(violation.path);
  const shown = violation.shownValue ?? showValue(violation.value);
  return `${subject} must ${violation.requirement}, but ${shown} was provided`;
}

/**
 * Thrown by a construct whose props break rules: one line per violation, each prefixed with the
 * construct (`ModelServing "iris": …`), all of them at once.
 * @category Validation
 */
export class ValidationError extends Error {
  /** Who rejected the props, e.g. `ModelServing "iris"`. */
  public readonly owner: string;
  /** Every violation found, in rule order. */
  public readonly violations: readonly Violation[];

  constructor(owner: string, violations: readonly Violation[]) {
    super(violations.map((v) => `${owner}: ${describeViolation(v)}`).join('\n'));
    this.name = 'ValidationError';
    this.owner = owner;
    this.violations = violations;
  }
}
