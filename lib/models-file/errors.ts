/**
 * Raised for an invalid models file; `problems` holds one `file:line:column: message` line each, in file order.
 * @category models.yaml
 */
export class ModelsFileError extends Error {
  /** Every problem, `file:line:column: message`. */
  public readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ModelsFileError';
    this.problems = problems;
  }
}
