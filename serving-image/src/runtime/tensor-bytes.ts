/**
 * Tensors as raw bytes: the encoding shared by the Open Inference Protocol's binary tensor data
 * extension (REST) and gRPC's `raw_input_contents` / `raw_output_contents`. Elements are
 * little-endian, row-major, without padding; BOOL is one byte (0 or 1); FP16 is the IEEE 754 half
 * bits (kept as such in a Uint16Array, as onnxruntime does); BYTES is each element's 4-byte
 * little-endian length followed by its bytes (decoded as UTF-8, the only strings onnxruntime takes).
 *
 * Both protocols turn a `TensorBytesError` into their client-error status (400, INVALID_ARGUMENT).
 */
import { endianness } from 'node:os';
import type { Datatype } from './datatypes';
import type { Tensor, TensorData } from './tensor';

/** A byte sequence that does not encode the declared tensor; its message names what is wrong. */
export class TensorBytesError extends Error {}

/** Bytes per element of each fixed-size datatype; BYTES elements have no fixed size. */
export const ELEMENT_BYTES: Readonly<Record<Exclude<Datatype, 'BYTES'>, number>> = {
  BOOL: 1, UINT8: 1, INT8: 1, UINT16: 2, INT16: 2, FP16: 2, UINT32: 4, INT32: 4, FP32: 4, UINT64: 8, INT64: 8, FP64: 8,
};

type FixedArray = Exclude<TensorData, readonly string[]>;
type FixedArrayConstructor = new (buffer: ArrayBuffer) => FixedArray;

const ARRAY_OF: Readonly<Record<Exclude<Datatype, 'BYTES'>, FixedArrayConstructor>> = {
  BOOL: Uint8Array, UINT8: Uint8Array, INT8: Int8Array, UINT16: Uint16Array, INT16: Int16Array, FP16: Uint16Array,
  UINT32: Uint32Array, INT32: Int32Array, FP32: Float32Array, UINT64: BigUint64Array, INT64: BigInt64Array, FP64: Float64Array,
};

/** Typed arrays can view the bytes directly only on a little-endian host (every platform Node ships for today). */
const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/** Elements of a tensor of `shape` (1 for a scalar). */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((count, dim) => count * dim, 1);
}

/** The raw size of a fixed-size tensor, or undefined for BYTES (known only from its elements). */
export function fixedByteLength(datatype: Datatype, shape: readonly number[]): number | undefined {
  return datatype === 'BYTES' ? undefined : elementCount(shape) * ELEMENT_BYTES[datatype];
}

/** Decodes the raw bytes of a tensor of `datatype` and `shape`; throws `TensorBytesError` when they do not fit. */
export function decodeTensor(bytes: Uint8Array, datatype: Datatype, shape: readonly number[]): Tensor {
  const count = elementCount(shape);
  if (datatype === 'BYTES') return { datatype, shape, data: decodeBytesElements(bytes, count, shape) };
  const expected = count * ELEMENT_BYTES[datatype];
  if (bytes.byteLength !== expected) {
    throw new TensorBytesError(`holds ${bytes.byteLength} bytes, but shape [${shape.join(',')}] of ${datatype} needs ${expected}`);
  }
  // Copied, not viewed: the request buffer may be unaligned for the element size, and is reused.
  const copy = new Uint8Array(expected);
  copy.set(bytes);
  if (!LITTLE_ENDIAN_HOST) swapBytes(copy, ELEMENT_BYTES[datatype]);
  const data = new ARRAY_OF[datatype](copy.buffer);
  if (datatype === 'BOOL') {
    const bad = (data as Uint8Array).findIndex((b) => b > 1);
    if (bad >= 0) throw new TensorBytesError(`element ${bad} is the byte ${(data as Uint8Array)[bad]}, but a BOOL element is 0 or 1`);
  }
  return { datatype, shape, data };
}

/** The raw bytes of `tensor` (little-endian; BYTES length-prefixed UTF-8). */
export function encodeTensor(tensor: Tensor): Uint8Array {
  if (tensor.datatype === 'BYTES') return encodeBytesElements(tensor.data as readonly string[]);
  const data = tensor.data as FixedArray;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (LITTLE_ENDIAN_HOST) return bytes;
  const copy = Uint8Array.from(bytes);
  swapBytes(copy, ELEMENT_BYTES[tensor.datatype]);
  return copy;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function decodeBytesElements(bytes: Uint8Array, count: number, shape: readonly number[]): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const elements: string[] = [];
  let offset = 0;
  while (offset < bytes.byteLength) {
    if (elements.length === count) {
      throw new TensorBytesError(`holds more than the ${count} BYTES elements of shape [${shape.join(',')}] (${bytes.byteLength - offset} bytes left over)`);
    }
    if (offset + 4 > bytes.byteLength) throw new TensorBytesError(`BYTES element ${elements.length} is cut inside its 4-byte length`);
    const length = view.getUint32(offset, true);
    offset += 4;
    if (offset + length > bytes.byteLength) {
      throw new TensorBytesError(`BYTES element ${elements.length} declares ${length} bytes, but only ${bytes.byteLength - offset} follow`);
    }
    try {
      elements.push(UTF8.decode(bytes.subarray(offset, offset + length)));
    } catch {
      throw new TensorBytesError(`BYTES element ${elements.length} is not valid UTF-8`);
    }
    offset += length;
  }
  if (elements.length !== count) {
    throw new TensorBytesError(`holds ${elements.length} BYTES elements, but shape [${shape.join(',')}] needs ${count}`);
  }
  return elements;
}

function encodeBytesElements(elements: readonly string[]): Uint8Array {
  const encoded = elements.map((e) => Buffer.from(e, 'utf8'));
  const out = new Uint8Array(encoded.reduce((sum, e) => sum + 4 + e.byteLength, 0));
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const e of encoded) {
    view.setUint32(offset, e.byteLength, true);
    out.set(e, offset + 4);
    offset += 4 + e.byteLength;
  }
  return out;
}

function swapBytes(bytes: Uint8Array, size: number): void {
  if (size === 1) return;
  for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
}

/** The value of IEEE 754 half-precision bits (FP16 elements are stored as their bits). */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
