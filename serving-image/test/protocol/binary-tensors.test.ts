/**
 * The extension's tensor handling for every datatype, below the HTTP layer: request inputs cut
 * from the bytes after the header and decoded into the model input's type, outputs encoded, the
 * binary/JSON choice per output, the framed response, and raw-request shape deduction. Expected
 * bytes come from Node's Buffer `write*LE` methods, an encoder independent of the code under test.
 */
import type { Datatype } from '../../src/runtime/datatypes';
import type { LoadedModel } from '../../src/runtime/model';
import { deducedShape, rawRequestHeader } from '../../src/protocol/binary-framing';
import { binaryInput, binaryOutput, framedResponse, outputIsBinary, sliceBinaryInputs } from '../../src/protocol/binary-tensors';
import { HttpError } from '../../src/protocol/errors';
import { toTensor, type RequestInput } from '../../src/protocol/tensor-input';
import type { TensorSpec } from '../../src/runtime/tensor';

/** A binary input through the same checks and conversion as every request input. */
const binaryTensor = (request: RequestInput, bytes: Uint8Array, model: TensorSpec, where: string) => toTensor(binaryInput(request, bytes), model, where);

type Writer = (buffer: Buffer, value: any, offset: number) => number;
const FIXED: Array<[Datatype, number, Writer, unknown[], unknown[]]> = [
  // datatype, bytes per element, reference writer, values written, values the runtime tensor holds
  ['BOOL', 1, (b, v, o) => b.writeUInt8(v ? 1 : 0, o), [true, false, true], [1, 0, 1]],
  ['UINT8', 1, (b, v, o) => b.writeUInt8(v, o), [0, 7, 255], [0, 7, 255]],
  ['INT8', 1, (b, v, o) => b.writeInt8(v, o), [-128, 0, 127], [-128, 0, 127]],
  ['UINT16', 2, (b, v, o) => b.writeUInt16LE(v, o), [0, 513, 65535], [0, 513, 65535]],
  ['INT16', 2, (b, v, o) => b.writeInt16LE(v, o), [-32768, -2, 32767], [-32768, -2, 32767]],
  ['FP16', 2, (b, v, o) => b.writeUInt16LE(v, o), [0x3c00, 0xc000, 0x7bff], [0x3c00, 0xc000, 0x7bff]],
  ['UINT32', 4, (b, v, o) => b.writeUInt32LE(v, o), [0, 70000, 4294967295], [0, 70000, 4294967295]],
  ['INT32', 4, (b, v, o) => b.writeInt32LE(v, o), [-2147483648, -70000, 2147483647], [-2147483648, -70000, 2147483647]],
  ['FP32', 4, (b, v, o) => b.writeFloatLE(v, o), [0.5, -2.25, 3.4028234663852886e38], [0.5, -2.25, 3.4028234663852886e38]],
  ['UINT64', 8, (b, v, o) => b.writeBigUInt64LE(v, o), [0n, 2n ** 40n, 2n ** 64n - 1n], [0n, 2n ** 40n, 2n ** 64n - 1n]],
  ['INT64', 8, (b, v, o) => b.writeBigInt64LE(v, o), [-(2n ** 63n), -3n, 2n ** 63n - 1n], [-(2n ** 63n), -3n, 2n ** 63n - 1n]],
  ['FP64', 8, (b, v, o) => b.writeDoubleLE(v, o), [Math.PI, -1e300, 5e-324], [Math.PI, -1e300, 5e-324]],
];

const reference = (size: number, write: Writer, values: unknown[]) => {
  const buffer = Buffer.alloc(size * values.length);
  values.forEach((v, i) => write(buffer, v, i * size));
  return buffer;
};
const bytesElement = (text: string) => {
  const body = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length, 0);
  return Buffer.concat([length, body]);
};
const input = (datatype: Datatype, shape: number[], size?: number, data?: unknown[]): RequestInput =>
  ({ name: 'x', datatype, shape, ...(size === undefined ? {} : { parameters: { binary_data_size: size } }), ...(data ? { data } : {}) });
const spec = (datatype: Datatype, shape: number[]) => ({ name: 'x', datatype, shape });

