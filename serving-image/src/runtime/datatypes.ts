/**
 * Tensor datatypes, named as in the Open Inference Protocol (the vocabulary KServe, Triton and
 * MLServer share), with the value rules an element must satisfy for each (integer ranges,
 * booleans, strings) and the typed-array storage of each.
 */
import type { TensorData } from './tensor';

/** A tensor element type. */
export type Datatype = 'BOOL' | 'UINT8' | 'UINT16' | 'UINT32' | 'UINT64' | 'INT8' | 'INT16' | 'INT32'
  | 'INT64' | 'FP16' | 'FP32' | 'FP64' | 'BYTES';

/** Every datatype, in the protocol's order. */
export const DATATYPES: readonly Datatype[] = ['BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8',
  'INT16', 'INT32', 'INT64', 'FP16', 'FP32', 'FP64', 'BYTES'];

const INTEGER_RANGES: Partial<Record<Datatype, readonly [number, number]>> = {
  UINT8: [0, 255], UINT16: [0, 65535], UINT32: [0, 4294967295], UINT64: [0, Number.MAX_SAFE_INTEGER],
  INT8: [-128, 127], INT16: [-32768, 32767], INT32: [-2147483648, 2147483647],
  INT64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const FLOAT_MAX: Partial<Record<Datatype, number>> = { FP16: 65504, FP32: 3.4028234663852886e38, FP64: Number.MAX_VALUE };

/** Whether elements of `d` are numbers (integers or floats). */
export const isNumericDatatype = (d: Datatype) => d in INTEGER_RANGES || d in FLOAT_MAX;
/** Whether elements of `d` are integers. */
export const isIntegerDatatype = (d: Datatype) => d in INTEGER_RANGES;

/** Returns why `value` is not a valid element of `datatype`, or undefined when it is. */
export function invalidElement(value: unknown, datatype: Datatype): string | undefined {
  if (datatype === 'BOOL') return typeof value === 'boolean' ? undefined : 'is not a boolean';
  if (datatype === 'BYTES') return typeof value === 'string' ? undefined : 'is not a string';
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'is not a number';
  const range = INTEGER_RANGES[datatype];
  if (range) {
    if (!Number.isInteger(value)) return `is not an integer (datatype ${datatype})`;
    if (value < range[0] || value > range[1]) return `is out of range for ${datatype}`;
    return undefined;
  }
  const max = FLOAT_MAX[datatype] as number;
  return Math.abs(value) > max ? `is out of range for ${datatype}` : undefined;
}

/**
 * Whether values of `from` can be handed to a model input of `to` without changing their
 * meaning: anything numeric fits a float input; integer inputs need integer data.
 */
export function convertible(from: Datatype, to: Datatype): boolean {
  if (from === to) return true;
  if (to === 'BOOL' || to === 'BYTES' || from === 'BOOL' || from === 'BYTES') return false;
  if (isIntegerDatatype(to)) return isIntegerDatatype(from);
  return isNumericDatatype(from);
}

/** Builds the storage for a tensor of `to` from already validated element values. */
export function toTypedData(values: readonly unknown[], to: Datatype): TensorData {
  switch (to) {
    case 'FP32': return Float32Array.from(values as number[]);
    case 'FP64': return Float64Array.from(values as number[]);
    case 'INT8': return Int8Array.from(values as number[]);
    case 'INT16': return Int16Array.from(values as number[]);
    case 'INT32': return Int32Array.from(values as number[]);
    case 'INT64': return BigInt64Array.from(values as number[], (v) => BigInt(v));
    case 'UINT8': return Uint8Array.from(values as number[]);
    case 'UINT16': return Uint16Array.from(values as number[]);
    case 'UINT32': return Uint32Array.from(values as number[]);
    case 'UINT64': return BigUint64Array.from(values as number[], (v) => BigInt(v));
    case 'BOOL': return Uint8Array.from(values as boolean[], (v) => (v ? 1 : 0));
    case 'BYTES': return values as string[];
    default: throw new Error(`tensor datatype ${to} is not supported by this server`);
  }
}
