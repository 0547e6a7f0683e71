/**
 * The raw tensor encoding, checked against an independent encoder: Node's Buffer `write*LE`
 * methods, element by element, for every datatype.
 */
import type { Datatype } from '../../src/runtime/datatypes';
import { decodeTensor, encodeTensor, halfToNumber, TensorBytesError } from '../../src/runtime/tensor-bytes';

type Writer = (buffer: Buffer, value: any, offset: number) => number;
const CASES: Array<[Datatype, number, Writer, unknown[]]> = [
  ['BOOL', 1, (b, v, o) => b.writeUInt8(v ? 1 : 0, o), [true, false, true]],
  ['UINT8', 1, (b, v, o) => b.writeUInt8(v, o), [0, 7, 255]],
  ['INT8', 1, (b, v, o) => b.writeInt8(v, o), [-128, 0, 127]],
  ['UINT16', 2, (b, v, o) => b.writeUInt16LE(v, o), [0, 513, 65535]],
  ['INT16', 2, (b, v, o) => b.writeInt16LE(v, o), [-32768, -2, 32767]],
  ['FP16', 2, (b, v, o) => b.writeUInt16LE(v, o), [0x3c00, 0xc000, 0x7bff]], // 1, -2, 65504 as half bits
  ['UINT32', 4, (b, v, o) => b.writeUInt32LE(v, o), [0, 70000, 4294967295]],
  ['INT32', 4, (b, v, o) => b.writeInt32LE(v, o), [-2147483648, -70000, 2147483647]],
  ['FP32', 4, (b, v, o) => b.writeFloatLE(v, o), [5.099999904632568, -0.5, 3.4028234663852886e38]],
  ['UINT64', 8, (b, v, o) => b.writeBigUInt64LE(v, o), [0n, 2n ** 40n, 2n ** 64n - 1n]],
  ['INT64', 8, (b, v, o) => b.writeBigInt64LE(v, o), [-(2n ** 63n), -3n, 2n ** 63n - 1n]],
  ['FP64', 8, (b, v, o) => b.writeDoubleLE(v, o), [Math.PI, -1e300, 5e-324]],
];

const reference = (size: number, write: Writer, values: unknown[]) => {
  const buffer = Buffer.alloc(size * values.length);
  values.forEach((v, i) => write(buffer, v, i * size));
  return buffer;
};
const plain = (data: ArrayLike<unknown>) => Array.from(data);

describe.each(CASES)('%s', (datatype, size, write, values) => {
  const bytes = reference(size, write, values);
  const expected = datatype === 'BOOL' ? values.map((v) => (v ? 1 : 0)) : values;

  test('decodes little-endian row-major bytes, even at an unaligned offset', () => {
    const unaligned = Buffer.concat([Buffer.from([0xff]), bytes]).subarray(1);
    const tensor = decodeTensor(unaligned, datatype, [1, values.length]);
    expect(tensor).toMatchObject({ datatype, shape: [1, values.length] });
    expect(plain(tensor.data as ArrayLike<unknown>)).toEqual(expected);
  });

  test('encodes to the same bytes', () => {
    expect(Buffer.from(encodeTensor(decodeTensor(bytes, datatype, [values.length])))).toEqual(bytes);
  });

  test('refuses a byte count that does not match the shape', () => {
    expect(() => decodeTensor(bytes.subarray(1), datatype, [values.length]))
      .toThrow(new TensorBytesError(`holds ${bytes.length - 1} bytes, but shape [${values.length}] of ${datatype} needs ${bytes.length}`));
  });
});

describe('BYTES', () => {
  const element = (text: string) => {
    const body = Buffer.from(text, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(body.length, 0);
    return Buffer.concat([length, body]);
  };
  const bytes = Buffer.concat([element('setosa'), element(''), element('virginica ✓')]);

  test('decodes 4-byte little-endian lengths followed by UTF-8, and encodes back', () => {
    const tensor = decodeTensor(bytes, 'BYTES', [3]);
    expect(tensor.data).toEqual(['setosa', '', 'virginica ✓']);
    expect(Buffer.from(encodeTensor(tensor))).toEqual(bytes);
  });

  test.each([
    ['too few elements', Buffer.concat([element('a')]), [2], 'holds 1 BYTES elements, but shape [2] needs 2'],
    ['too many elements', bytes, [2], 'holds more than the 2 BYTES elements of shape [2] (17 bytes left over)'],
    ['a length cut short', Buffer.concat([element('a'), Buffer.from([1, 0])]), [2], 'BYTES element 1 is cut inside its 4-byte length'],
    ['a length beyond the end', Buffer.concat([element('a'), Buffer.from([9, 0, 0, 0, 65])]), [2], 'BYTES element 1 declares 9 bytes, but only 1 follow'],
    ['invalid UTF-8', Buffer.concat([element('a'), Buffer.from([1, 0, 0, 0, 0xff])]), [2], 'BYTES element 1 is not valid UTF-8'],
  ])('refuses %s', (_what, input, shape, message) => {
    expect(() => decodeTensor(input, 'BYTES', shape)).toThrow(new TensorBytesError(message));
  });
});

test('BOOL refuses bytes other than 0 and 1', () => {
  expect(() => decodeTensor(Buffer.from([1, 0, 2]), 'BOOL', [3])).toThrow('element 2 is the byte 2, but a BOOL element is 0 or 1');
});

test('half-precision bits convert to their values', () => {
  expect([0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0xfc00].map(halfToNumber)).toEqual([1, -2, 65504, 2 ** -24, Infinity, -Infinity]);
  expect(halfToNumber(0x7e00)).toBeNaN();
});