describe.each(FIXED)('%s', (datatype, size, write, values, held) => {
  const bytes = reference(size, write, values);

  test('an input\'s bytes become a tensor of that datatype, and an output tensor becomes the same bytes', () => {
    const tensor = binaryTensor(input(datatype, [1, 3], bytes.length), bytes, spec(datatype, [-1, 3]), 'inputs[0]');
    expect({ datatype: tensor.datatype, shape: tensor.shape, data: Array.from(tensor.data as ArrayLike<unknown>) })
      .toEqual({ datatype, shape: [1, 3], data: held });
    const out = binaryOutput('y', tensor);
    expect(out.json).toEqual({ name: 'y', datatype, shape: [1, 3], parameters: { binary_data_size: bytes.length } });
    expect(Buffer.from(out.bytes)).toEqual(bytes);
  });

  test('one byte short is a 400 that names the input and both sizes', () => {
    expect(() => binaryTensor(input(datatype, [3], bytes.length - 1), bytes.subarray(1), spec(datatype, [3]), 'inputs[0] (x)'))
      .toThrow(`inputs[0] (x): binary data holds ${bytes.length - 1} bytes, but shape [3] of ${datatype} needs ${bytes.length}`);
  });
});

describe('BYTES', () => {
  const bytes = Buffer.concat([bytesElement('setosa'), bytesElement(''), bytesElement('virginica ✓')]);

  test('length-prefixed UTF-8 elements in, the same bytes out', () => {
    const tensor = binaryTensor(input('BYTES', [3], bytes.length), bytes, spec('BYTES', [-1]), 'inputs[0]');
    expect(tensor.data).toEqual(['setosa', '', 'virginica ✓']);
    expect(Buffer.from(binaryOutput('y', tensor).bytes)).toEqual(bytes);
  });

  test('an element count that does not match the shape is a 400', () => {
    expect(() => binaryTensor(input('BYTES', [2], bytes.length), bytes, spec('BYTES', [-1]), 'inputs[0]'))
      .toThrow('inputs[0]: binary data holds more than the 2 BYTES elements of shape [2]');
  });
});

test('BOOL bytes other than 0 and 1 are a 400', () => {
  expect(() => binaryTensor(input('BOOL', [2], 2), Buffer.from([1, 7]), spec('BOOL', [2]), 'inputs[0]'))
    .toThrow('inputs[0]: binary data element 1 is the byte 7, but a BOOL element is 0 or 1');
});

describe('conversion to the model input\'s datatype, by value as for JSON data', () => {
  test.each([
    ['INT8 → INT32', 'INT8', reference(1, (b, v, o) => b.writeInt8(v, o), [-5, 0, 100]), 'INT32', [-5, 0, 100]],
    ['UINT16 → FP64', 'UINT16', reference(2, (b, v, o) => b.writeUInt16LE(v, o), [1, 2, 65535]), 'FP64', [1, 2, 65535]],
    ['FP16 → FP32', 'FP16', Buffer.from(Uint16Array.from([0x3c00, 0xc000, 0x3800]).buffer), 'FP32', [1, -2, 0.5]],
    ['INT64 → FP32', 'INT64', reference(8, (b, v, o) => b.writeBigInt64LE(v, o), [-1n, 0n, 2n ** 20n]), 'FP32', [-1, 0, 2 ** 20]],
  ] as Array<[string, Datatype, Buffer, Datatype, number[]]>)('%s', (_name, from, bytes, to, expected) => {
    const tensor = binaryTensor(input(from, [3], bytes.length), bytes, spec(to, [3]), 'inputs[0]');
    expect([tensor.datatype, Array.from(tensor.data as ArrayLike<unknown>)]).toEqual([to, expected]);
  });

  test.each([
    ['a value out of the target range', 'INT32', reference(4, (b, v, o) => b.writeInt32LE(v, o), [1, 300, 2]), 'INT8', 'data element 1 (300) is out of range for INT8'],
    ['a float into an integer input', 'FP32', reference(4, (b, v, o) => b.writeFloatLE(v, o), [1, 2, 3]), 'INT32', 'datatype FP32 cannot be converted to the model\'s INT32'],
    ['NaN into another float type', 'FP64', reference(8, (b, v, o) => b.writeDoubleLE(v, o), [1, NaN, 3]), 'FP32', 'data element 1 (NaN) is not a number'],
  ] as Array<[string, Datatype, Buffer, Datatype, string]>)('%s is a 400', (_name, from, bytes, to, message) => {
    expect(() => binaryTensor(input(from, [3], bytes.length), bytes, spec(to, [3]), 'inputs[0]')).toThrow(message);
  });
});

