/**
 * Experiment (not used by the library): a YAML writer specialised for what cdk8s emits — plain
 * maps, arrays, strings, numbers, booleans and null — that produces the same bytes as cdk8s's
 * `Yaml.stringify` (the `yaml` package, YAML 1.1, lineWidth 0) at a fraction of its cost.
 *
 * Every scalar is rendered once by the `yaml` package itself and memoised, so quoting decisions
 * (YAML 1.1 booleans like `yes`, numeric-looking strings like "9090", special characters) are
 * exactly the package's; only the block layout of maps and sequences is written here. Anything
 * unusual (multi-line scalars, undefined, non-plain objects) falls back to the package for the
 * whole document. The synth benchmark checks the output byte for byte before timing it.
 */
'use strict';

const YAML = require('yaml');

const OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' };
const keyMemo = new Map();
const valueMemo = new Map();

class Unsupported extends Error {}

function renderKey(key) {
  let text = keyMemo.get(key);
  if (text === undefined) {
    const line = YAML.stringify({ [key]: null }, OPTIONS);
    if (!line.endsWith(': null\n') || line.indexOf('\n') !== line.length - 1) throw new Unsupported();
    text = line.slice(0, -': null\n'.length);
    keyMemo.set(key, text);
  }
  return text;
}

function renderScalar(value) {
  let text = valueMemo.get(value);
  if (text === undefined) {
    const line = YAML.stringify(value, OPTIONS);
    if (line.indexOf('\n') !== line.length - 1) throw new Unsupported(); // multi-line or block scalar
    text = line.slice(0, -1);
    valueMemo.set(value, text);
  }
  return text;
}

const isScalar = (v) => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const isPlainObject = (v) => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/** Appends `value` (a map or sequence) as block lines at `indent`. */
function writeBlock(value, indent, out) {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isScalar(item)) out.push(`${indent}- ${renderScalar(item)}\n`);
      else if (isPlainObject(item) && Object.keys(item).length > 0) {
        // The first pair shares the "- " line; the rest align under it.
        const lines = [];
        writeBlock(item, `${indent}  `, lines);
        out.push(`${indent}- ${lines[0].slice(indent.length + 2)}`, ...lines.slice(1));
      } else if (Array.isArray(item) && item.length === 0) out.push(`${indent}- []\n`);
      else if (isPlainObject(item)) out.push(`${indent}- {}\n`);
      else throw new Unsupported();
    }
    return;
  }
  for (const key of Object.keys(value)) {
    const child = value[key];
    const k = renderKey(key);
    if (isScalar(child)) out.push(`${indent}${k}: ${renderScalar(child)}\n`);
    else if (Array.isArray(child)) {
      if (child.length === 0) out.push(`${indent}${k}: []\n`);
      else {
        out.push(`${indent}${k}:\n`);
        writeBlock(child, `${indent}  `, out);
      }
    } else if (isPlainObject(child)) {
      if (Object.keys(child).length === 0) out.push(`${indent}${k}: {}\n`);
      else {
        out.push(`${indent}${k}:\n`);
        writeBlock(child, `${indent}  `, out);
      }
    } else throw new Unsupported();
  }
}

function stringifyDocument(doc) {
  if (!isPlainObject(doc) || Object.keys(doc).length === 0) return YAML.stringify(doc, OPTIONS);
  try {
    const out = [];
    writeBlock(doc, '', out);
    return out.join('');
  } catch (err) {
    if (err instanceof Unsupported) return YAML.stringify(doc, OPTIONS);
    throw err;
  }
}

/** Drop-in for cdk8s `Yaml.stringify(...docs)`: documents separated by `---`. */
function stringify(...docs) {
  return docs.map((d) => (d === undefined ? '\n' : stringifyDocument(d))).join('---\n');
}

module.exports = { stringify };
