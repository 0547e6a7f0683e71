/**
 * gRPC tensor contents ↔ runtime tensors, and the protocol-neutral conversion rules they share
 * with REST (tensor-input.ts): every typed field, exact 64-bit integers, narrow integer ranges,
 * UTF-8 BYTES, raw FP16 and INT64 into a float input, non-finite floats passed on as sent.
 */
import type { TensorSpec } from '../../../src/runtime/tensor';
import { decodeContents, decodeRaw, encodeContents, encodeRaw } from '../../../src/protocol/grpc/contents';
import { toTensor, type DecodedRequestInput } from '../../../src/protocol/tensor-input';
import type { InferTensorContents } from '../../../src/protocol/grpc/messages';
import type { Datatype } from '../../../src/runtime/datatypes';

const empty = (): InferTensorContents => ({
  bool_contents: [], int_contents: [], int64_contents: [], uint_contents: [], uint64_contents: [], fp32_contents: [], fp64_contents: [], bytes_contents: [],
});
const contents = (fields: Partial<InferTensorContents>) => ({ ...empty(), ...fields });

test.each<[Datatype, Partial<InferTensorContents>, unknown[]]>([
  ['BOOL', { bool_contents: [true, false] }, [1, 0]],
  ['INT8', { int_contents: [-128, 127] }, [-128, 127]],
  ['INT16', { int_contents: [-32768, 32767] }, [-32768, 32767]],
  ['INT32', { int_contents: [-2147483648, 2147483647] }, [-2147483648, 2147483647]],
  ['INT64', { int64_contents: ['-9223372036854775808', '9223372036854775807'] }, [-(2n ** 63n), 2n ** 63n - 1n]],
  ['UINT8', { uint_contents: [0, 255] }, [0, 255]],
  ['UINT16', { uint_contents: [0, 65535] }, [0, 65535]],
  ['UINT32', { uint_contents: [0, 4294967295] }, [0, 4294967295]],
  ['UINT64', { uint64_contents: ['0', '18446744073709551615'] }, [0n, 2n ** 64n - 1n]],
  ['FP32', { fp32_contents: [1.5, -2.25] }, [1.5, -2.25]],
  ['FP64', { fp64_contents: [0.1, 1e300] }, [0.1, 1e300]],
  ['BYTES', { bytes_contents: [Buffer.from('héllo'), Buffer.from('')] }, ['héllo', '']],
])('%s: typed contents decode exactly and encode back to the same field', (datatype, fields, expected) => {
  const tensor = decodeContents(contents(fields), datatype, [2], 'x');
  expect(Array.from(tensor.data as ArrayLike<unknown>)).toEqual(expected);
  const encoded = encodeContents(tensor);
  const [field] = Object.keys(fields) as (keyof InferTensorContents)[];
  const back = decodeContents(contents({ [field]: encoded[field] }), datatype, [2], 'x');
  expect(Array.from(back.data as ArrayLike<unknown>)).toEqual(expected);
});

test('INT64 outputs encode as numbers where exact and as decimal strings beyond 2^53', () => {
  expect(encodeContents({ datatype: 'INT64', shape: [2], data: BigInt64Array.from([2n, 2n ** 60n]) }))
    .toEqual({ int64_contents: [2, '1152921504606846976'] });
});

test.each<[Datatype, Partial<InferTensorContents>, RegExp]>([
  ['INT8', { int_contents: [128] }, /^x: contents.int_contents element 0 \(128\) is out of range for INT8$/],
  ['UINT16', { uint_contents: [65536] }, /^x: contents.uint_contents element 0 \(65536\) is out of range for UINT16$/],
  ['BYTES', { bytes_contents: [Buffer.from([0xff])] }, /^x: contents.bytes_contents element 0 is not valid UTF-8$/],
  ['FP32', { fp32_contents: [1], fp64_contents: [1] }, /^x: datatype FP32 takes its data in contents.fp32_contents, but contents.fp64_contents has 1 elements$/],
  ['FP32', { fp32_contents: [1, 2] }, /^x: shape \[1\] needs 1 elements but contents.fp32_contents has 2$/],
  ['FP16', {}, /^x: FP16 has no typed contents field; send it in raw_input_contents/],
])('%s contents %j: refused', (datatype, fields, message) => {
  expect(() => decodeContents(contents(fields), datatype, [1], 'x')).toThrow(message);
});