describe('the bytes after the header are cut in input order', () => {
  test('Triton\'s example: UINT32 [2,2] (16 bytes) then BOOL [3] (3 bytes), with a JSON input between them', () => {
    const body = Buffer.concat([reference(4, (b, v, o) => b.writeUInt32LE(v, o), [1, 2, 3, 4]), Buffer.from([1, 0, 1])]);
    const slices = sliceBinaryInputs([input('UINT32', [2, 2], 16), input('FP32', [1], undefined, [1]), input('BOOL', [3], 3)], body);
    expect([...slices.keys()]).toEqual([0, 2]);
    expect(Buffer.from(slices.get(0)!)).toEqual(body.subarray(0, 16));
    expect(Buffer.from(slices.get(2)!)).toEqual(Buffer.from([1, 0, 1]));
  });

  test('a zero-size input takes no bytes', () => {
    expect(sliceBinaryInputs([input('FP32', [0], 0), input('BOOL', [1], 1)], Buffer.from([1])).get(1)).toEqual(Buffer.from([1]));
  });
});

test.each([
  // output's own binary_data, request's binary_data_output → binary?
  [undefined, false, false], [undefined, true, true], [true, false, true], [false, true, false], [true, true, true],
])('binary_data %s with binary_data_output %s → binary %s', (own, all, expected) => {
  const requested = own === undefined ? undefined : [{ name: 'y', parameters: { binary_data: own } }];
  expect(outputIsBinary('y', requested, all)).toBe(expected);
});

test('the framed response is the JSON, then the outputs\' bytes, and its length is the JSON\'s', () => {
  const { body, headerLength } = framedResponse({ outputs: [{ name: 'ü' }] }, [Buffer.from([1, 2]), Buffer.from([3])]);
  expect(headerLength).toBe(Buffer.byteLength('{"outputs":[{"name":"ü"}]}')); // bytes, not characters
  expect(body.subarray(headerLength)).toEqual(Buffer.from([1, 2, 3]));
});

describe('raw binary requests: the header Triton deduces', () => {
  const model = (...inputs: Array<{ name: string; datatype: Datatype; shape: number[] }>) => ({ inputs, outputs: [] }) as unknown as LoadedModel;

  test('one input, its variable dimension from the size, every output binary', () => {
    expect(rawRequestHeader(model(spec('FP32', [-1, 4])), 48)).toEqual({
      inputs: [{ name: 'x', datatype: 'FP32', shape: [3, 4], parameters: { binary_data_size: 48 } }], parameters: { binary_data_output: true },
    });
  });

  test.each([
    [spec('INT8', [2, -1]), 6, [2, 3]],
    [spec('UINT16', [2, 2]), 8, [2, 2]],
    [spec('FP64', [-1]), 16, [2]],
  ] as const)('%o with %d bytes → %o', (s, bytes, shape) => {
    expect(deducedShape(s, bytes)).toEqual(shape);
  });

  test.each([
    [spec('UINT16', [2, 2]), 6, '6 bytes are not exactly 8 bytes'],
    [spec('FP32', [-1, -1]), 16, 'the shape has 2 variable dimensions; at most one can be deduced'],
    [spec('BYTES', [1]), 9, 'BYTES inputs cannot be sent raw'],
  ] as const)('%o with %d bytes → 400', (s, bytes, message) => {
    expect(() => deducedShape(s, bytes)).toThrow(message);
    expect(() => deducedShape(s, bytes)).toThrow(HttpError);
  });

  test('a model with two inputs cannot take a raw request', () => {
    expect(() => rawRequestHeader(model(spec('FP32', [1]), { name: 'y', datatype: 'FP32', shape: [1] }), 4))
      .toThrow('a raw binary request (Inference-Header-Content-Length: 0) needs a model with one input; this model has 2: x, y');
  });
});
