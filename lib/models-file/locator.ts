/**
 * Turns problems found in models.yaml (YAML syntax, JSON Schema, `ModelServing` validation) into
 * `file:line:column: <field path> must ..., but <value> was provided` lines, the line and column
 * being those of the bad entry in the source text.
 */
import type { ErrorObject } from 'ajv';
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node } from 'yaml';

/** A path into the file: map keys and list indexes. */
export type FieldPath = (string | number)[];

/** Raised for an invalid models file; `problems` holds one `file:line:column: message` line each. */
export class ModelsFileError extends Error {
  constructor(public readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ModelsFileError';
  }
}

/** Locates entries of one parsed document and formats problems at them. */
export class ProblemLocator {
  private readonly problems: { offset: number; text: string }[] = [];

  constructor(private readonly fileName: string, private readonly doc: Document, private readonly lines: LineCounter) {}

  /** Records a problem at the entry `path` (or at its key, for problems with the key itself). */
  public at(path: FieldPath, message: string, atKey = false): void {
    this.atOffset(this.offsetOf(path, atKey), message);
  }

  /** Records a problem at a character offset of the source. */
  public atOffset(offset: number, message: string): void {
    const { line, col } = this.lines.linePos(offset);
    const text = `${this.fileName}:${line}:${col}: ${message}`;
    if (!this.problems.some((p) => p.text === text)) this.problems.push({ offset, text });
  }

  /** Records a JSON Schema violation reported by ajv (`verbose: true`, so the schema is at hand). */
  public schemaError(error: ErrorObject): void {
    const path = pointerToPath(error.instancePath);
    const where = formatPath(path);
    const params = error.params as Record<string, any>;
    switch (error.keyword) {
      case 'additionalProperties': {
        const known = Object.keys((error.parentSchema as any)?.properties ?? {});
        const key = [...path, params.additionalProperty];
        this.at(key, `${formatPath(key)} is not a known setting${known.length ? ` (known: ${known.join(', ')})` : ''}`, true);
        return;
      }
      case 'propertyNames':
        return; // reported by the inner error, which carries the requirement.
      case 'required':
        this.at(path, `${formatPath([...path, params.missingProperty])} is required`);
        return;
      case 'pattern':
        if (error.propertyName !== undefined) {
          const key = [...path, error.propertyName];
          this.at(key, `${formatPath(key)}: the key must be ${(error.parentSchema as any).description}`, true);
        } else {
          this.at(path, `${where} must be ${(error.parentSchema as any).description}, but ${show(error.data)} was provided`);
        }
        return;
      case 'type': {
        const hint = params.type === 'string' && typeof error.data === 'number' ? ` (quote it: "${error.data}")` : '';
        this.at(path, `${where} must be ${article(params.type)}, but ${show(error.data)} was provided${hint}`);
        return;
      }
      case 'enum':
        this.at(path, `${where} must be one of ${params.allowedValues.map(show).join(', ')}, but ${show(error.data)} was provided`);
        return;
      case 'minItems':
      case 'minProperties':
        this.at(path, `${where} must list at least one entry`);
        return;
      default:
        this.at(path, `${where} ${error.message}, but ${show(error.data)} was provided`);
    }
  }

  /** Throws a ModelsFileError with every problem recorded, in file order, if there is any. */
  public throwIfAny(): void {
    if (this.problems.length === 0) return;
    throw new ModelsFileError([...this.problems].sort((a, b) => a.offset - b.offset).map((p) => p.text));
  }

  /** Offset of the deepest existing node along `path` (so a missing entry points at its parent). */
  private offsetOf(path: FieldPath, atKey: boolean): number {
    let node: unknown = this.doc.contents;
    let offset = node && (node as Node).range ? (node as Node).range![0] : 0;
    for (const [index, segment] of path.entries()) {
      let next: unknown;
      let keyOffset: number | undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
        next = pair?.value;
        keyOffset = isScalar(pair?.key) ? pair!.key.range?.[0] : undefined;
      } else if (isSeq(node) && typeof segment === 'number') {
        next = node.items[segment];
      }
      if (next === undefined && keyOffset === undefined) break;
      node = next;
      const valueOffset = (next as Node | undefined)?.range?.[0];
      offset = (index === path.length - 1 && atKey ? keyOffset : valueOffset) ?? keyOffset ?? offset;
    }
    return offset;
  }
}

/** `models.iris.environments.staging.versions[1].weight` (keys that are not plain words are quoted). */
export function formatPath(path: FieldPath): string {
  if (path.length === 0) return 'the file';
  return path.map((segment, i) => {
    if (typeof segment === 'number') return `[${segment}]`;
    if (!/^[A-Za-z_][\w-]*$/.test(segment)) return `[${JSON.stringify(segment)}]`;
    return i === 0 ? segment : `.${segment}`;
  }).join('');
}

/** The path of a `versions[1].weight`-style field path as written by `ModelServing` validation. */
export function parseFieldPath(text: string): FieldPath {
  const path: FieldPath = [];
  for (const match of text.matchAll(/([^.[\]]+)|\[(\d*)\]/g)) {
    if (match[1] !== undefined) path.push(match[1]);
    else if (match[2] !== '') path.push(Number(match[2]));
  }
  return path;
}

function pointerToPath(pointer: string): FieldPath {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((raw) => {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(segment) ? Number(segment) : segment;
  });
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 80 ? `${json.slice(0, 77)}...` : json;
}
