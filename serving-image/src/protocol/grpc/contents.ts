/**
 * Tensor elements in a gRPC message ↔ runtime tensors, both ways the protocol allows:
 *
 * - typed `contents`: one repeated field per element type (FP32 → fp32_contents, INT8/16/32 →
 *   int_contents, …, BYTES → bytes_contents). FP16 has no such field and travels only raw.
 * - raw bytes (`raw_input_contents` / `raw_output_contents`): little-endian, row-major, via the
 *   runtime's tensor-bytes codec, which the REST binary extension shares.
 *
 * Decoding builds a tensor of the request's own datatype; conversion to the model input's
 * datatype and the element rules then run in tensor-input.ts, exactly as for REST.
 */
import type { Datatype } from '../../runtime/datatypes';
import { invalidElement } from '../../runtime/datatypes';
import type { Tensor, TensorData } from '../../runtime/tensor';
import { decodeTensor, elementCount, encodeTensor, TensorBytesError } from '../../runtime/tensor-bytes';
import { badRequest } from '../errors';
import { excerpt } from '../excerpt';
import type { InferTensorContents, Int64 } from './messages';

type ContentsField = keyof InferTensorContents;

/** The contents field that carries each datatype; FP16 has none (raw only, as the proto says). */
export const CONTENTS_FIELD: Readonly<Record<Datatype, ContentsField | undefined>> = {
  BOOL: 'bool_contents', INT8: 'int_contents', INT16: 'int_contents', INT32: 'int_contents', INT64: 'int64_contents',
  UINT8: 'uint_contents', UINT16: 'uint_contents', UINT32: 'uint_contents', UINT64: 'uint64_contents',
  FP16: undefined, FP32: 'fp32_contents', FP64: 'fp64_contents', BYTES: 'bytes_contents',
};

const FIELDS: readonly ContentsField[] = ['bool_contents', 'int_contents', 'int64_contents', 'uint_contents',
  'uint64_contents', 'fp32_contents', 'fp64_contents', 'bytes_contents'];

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const shapeText = (shape: readonly number[]) => `[${shape.join(',')}]`;

/** The elements of typed `contents` as a tensor of `datatype`; `where` names the input in errors. */
export function decodeContents(contents: InferTensorContents, datatype: Datatype, shape: readonly number[], where: string): Tensor {
  const field = CONTENTS_FIELD[datatype];
  if (!field) {
    throw badRequest(`${where}: ${datatype} has no typed contents field; send it in raw_input_contents (IEEE 754 half bits, little-endian)`);
  }
  for (const other of FIELDS) {
    if (other !== field && contents[other].length > 0) {
      throw badRequest(`${where}: datatype ${datatype} takes its data in contents.${field}, but contents.${other} has ${contents[other].length} elements`);
    }
  }
  const values = contents[field];
  const expected = elementCount(shape);
  if (values.length !== expected) {
    throw badRequest(`${where}: shape ${shapeText(shape)} needs ${expected} elements but contents.${field} has ${values.length}`);
  }
  return { datatype, shape, data: typedData(values, datatype, field, where) };
}

function typedData(values: InferTensorContents[ContentsField], datatype: Datatype, field: ContentsField, where: string): TensorData {
  switch (datatype) {
    case 'FP32': return Float32Array.from(values as number[]);
    case 'FP64': return Float64Array.from(values as number[]);
    case 'BOOL': return Uint8Array.from(values as boolean[], (v) => (v ? 1 : 0));
    // int64 fields decode as decimal strings; BigInt keeps every value exact.
    case 'INT64': return BigInt64Array.from(values as Int64[], (v) => BigInt(v));
    case 'UINT64': return BigUint64Array.from(values as Int64[], (v) => BigInt(v));
    case 'BYTES': return (values as Uint8Array[]).map((bytes, i) => {
      try {
        return UTF8.decode(bytes);
      } catch {
        throw badRequest(`${where}: contents.bytes_contents element ${i} is not valid UTF-8`);
      }
    });
    default: {
      // INT8/16 and UINT8/16 share 32-bit fields: a value the narrower type cannot hold is refused, not wrapped.
      const numbers = values as number[];
      for (let i = 0; i < numbers.length; i++) {
        const problem = invalidElement(numbers[i], datatype);
        if (problem) throw badRequest(`${where}: contents.${field} element ${i} (${excerpt(numbers[i])}) ${problem}`);
      }
      const Array32 = { INT8: Int8Array, INT16: Int16Array, INT32: Int32Array, UINT8: Uint8Array, UINT16: Uint16Array, UINT32: Uint32Array }[
        datatype as 'INT8' | 'INT16' | 'INT32' | 'UINT8' | 'UINT16' | 'UINT32'];
      return Array32.from(numbers);
    }
  }
}

/** The raw bytes of input `index` as a tensor of `datatype` and `shape`; `where` names the input in errors. */
export function decodeRaw(bytes: Uint8Array, datatype: Datatype, shape: readonly number[], where: string, index: number): Tensor {
  try {
    return decodeTensor(bytes, datatype, shape);
  } catch (err) {
    if (err instanceof TensorBytesError) throw badRequest(`${where}: raw_input_contents[${index}] ${err.message}`);
    throw err;
  }
}

/** A tensor as typed contents (FP16 has no field: the caller sends raw contents then). */
export function encodeContents(tensor: Tensor): Partial<InferTensorContents> {
  const field = CONTENTS_FIELD[tensor.datatype];
  if (!field) throw new Error(`${tensor.datatype} outputs have no typed contents field`);
  const data = tensor.data;
  switch (tensor.datatype) {
    case 'BOOL': return { bool_contents: Array.from(data as Uint8Array, (v) => v === 1) };
    case 'INT64':
    case 'UINT64':
      // Numbers where exact (cheaper to encode), decimal strings beyond 2^53.
      return { [field]: Array.from(data as BigInt64Array, (v) => (v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v.toString())) };
    case 'BYTES': return { bytes_contents: (data as readonly string[]).map((s) => Buffer.from(s, 'utf8')) };
    default: return { [field]: Array.from(data as Float32Array) };
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A tensor as raw little-endian bytes (a view, not a copy, where the host is little-endian). */
export function encodeRaw(tensor: Tensor): Buffer {
  const bytes = encodeTensor(tensor);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
