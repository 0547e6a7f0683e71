/**
 * The runtime's own tensor: what the protocol layer hands to a model and gets back. It is
 * deliberately not onnxruntime's `Tensor`, so the REST code and any future runtime adapter
 * (or a gRPC front end) share one vocabulary and only the ONNX adapter knows onnxruntime.
 */
import type { Datatype } from './datatypes';

/** Element storage: a typed array for numbers (BOOL as 0/1 bytes), plain strings for BYTES. */
export type TensorData =
  | Float32Array | Float64Array
  | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint8Array | Uint16Array | Uint32Array | BigUint64Array
  | readonly string[];

/** A dense row-major tensor. */
export interface Tensor {
  readonly datatype: Datatype;
  readonly shape: readonly number[];
  readonly data: TensorData;
}

/** Name, datatype and shape of a model input or output; -1 marks a variable dimension. */
export interface TensorSpec {
  readonly name: string;
  readonly datatype: Datatype;
  readonly shape: readonly number[];
}
