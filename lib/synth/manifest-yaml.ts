import * as YAML from 'yaml';

/**
 * A YAML writer for Kubernetes manifests that produces exactly the bytes of cdk8s's
 * `Yaml.stringify` (the `yaml` package, YAML 1.1, no line folding) at a fraction of its cost.
 *
 * Why: at a few hundred model versions, cdk8s's writer is most of the synth time (see
 * BENCHMARKS.md). Every scalar and key is still rendered by the `yaml` package itself and
 * memoised, so quoting decisions (YAML 1.1 booleans such as `yes`, numeric-looking strings such as
 * "9090", indicators, quotes) are the package's own; only the block layout of maps and sequences is
 * written here. Anything unusual (multi-line scalars, sequences directly inside sequences,
 * non-plain objects) falls back to the package for the whole document.
 */
const OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' as const };
const keyMemo = new Map<string, string>();
const scalarMemo = new Map<unknown, string>();

class Unsupported extends Error {}

type Scalar = string | number | boolean | null;
const isScalar = (v: unknown): v is Scalar => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

function renderKey(key: string): string {
  let text = keyMemo.get(key);
  if (text === undefined) {
    const line = YAML.stringify({ [key]: null }, OPTIONS);
    if (!line.endsWith(': null\n') || line.indexOf('\n') !== line.length - 1) throw new Unsupported();
    text = line.slice(0, -': null\n'.length);
    keyMemo.set(key, text);
  }
  return text;
}

function renderScalar(value: Scalar): string {
  let text = scalarMemo.get(value);
  if (text === undefined) {
    const line = YAML.stringify(value, OPTIONS);
    if (line.indexOf('\n') !== line.length - 1) throw new Unsupported(); // multi-line or block scalar
    text = line.slice(0, -1);
    scalarMemo.set(value, text);
  }
  return text;
}

/** Appends `value` (a map or a sequence) as block lines at `indent`. */
function writeBlock(value: Record<string, unknown> | unknown[], indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isScalar(item)) {
        out.push(`${indent}- ${renderScalar(item)}\n`);
      } else if (isPlainObject(item) && Object.keys(item).length > 0) {
        // The first pair shares the "- " line; the others align under it.
        const lines: string[] = [];
        writeBlock(item, `${indent}  `, lines);
        out.push(`${indent}- ${lines[0].slice(indent.length + 2)}`, ...lines.slice(1));
      } else if (Array.isArray(item) && item.length === 0) {
        out.push(`${indent}- []\n`);
      } else if (isPlainObject(item)) {
        out.push(`${indent}- {}\n`);
      } else {
        throw new Unsupported();
      }
    }
    return;
  }
  for (const key of Object.keys(value)) {
    const child = value[key];
    const k = renderKey(key);
    if (isScalar(child)) {
      out.push(`${indent}${k}: ${renderScalar(child)}\n`);
    } else if (Array.isArray(child) || isPlainObject(child)) {
      const empty = Array.isArray(child) ? child.length === 0 : Object.keys(child).length === 0;
      if (empty) {
        out.push(`${indent}${k}: ${Array.isArray(child) ? '[]' : '{}'}\n`);
      } else {
        out.push(`${indent}${k}:\n`);
        writeBlock(child, `${indent}  `, out);
      }
    } else {
      throw new Unsupported();
    }
  }
}

/** One document, byte-identical to cdk8s's `Yaml.stringify(doc)`. */
export function manifestToYaml(doc: unknown): string {
  if (!isPlainObject(doc) || Object.keys(doc).length === 0) return YAML.stringify(doc, OPTIONS);
  try {
    const out: string[] = [];
    writeBlock(doc, '', out);
    return out.join('');
  } catch (error) {
    if (error instanceof Unsupported) return YAML.stringify(doc, OPTIONS);
    throw error;
  }
}
