/**
 * Places problems found in models.yaml at the line and column of the entry they concern. Violations
 * are located by their path (data), never by reading their message, so rewording a rule cannot move
 * an error.
 */
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node } from 'yaml';
import { describeViolation, PropPath, Violation } from '../core/validation/violation';
import { ModelsFileError } from './errors';

/** Collects the problems of one parsed document, each at its position. */
export class ProblemLocator {
  private readonly problems: { offset: number; text: string }[] = [];

  constructor(private readonly fileName: string, private readonly doc: Document, private readonly lines: LineCounter) {}

  /** Records a violation whose path is a path into the file; `note` is appended to its message. */
  public violation(violation: Violation, note = ''): void {
    this.atOffset(this.offsetOf(violation.path, violation.key ?? false), `${describeViolation(violation)}${note}`);
  }

  /** Records a problem at a character offset of the source. */
  public atOffset(offset: number, message: string): void {
    const { line, col } = this.lines.linePos(offset);
    const text = `${this.fileName}:${line}:${col}: ${message}`;
    if (!this.problems.some((p) => p.text === text)) this.problems.push({ offset, text });
  }

  /** Throws a ModelsFileError with every problem recorded, in file order, if there is any. */
  public throwIfAny(): void {
    if (this.problems.length === 0) return;
    throw new ModelsFileError([...this.problems].sort((a, b) => a.offset - b.offset).map((p) => p.text));
  }

  /** Offset of the deepest existing node along `path` (a missing entry points at its parent); `atKey`: its key. */
  private offsetOf(path: PropPath, atKey: boolean): number {
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
