/**
 * Open Inference Protocol datatypes and their onnxruntime counterparts, with the value
 * rules a request must satisfy for each (integer ranges, booleans, strings).
 */
import type { Tensor } from 'onnxruntime-node';

export type OipDatatype = 'BOOL' | 'UINT8' | 'UINT16' | 'UINT32' | 'UINT64' | 'INT8' | 'INT16' | 'INT32'
  | 'INT64' | 'FP16' | 'FP32' | 'FP64' | 'BYTES';

export const OIP_DATATYPES: readonly OipDatatype[] = ['BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8',
  'INT16', 'INT32', 'INT64', 'FP16', 'FP32', 'FP64', 'BYTES'];

export type OrtType = Tensor.Type;

const ORT_TO_OIP: Partial<Record<string, OipDatatype>> = {
  bool: 'BOOL', uint8: 'UINT8', uint16: 'UINT16', uint32: 'UINT32', uint64: 'UINT64', int8: 'INT8',
  int16: 'INT16', int32: 'INT32', int64: 'INT64', float16: 'FP16', float32: 'FP32', float64: 'FP64', string: 'BYTES',
};

export function oipDatatypeOf(ortType: string): OipDatatype {
  const datatype = ORT_TO_OIP[ortType];
  if (!datatype) throw new Error(`onnxruntime type ${ortType} has no Open Inference Protocol datatype`);
  return datatype;
}

const INTEGER_RANGES: Partial<Record<OipDatatype, readonly [number, number]>> = {
  UINT8: [0, 255], UINT16: [0, 65535], UINT32: [0, 4294967295], UINT64: [0, Number.MAX_SAFE_INTEGER],
  INT8: [-128, 127], INT16: [-32768, 32767], INT32: [-2147483648, 2147483647],
  INT64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const FLOAT_MAX: Partial<Record<OipDatatype, number>> = { FP16: 65504, FP32: 3.4028234663852886e38, FP64: Number.MAX_VALUE };

export const isNumericDatatype = (d: OipDatatype) => d in INTEGER_RANGES || d in FLOAT_MAX;
export const isIntegerDatatype = (d: OipDatatype) => d in INTEGER_RANGES;

/** Returns why `value` is not a valid element of `datatype`, or undefined when it is. */
export function invalidElement(value: unknown, datatype: OipDatatype): string | undefined {
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
 * Whether request values of `from` can be handed to a model input of `to` without changing
 * their meaning: anything numeric fits a float input; integer inputs need integer data.
 */
export function convertible(from: OipDatatype, to: OipDatatype): boolean {
  if (from === to) return true;
  if (to === 'BOOL' || to === 'BYTES' || from === 'BOOL' || from === 'BYTES') return false;
  if (isIntegerDatatype(to)) return isIntegerDatatype(from);
  return isNumericDatatype(from);
}

/** Builds the typed array onnxruntime expects for a model input of `to`. */
export function toTypedData(values: readonly unknown[], to: OipDatatype): Tensor.DataType {
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
    default: throw new Error(`model input datatype ${to} is not supported by this server`);
  }
}

/** JSON-safe element values of an output tensor (BigInt → number, bool bytes → boolean). */
export function toJsonData(tensor: Tensor): (number | boolean | string)[] {
  const data = tensor.data as ArrayLike<number | bigint | string>;
  const out = new Array<number | boolean | string>(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    out[i] = typeof v === 'bigint' ? Number(v) : tensor.type === 'bool' ? v === 1 : v;
  }
  return out;
}
