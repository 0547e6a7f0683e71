/**
 * Short, bounded quotes of client input for error messages. A message that echoed a 1 MB
 * string back, or serialised a 10,000-deep object (JSON.stringify recursing until a
 * RangeError), would turn a 400 into a huge response or a 500; an excerpt costs O(its length).
 */

/** Longest quote of client input in an error message, ellipsis included. */
export const EXCERPT_MAX_CHARS = 40;

/** `text` cut to `max` characters, ending in '…' when it was longer. */
export function truncate(text: string, max = EXCERPT_MAX_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** JSON-like rendering of `value`, at most `max` characters; never walks more than it prints. */
export function excerpt(value: unknown, max = EXCERPT_MAX_CHARS): string {
  let out = '';
  const full = () => out.length > max;
  const walk = (v: unknown): void => {
    if (full()) return;
    if (typeof v === 'string') {
      out += JSON.stringify(v.length > max ? v.slice(0, max) : v);
    } else if (Array.isArray(v)) {
      out += '[';
      for (let i = 0; i < v.length && !full(); i++) {
        if (i > 0) out += ',';
        walk(v[i]);
      }
      out += ']';
    } else if (typeof v === 'object' && v !== null) {
      out += '{';
      let first = true;
      for (const key in v) {
        if (full()) break;
        out += `${first ? '' : ','}${JSON.stringify(key.length > max ? key.slice(0, max) : key)}:`;
        first = false;
        walk((v as Record<string, unknown>)[key]);
      }
      out += '}';
    } else {
      out += String(v);
    }
  };
  walk(value);
  return truncate(out, max);
}
