import { Yaml } from 'cdk8s';

/**
 * A YAML writer for Kubernetes manifests that produces exactly the bytes of cdk8s's
 * `Yaml.stringify` (the `yaml` package, YAML 1.1, no line folding) at a fraction of its cost.
 *
 * Why: at a few hundred model versions, cdk8s's writer is most of the synth time (see
 * BENCHMARKS.md). The block layout of maps and sequences is written here. Scalars and keys are
 * written directly when they cannot need quoting (`isPlainSafe`); every other one is rendered once
 * by cdk8s's own `Yaml.stringify` and memoised, so its quoting decisions (YAML 1.1 booleans such as
 * `yes`, numeric-looking strings such as "9090", indicators, quotes) are the package's. Anything
 * whose rendering depends on where it stands — multi-line strings, document markers (`---`, `...`),
 * shared objects (which the package writes as anchors and aliases), keys long enough to need the
 * explicit `? ` form, non-plain objects — sends the whole document to `Yaml.stringify`.
 *
 * `manifestYamlPath(doc)` tells which of the two paths a document takes.
 */

/** The path `manifestToYaml` takes for a document, and why it falls back when it does. */
export type ManifestYamlPath = { readonly path: 'fast' } | { readonly path: 'fallback'; readonly reason: string };

/**
 * One document, byte-identical to cdk8s's `Yaml.stringify(doc)`: written by the fast block writer
 * when every part of it allows, otherwise by `Yaml.stringify` itself.
 */
export function manifestToYaml(doc: unknown): string {
  const fast = writeFast(doc);
  return typeof fast === 'string' ? fast : Yaml.stringify(doc);
}

/** Which path `manifestToYaml(doc)` takes: the fast writer, or the `yaml` package and why. */
export function manifestYamlPath(doc: unknown): ManifestYamlPath {
  const fast = writeFast(doc);
  return typeof fast === 'string' ? { path: 'fast' } : { path: 'fallback', reason: fast.reason };
}

/** Why the fast writer cannot write a document (a value, not an Error: no stack trace to capture). */
class Unsupported {
  constructor(public readonly reason: string) {}
}

function writeFast(doc: unknown): string | Unsupported {
  if (!isPlainObject(doc)) return new Unsupported('the document is not a plain object');
  if (isEmpty(doc)) return new Unsupported('the document is an empty object');
  const writer = new BlockWriter();
  try {
    writer.map(doc, '', '', '');
    return writer.out;
  } catch (error) {
    if (error instanceof Unsupported) return error;
    throw error;
  }
}

type Scalar = string | number | boolean | null | undefined;

const isScalar = (v: unknown): v is Scalar =>
  v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

function isEmpty(value: object): boolean {
  for (const _ in value) return false;
  return true;
}

/**
 * Appends block lines to `out`. `lead` replaces the indentation of the first line: a map or
 * sequence inside a sequence starts on its parent's `- ` line, as the `yaml` package writes it.
 */
class BlockWriter {
  public out = '';
  /** Every collection met so far: one met twice would be an anchor and alias in the package's output. */
  private readonly seen = new Set<object>();

  public map(value: Record<string, unknown>, indent: string, lead: string, at: string): void {
    this.enter(value, at);
    let prefix = lead;
    const childIndent = `${indent}  `;
    for (const key of Object.keys(value)) {
      const child = value[key];
      const k = renderKey(key, at);
      if (isScalar(child)) {
        this.out += `${prefix}${k}: ${renderScalar(child) ?? unsupportedScalar(child, `${at}.${key}`)}\n`;
      } else if (Array.isArray(child)) {
        if (child.length === 0) {
          this.enter(child, at);
          this.out += `${prefix}${k}: []\n`;
        } else {
          this.out += `${prefix}${k}:\n`;
          this.sequence(child, childIndent, childIndent, `${at}.${key}`);
        }
      } else if (isPlainObject(child)) {
        if (isEmpty(child)) {
          this.enter(child, at);
          this.out += `${prefix}${k}: {}\n`;
        } else {
          this.out += `${prefix}${k}:\n`;
          this.map(child, childIndent, childIndent, `${at}.${key}`);
        }
      } else {
        throw new Unsupported(`${describe(child)} at ${at}.${key}`);
      }
      prefix = indent;
    }
  }

  public sequence(items: unknown[], indent: string, lead: string, at: string): void {
    this.enter(items, at);
    let prefix = lead;
    const childIndent = `${indent}  `;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (isScalar(item)) {
        this.out += `${prefix}- ${renderScalar(item) ?? unsupportedScalar(item, `${at}[${i}]`)}\n`;
      } else if (Array.isArray(item)) {
        if (item.length === 0) {
          this.enter(item, at);
          this.out += `${prefix}- []\n`;
        } else {
          this.sequence(item, childIndent, `${prefix}- `, `${at}[${i}]`);
        }
      } else if (isPlainObject(item)) {
        if (isEmpty(item)) {
          this.enter(item, at);
          this.out += `${prefix}- {}\n`;
        } else {
          this.map(item, childIndent, `${prefix}- `, `${at}[${i}]`);
        }
      } else {
        throw new Unsupported(`${describe(item)} at ${at}[${i}]`);
      }
      prefix = indent;
    }
  }

  private enter(collection: object, at: string): void {
    if (this.seen.has(collection)) throw new Unsupported(`an object that appears twice (an alias) at ${at || 'the top'}`);
    this.seen.add(collection);
  }
}

