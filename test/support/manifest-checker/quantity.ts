/**
 * Kubernetes resource.Quantity for the checker: exact parsing (BigInt, no floats), comparison, and the
 * API server's canonical spelling (a port of apimachinery's Quantity.String()).
 *
 * Written independently of lib/quantities.ts on purpose: a checker that reused the code under test
 * would agree with its bugs.
 */

/** Exact value as a fraction numerator/denominator, plus the format family Kubernetes keeps when printing. */
export interface Quantity {
  readonly numerator: bigint;
  readonly denominator: bigint;
  readonly format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
}

const DECIMAL_SUFFIX_EXPONENT: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX_POWER: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
// Same grammar as apimachinery's ParseQuantity: sign, digits with optional fraction, one suffix.
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

/** Parses `500m`, `1.5Gi`, `1e3`, `2` (YAML numbers too); undefined when the text is not a quantity. */
export function parseQuantity(value: unknown): Quantity | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? numberToPlainString(value) : value;
  if (typeof text !== 'string') return undefined;
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign, digits, suffix = ''] = match;
  const [whole, fraction = ''] = digits.split('.');
  let numerator = BigInt((whole || '0') + fraction) * (sign === '-' ? -1n : 1n);
  let denominator = 10n ** BigInt(fraction.length);
  let format: Quantity['format'] = 'DecimalSI';
  let exponent10 = 0;
  if (suffix in BINARY_SUFFIX_POWER) {
    format = 'BinarySI';
    numerator *= 1024n ** BigInt(BINARY_SUFFIX_POWER[suffix]);
  } else if (suffix in DECIMAL_SUFFIX_EXPONENT) {
    exponent10 = DECIMAL_SUFFIX_EXPONENT[suffix];
  } else {
    format = 'DecimalExponent';
    exponent10 = Number(suffix.slice(1));
  }
  if (exponent10 >= 0) numerator *= 10n ** BigInt(exponent10);
  else denominator *= 10n ** BigInt(-exponent10);
  return { numerator, denominator, format };
}

/** Sign of a - b. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** How the API server prints the quantity (`1000m` → `1`, `0.5` → `500m`, `1024Mi` → `1Gi`, `1000` → `1k`). */
export function canonicalQuantity(q: Quantity): string {
  // The API server keeps at most nano precision and rounds finer values up (away from zero for positives).
  const nanos = ceilDiv(q.numerator * 10n ** 9n, q.denominator);
  if (nanos === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const absolute = nanos < 0n ? -nanos : nanos;
    // Below 1Ki or with a fractional byte count, Kubernetes falls back to the decimal family.
    if (absolute < 1024n * 10n ** 9n || nanos % 10n ** 9n !== 0n) format = 'DecimalSI';
    else return base1024(nanos / 10n ** 9n);
  }
  let mantissa = nanos;
  let exponent = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent += 1;
  }
  // Exponents are printed in multiples of 3 (the SI suffixes): move the remainder back into the mantissa.
  const remainder = ((exponent % 3) + 3) % 3;
  mantissa *= 10n ** BigInt(remainder);
  exponent -= remainder;
  if (format === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  const suffix = Object.keys(DECIMAL_SUFFIX_EXPONENT).find((s) => DECIMAL_SUFFIX_EXPONENT[s] === exponent);
  return suffix === undefined ? `${mantissa}e${exponent}` : `${mantissa}${suffix}`;
}

function base1024(bytes: bigint): string {
  let mantissa = bytes;
  let power = 0;
  while (power < BINARY_SUFFIXES.length - 1 && mantissa % 1024n === 0n) {
    mantissa /= 1024n;
    power += 1;
  }
  return `${mantissa}${BINARY_SUFFIXES[power]}`;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const quotient = a / b;
  return a % b !== 0n && a > 0n === b > 0n ? quotient + 1n : quotient;
}

/** 1e-7 stays a quantity-shaped string instead of JavaScript's "1e-7" exponent spelling only where it must. */
function numberToPlainString(value: number): string {
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(9).replace(/\.?0+$/, '') : text;
}
