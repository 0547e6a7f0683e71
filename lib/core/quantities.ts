/**
 * Kubernetes resource quantities, parsed exactly and printed in the API server's canonical form.
 *
 * Why: the API server rewrites `1000m` to `1` and `1024Mi` to `1Gi`. If dist/ holds the
 * non-canonical spelling, Argo CD compares it with the live object and stays OutOfSync forever.
 * Emitting the canonical form makes the committed YAML equal to what the cluster stores.
 */

const DECIMAL_SUFFIXES: Array<[string, bigint]> = [
  ['E', 10n ** 27n], ['P', 10n ** 24n], ['T', 10n ** 21n], ['G', 10n ** 18n], ['M', 10n ** 15n], ['k', 10n ** 12n],
  ['', 10n ** 9n], ['m', 10n ** 6n], ['u', 10n ** 3n], ['n', 1n],
];
const BINARY_SUFFIXES: Array<[string, bigint]> = [
  ['Ei', 1024n ** 6n], ['Pi', 1024n ** 5n], ['Ti', 1024n ** 4n], ['Gi', 1024n ** 3n], ['Mi', 1024n ** 2n], ['Ki', 1024n],
];
const NANOS_PER_UNIT = 10n ** 9n;
const QUANTITY_PATTERN = /^(\d+)(?:\.(\d+))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

/** A parsed quantity: its exact value in billionths of the unit (nano-cores, nano-bytes). */
export interface ParsedQuantity {
  /** The value in units of 10^-9. */
  readonly nanos: bigint;
  /** Whether the input used a binary suffix (Ki, Mi, ...): the canonical form keeps that family. */
  readonly binary: boolean;
}

/** Parses a quantity string such as `500m`, `1.5`, `512Mi` or `1e3`; `undefined` when malformed or finer than 1n. */
export function parseQuantity(text: string): ParsedQuantity | undefined {
  const match = QUANTITY_PATTERN.exec(text);
  if (!match) return undefined;
  const [, whole, fraction = '', suffix = '', exponent] = match;
  const numerator = BigInt(whole + fraction);
  let denominatorPower = BigInt(fraction.length);
  let scale: bigint;
  if (exponent !== undefined) {
    const e = BigInt(exponent);
    if (e > 30n || e < -9n) return undefined;
    denominatorPower -= e;
    scale = NANOS_PER_UNIT;
  } else {
    const binary = BINARY_SUFFIXES.find(([s]) => s === suffix);
    scale = binary ? binary[1] * NANOS_PER_UNIT : DECIMAL_SUFFIXES.find(([s]) => s === suffix)![1];
  }
  let nanos = numerator * scale;
  if (denominatorPower < 0n) {
    nanos *= 10n ** -denominatorPower;
  } else {
    const divisor = 10n ** denominatorPower;
    if (nanos % divisor !== 0n) return undefined;
    nanos /= divisor;
  }
  return { nanos, binary: suffix.endsWith('i') };
}

/** The API server's canonical spelling of a parsed quantity (`1000m` → `1`, `1024Mi` → `1Gi`, `0.5` → `500m`). */
export function formatQuantity(quantity: ParsedQuantity): string {
  const { nanos } = quantity;
  if (nanos === 0n) return '0';
  if (quantity.binary && nanos % NANOS_PER_UNIT === 0n) {
    const bytes = nanos / NANOS_PER_UNIT;
    for (const [suffix, factor] of BINARY_SUFFIXES) {
      if (bytes % factor === 0n) return `${bytes / factor}${suffix}`;
    }
    // Not a whole number of KiB: Kubernetes prints it in the decimal family.
  }
  for (const [suffix, factor] of DECIMAL_SUFFIXES) {
    if (nanos % factor === 0n) return `${nanos / factor}${suffix}`;
  }
  return `${nanos}n`;
}

/** Canonical form of a quantity string; throws on a malformed one (validate first for a friendly message). */
export function canonicalQuantity(text: string): string {
  const parsed = parseQuantity(text);
  if (!parsed) throw new Error(`"${text}" is not a Kubernetes quantity`);
  return formatQuantity(parsed);
}