function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return `a ${typeof value}`;
  return `an instance of ${value.constructor?.name ?? 'a class without prototype'}`;
}

/**
 * Strings that the `yaml` package writes as they are, in any position: a letter or digit, then
 * letters, digits and `._/-` (so `iris-1-0-0`, `ghcr.io/example/iris-server`, `1.2.0`, `500m`) —
 * minus those that would read back as something else than a string under YAML 1.1, which the
 * package quotes: booleans and null (`yes`, `Off`, `NULL`), integers (`8080`, `0x1F`, `0b101`,
 * `1_000`), floats (`1.5`, `1e3`, `e5`) and dates (`2026-11-27`). These are the package's YAML 1.1
 * tag patterns restricted to that alphabet (where sexagesimals, times, `.inf`, `.nan` and `<<`
 * cannot occur); test/synth/manifest-yaml.test.ts checks the rule against the package on every
 * short string of the alphabet and on many longer ones. Up to 1,000 characters: a key over 1,024
 * takes the explicit `? ` form.
 */
const PLAIN_SAFE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,999}$/;
const YAML11_NOT_A_STRING = new RegExp('^(?:'
  + '[Yy]|[Yy]es|YES|[Nn]|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF|[Nn]ull|NULL' // booleans, null
  + '|[0-9][0-9_]*(?:\\.[0-9_]*)?' // decimal and octal integers, fixed floats
  + '|(?:[0-9][0-9_]*)?(?:\\.[0-9_]*)?[eE]-?[0-9]+' // exponent floats
  + '|0b[0-1_]+|0x[0-9a-fA-F_]+' // binary and hexadecimal integers
  + '|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}' // dates
  + ')$');

/** Whether the `yaml` package writes `text` unquoted and unchanged, as a key or a value, at any depth. */
export function isPlainSafe(text: string): boolean {
  return PLAIN_SAFE.test(text) && !YAML11_NOT_A_STRING.test(text);
}

/**
 * The package writes a string that starts a line with `---` or `...` (document markers)
 * differently at the top level and below it, so such a string has no single rendering to memoise.
 */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)/m;

const keyMemo = new Map<string, string>();
const stringMemo = new Map<string, string>();
const numberMemo = new Map<number, string>();

function renderKey(key: string, at: string): string {
  if (isPlainSafe(key)) return key;
  let text = keyMemo.get(key);
  if (text === undefined) {
    if (DOCUMENT_MARKER.test(key)) throw new Unsupported(`the key ${JSON.stringify(key)} (a document marker) at ${at || 'the top'}`);
    const line = Yaml.stringify({ [key]: null });
    if (!line.endsWith(': null\n') || line.indexOf('\n') !== line.length - 1) {
      throw new Unsupported(`the key ${JSON.stringify(key.slice(0, 40))} (not a one-line implicit key) at ${at || 'the top'}`);
    }
    text = line.slice(0, -': null\n'.length);
    keyMemo.set(key, text);
  }
  return text;
}

/** A scalar as the package writes it in any position, or undefined when that depends on the position. */
function renderScalar(value: Scalar): string | undefined {
  switch (typeof value) {
    case 'string': {
      if (isPlainSafe(value)) return value;
      let text = stringMemo.get(value);
      if (text === undefined) {
        if (DOCUMENT_MARKER.test(value)) return undefined;
        const rendered = Yaml.stringify(value);
        if (rendered.indexOf('\n') !== rendered.length - 1) return undefined; // a block scalar
        text = rendered.slice(0, -1);
        stringMemo.set(value, text);
      }
      return text;
    }
    case 'number': {
      // Safe integers print as JavaScript prints them; -0, fractions and huge values go through the package.
      if (Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
      if (Object.is(value, -0)) return '-0';
      let text = numberMemo.get(value);
      if (text === undefined) {
        text = Yaml.stringify(value).slice(0, -1);
        numberMemo.set(value, text);
      }
      return text;
    }
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      // null, and undefined (cdk8s's writer keeps undefined values and writes them as null)
      return 'null';
  }
}

function unsupportedScalar(value: Scalar, at: string): never {
  const what = typeof value === 'string' && DOCUMENT_MARKER.test(value) ? 'a string starting a line with a document marker' : 'a multi-line scalar';
  throw new Unsupported(`${what} at ${at}`);
}
