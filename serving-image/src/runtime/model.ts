/** The interface every model runtime implements; the protocol layer only ever talks to this. */
import type { Tensor, TensorSpec } from './tensor';

/** A model that is loaded and ready to run. */
export interface LoadedModel {
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  /** Free-form string properties from the model file (e.g. class_labels), surfaced in model metadata. */
  readonly properties: Readonly<Record<string, string>>;
  /**
   * Runs the model. `feeds` has one tensor per model input, already in the input's datatype and
   * shape (the protocol layer converts and checks); the result has the requested outputs by name.
   */
  run(feeds: ReadonlyMap<string, Tensor>, outputNames: readonly string[]): Promise<Record<string, Tensor>>;
}

/** The model file is missing, unreadable or not servable; the message names the file and the reason. */
export class ModelLoadError extends Error {}
