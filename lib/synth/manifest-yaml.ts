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
  const keys = Object.keys(doc);
  if (keys.length === 0) return new Unsupported('the document is an empty object');
  const writer = new BlockWriter();
  try {
    writer.map(doc, keys, '', '');
    return writer.out.join('');
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

/**
 * Appends block lines to `out`. `lead` replaces the indentation of the first line: a map or
 * sequence inside a sequence starts on its parent's `- ` line, as the `yaml` package writes it.
 */
class BlockWriter {
  /** The output, in pieces: joined once at the end, which allocates far less than growing one string. */
  public readonly out: string[] = [];
  /** Every collection met so far: one met twice would be an anchor and alias in the package's output. */
  private readonly seen = new Set<object>();
  /** Keys and indexes from the document to where the writer is, for the reason of a fallback. */
  private readonly path: Array<string | number> = [];

  public map(value: Record<string, unknown>, keys: string[], indent: string, lead: string): void {
    this.enter(value);
    let prefix = lead;
    const childIndent = `${indent}  `;
    for (const key of keys) {
      const child = value[key];
      const k = keyMemo.get(key) ?? this.renderKey(key);
      if (isScalar(child)) {
        this.out.push(prefix, k, ': ', this.scalar(child, key), '\n');
      } else if (Array.isArray(child)) {
        if (child.length === 0) {
          this.enter(child);
          this.out.push(prefix, k, ': []\n');
        } else {
          this.out.push(prefix, k, ':\n');
          this.path.push(key);
          this.sequence(child, childIndent, childIndent);
          this.path.pop();
        }
      } else if (isPlainObject(child)) {
        const childKeys = Object.keys(child);
        if (childKeys.length === 0) {
          this.enter(child);
          this.out.push(prefix, k, ': {}\n');
        } else {
          this.out.push(prefix, k, ':\n');
          this.path.push(key);
          this.map(child, childKeys, childIndent, childIndent);
          this.path.pop();
        }
      } else {
        throw new Unsupported(`${describe(child)} at ${this.at(key)}`);
      }
      prefix = indent;
    }
  }

  public sequence(items: unknown[], indent: string, lead: string): void {
    this.enter(items);
    let prefix = lead;
    const childIndent = `${indent}  `;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (isScalar(item)) {
        this.out.push(prefix, '- ', this.scalar(item, i), '\n');
      } else if (Array.isArray(item)) {
        if (item.length === 0) {
          this.enter(item);
          this.out.push(prefix, '- []\n');
        } else {
          this.path.push(i);
          this.sequence(item, childIndent, `${prefix}- `);
          this.path.pop();
        }
      } else if (isPlainObject(item)) {
        const itemKeys = Object.keys(item);
        if (itemKeys.length === 0) {
          this.enter(item);
          this.out.push(prefix, '- {}\n');
        } else {
          this.path.push(i);
          this.map(item, itemKeys, childIndent, `${prefix}- `);
          this.path.pop();
        }
      } else {
        throw new Unsupported(`${describe(item)} at ${this.at(i)}`);
      }
      prefix = indent;
    }
  }

  private scalar(value: Scalar, keyOrIndex: string | number): string {
    const text = typeof value === 'string' ? stringMemo.get(value) ?? renderString(value) : renderOther(value);
    if (text !== undefined) return text;
    const what = typeof value === 'string' && DOCUMENT_MARKER.test(value) ? 'a string starting a line with a document marker' : 'a multi-line scalar';
    throw new Unsupported(`${what} at ${this.at(keyOrIndex)}`);
  }

  private renderKey(key: string): string {
    const text = renderKey(key);
    if (text !== undefined) return text;
    const what = DOCUMENT_MARKER.test(key) ? 'a document marker' : 'not a one-line implicit key';
    throw new Unsupported(`the key ${JSON.stringify(key.slice(0, 40))} (${what}) at ${this.at()}`);
  }

  private enter(collection: object): void {
    if (this.seen.has(collection)) throw new Unsupported(`an object that appears twice (an alias) at ${this.at()}`);
    this.seen.add(collection);
  }

  /** Where the writer is, as `.spec.rules[0].name`, or "the top". */
  private at(last?: string | number): string {
    const path = last === undefined ? this.path : [...this.path, last];
    return path.length === 0 ? 'the top' : path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
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

/** Keys and strings as written, memoised: a fleet repeats the same few hundred many times over. */
const keyMemo = new Map<string, string>();
const stringMemo = new Map<string, string>();
const numberMemo = new Map<number, string>();

/** A key as the package writes it in a block map at any depth, or undefined when that depends on the position. */
function renderKey(key: string): string | undefined {
  let text: string | undefined = key;
  if (!isPlainSafe(key)) {
    if (DOCUMENT_MARKER.test(key)) return undefined;
    const line = Yaml.stringify({ [key]: null });
    if (!line.endsWith(': null\n') || line.indexOf('\n') !== line.length - 1) return undefined;
    text = line.slice(0, -': null\n'.length);
  }
  keyMemo.set(key, text);
  return text;
}

/** A string as the package writes it in any position, or undefined when that depends on the position. */
function renderString(value: string): string | undefined {
  let text = value;
  if (!isPlainSafe(value)) {
    if (DOCUMENT_MARKER.test(value)) return undefined;
    const rendered = Yaml.stringify(value);
    if (rendered.indexOf('\n') !== rendered.length - 1) return undefined; // a block scalar
    text = rendered.slice(0, -1);
  }
  stringMemo.set(value, text);
  return text;
}

function renderOther(value: number | boolean | null | undefined): string {
  switch (typeof value) {
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