describe('conversion into the model input (the rules REST applies to JSON)', () => {
  const spec = (datatype: Datatype): TensorSpec => ({ name: 'in', datatype, shape: [-1] });
  const raw = (datatype: Datatype, bytes: Uint8Array, count: number): DecodedRequestInput =>
    ({ name: 'in', datatype, shape: [count], decode: (where) => decodeRaw(bytes, datatype, [count], where, 0) });
  const bytesOf = (array: ArrayBufferView) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

  test('raw FP16 half bits into an FP32 input become their values', () => {
    const half = Uint16Array.from([0x3c00, 0xc000, 0x3555]); // 1, -2, 0.333…
    const tensor = toTensor(raw('FP16', bytesOf(half), 3), spec('FP32'), 'w');
    expect(Array.from(tensor.data as Float32Array)).toEqual([1, -2, Math.fround(0.33325195)]);
  });

  test('raw INT64 into INT32 keeps values in range and refuses one outside it, compared without rounding', () => {
    expect(Array.from(toTensor(raw('INT64', bytesOf(BigInt64Array.from([7n, -7n])), 2), spec('INT32'), 'w').data as Int32Array)).toEqual([7, -7]);
    expect(() => toTensor(raw('INT64', bytesOf(BigInt64Array.from([7n, 2n ** 40n])), 2), spec('INT32'), 'w'))
      .toThrow('w: data element 1 (1099511627776) is out of range for INT32');
    expect(() => toTensor(raw('UINT64', bytesOf(BigUint64Array.from([2n ** 63n])), 1), spec('INT64'), 'w'))
      .toThrow('w: data element 0 (9223372036854775808) is out of range for INT64');
    expect(Array.from(toTensor(raw('INT32', bytesOf(Int32Array.from([-1])), 1), spec('INT64'), 'w').data as BigInt64Array)).toEqual([-1n]);
  });

  test('the same datatype is passed on as sent, NaN and infinities included, without a copy; a conversion refuses what JSON cannot carry', () => {
    expect(Array.from(toTensor(raw('FP32', bytesOf(Float32Array.from([NaN, Infinity])), 2), spec('FP32'), 'w').data as Float32Array)).toEqual([NaN, Infinity]);
    expect(() => toTensor(raw('FP64', bytesOf(Float64Array.from([NaN])), 1), spec('FP32'), 'w')).toThrow('w: data element 0 (NaN) is not a number');
    const input = raw('FP32', bytesOf(Float32Array.from([1, 2])), 2);
    const decoded = input.decode('w');
    expect(toTensor({ ...input, decode: () => decoded }, spec('FP32'), 'w')).toBe(decoded);
  });

  test('a float into an integer input is refused before any bytes are read, as over REST', () => {
    const input = { ...raw('FP32', new Uint8Array(4), 1), decode: () => { throw new Error('decoded'); } };
    expect(() => toTensor(input, spec('INT64'), 'w')).toThrow("w: datatype FP32 cannot be converted to the model's INT64");
  });

  test('raw output bytes are a view of the tensor, little-endian', () => {
    const data = Float32Array.from([1, 2]);
    const bytes = encodeRaw({ datatype: 'FP32', shape: [2], data });
    expect(bytes.buffer).toBe(data.buffer);
    expect([...bytes]).toEqual([0, 0, 0x80, 0x3f, 0, 0, 0, 0x40]);
  });
});
