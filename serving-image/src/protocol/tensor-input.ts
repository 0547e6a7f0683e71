/**
 * Turns request tensors into runtime tensors, rejecting — with a 400 (gRPC: INVALID_ARGUMENT)
 * that names the input and the offending value — everything the model cannot take: unknown or
 * missing inputs, unconvertible datatypes, shapes that do not match the data or the model,
 * ragged or non-numeric data, values out of range. Nothing a client sends may reach the runtime
 * malformed, so client errors never turn into 5xx.
 *
 * Protocol-neutral: REST hands in JSON elements (`RequestInput`), gRPC hands in a decoder of its
 * typed or raw contents (`DecodedRequestInput`); both go through the same name, datatype, shape
 * and element checks, in the same order, so both protocols answer the same mistake alike.
 */
import { convertible, invalidElement, toTypedData, type Datatype } from '../runtime/datatypes';
import type { Tensor, TensorData, TensorSpec } from '../runtime/tensor';
import { halfToNumber } from '../runtime/tensor-bytes';
import { badRequest } from './errors';
import { excerpt } from './excerpt';

/** One entry of a V2 request's `inputs` (after schema validation): JSON elements, flat or nested along `shape`. */
export interface RequestInput {
  readonly name: string;
  readonly shape: readonly number[];
  readonly datatype: Datatype;
  /** JSON data; absent when the input's bytes follow the JSON header (binary tensor data extension). */
  readonly data?: readonly unknown[];
  readonly parameters?: Readonly<Record<string, unknown>>;
}

/**
 * An input whose elements arrive as binary (gRPC typed contents or raw bytes). `decode` returns
 * them as a tensor of the request's own datatype and shape, throwing a 400 that starts with
 * `where`; it is called only after the name, datatype and shape checks passed.
 */
export interface DecodedRequestInput {
  readonly name: string;
  readonly shape: readonly number[];
  readonly datatype: Datatype;
  decode(where: string): Tensor;
}

/** Any request input. */
export type AnyRequestInput = RequestInput | DecodedRequestInput;

/** Hard cap on elements per input, independent of the body limit (a shape can claim anything). */
export const MAX_ELEMENTS = 10_000_000;

/** Highest tensor rank accepted; the V2 schema's shape.maxItems uses the same bound. */
export const MAX_RANK = 32;

const shapeText = (shape: readonly number[]) => `[${shape.join(',')}]`;

/**
 * Flattens `data` (flat, or nested exactly along `shape`, as the protocol allows) in row-major order.
 * `where` names the tensor in error messages.
 */
export function flattenData(data: readonly unknown[], shape: readonly number[], where: string): readonly unknown[] {
  const expected = shape.reduce((a, b) => a * b, 1);
  if (!data.some(Array.isArray)) {
    if (data.length !== expected) {
      throw badRequest(`${where}: shape ${shapeText(shape)} needs ${expected} elements but data has ${data.length}`);
    }
    return data;
  }
  const flat: unknown[] = [];
  const walk = (node: readonly unknown[], depth: number, path: string) => {
    if (depth >= shape.length || node.length !== shape[depth]) {
      throw badRequest(`${where}: data${path} has ${node.length} elements where shape ${shapeText(shape)} `
        + (depth >= shape.length ? 'has no further dimension' : `expects ${shape[depth]}`));
    }
    node.forEach((child, i) => {
      if (Array.isArray(child)) walk(child, depth + 1, `${path}[${i}]`);
      else if (depth === shape.length - 1) flat.push(child);
      else throw badRequest(`${where}: data${path}[${i}] is ${excerpt(child)} but shape ${shapeText(shape)} expects a nested array there`);
    });
  };
  walk(data, 0, '');
  return flat;
}

function checkShapeAgainstModel(input: AnyRequestInput, spec: TensorSpec, where: string): void {
  if (input.shape.length !== spec.shape.length) {
    throw badRequest(`${where}: shape ${shapeText(input.shape)} has rank ${input.shape.length}, model expects rank `
      + `${spec.shape.length} ${shapeText(spec.shape)}`);
  }
  input.shape.forEach((dim, i) => {
    if (spec.shape[i] !== -1 && spec.shape[i] !== dim) {
      throw badRequest(`${where}: shape ${shapeText(input.shape)} dimension ${i} is ${dim}, model expects `
        + `${spec.shape[i]} (model shape ${shapeText(spec.shape)})`);
    }
  });
  const elements = input.shape.reduce((a, b) => a * b, 1);
  if (elements === 0) throw badRequest(`${where}: shape ${shapeText(input.shape)} has no elements`);
  if (elements > MAX_ELEMENTS) throw badRequest(`${where}: shape ${shapeText(input.shape)} exceeds ${MAX_ELEMENTS} elements`);
}

/** One request input as a runtime tensor in the model input's datatype. */
export function toTensor(input: AnyRequestInput, spec: TensorSpec, where: string): Tensor {
  if (!convertible(input.datatype, spec.datatype)) {
    throw badRequest(`${where}: datatype ${input.datatype} cannot be converted to the model's ${spec.datatype}`);
  }
  checkShapeAgainstModel(input, spec, where);
  if ('decode' in input) return convertDecoded(input.decode(where), spec, where);
  if (input.data === undefined) throw badRequest(`${where}: needs data`);
  const flat = flattenData(input.data, input.shape, where);
  const same = input.datatype === spec.datatype;
  for (let i = 0; i < flat.length; i++) {
    const problem = invalidElement(flat[i], input.datatype) ?? (same ? undefined : invalidElement(flat[i], spec.datatype));
    if (problem) throw badRequest(`${where}: data element ${i} (${excerpt(flat[i])}) ${problem}`);
  }
  return { datatype: spec.datatype, shape: [...input.shape], data: toTypedData(flat, spec.datatype) };
}

/** Feeds for every model input, from the request's inputs matched by name. */
export function toFeeds(inputs: readonly AnyRequestInput[], specs: readonly TensorSpec[]): Map<string, Tensor> {
  // A Map, not an object: an input named "__proto__" or "constructor" must not hit Object.prototype.
  const feeds = new Map<string, Tensor>();
  const known = specs.map((s) => s.name).join(', ');
  inputs.forEach((input, i) => {
    const spec = specs.find((s) => s.name === input.name);
    if (!spec) throw badRequest(`inputs[${i}]: unknown input ${excerpt(input.name)}; the model's inputs are: ${known}`);
    if (feeds.has(input.name)) throw badRequest(`inputs[${i}]: input ${excerpt(input.name)} is given twice`);
    feeds.set(input.name, toTensor(input, spec, `inputs[${i}] (${spec.name})`));
  });
  const missing = specs.filter((s) => !feeds.has(s.name)).map((s) => s.name);
  if (missing.length > 0) throw badRequest(`inputs: missing model input(s) ${missing.join(', ')}`);
  return feeds;
}

type NumericData = Exclude<TensorData, readonly string[]>;
const INT64_RANGE = [-(2n ** 63n), 2n ** 63n - 1n] as const;
const UINT64_RANGE = [0n, 2n ** 64n - 1n] as const;

/**
 * A decoded tensor (request datatype) as the model input's datatype. The same datatype is passed
 * on as sent, without a copy or a scan: bytes can carry NaN and infinities, which tree models read
 * as missing values and Triton passes on too. A conversion follows the JSON path's element rules:
 * it must keep every value (range, integrality), and a value JSON cannot carry is refused.
 */
function convertDecoded(tensor: Tensor, spec: TensorSpec, where: string): Tensor {
  const fail = (i: number, value: unknown, problem: string) =>
    badRequest(`${where}: data element ${i} (${typeof value === 'bigint' ? String(value) : excerpt(value)}) ${problem}`);
  if (tensor.datatype === 'BYTES' || tensor.datatype === 'BOOL') return tensor; // convertible() allowed only the same type
  const data = tensor.data as NumericData;
  if (tensor.datatype === spec.datatype) return tensor;
  if (spec.datatype === 'INT64' || spec.datatype === 'UINT64') {
    // Only integer datatypes convert to these (convertible); compared as BigInt, so no value beyond 2^53 is rounded.
    const [min, max] = spec.datatype === 'INT64' ? INT64_RANGE : UINT64_RANGE;
    const values: bigint[] = new Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const value = BigInt(data[i]);
      if (value < min || value > max) throw fail(i, value, `is out of range for ${spec.datatype}`);
      values[i] = value;
    }
    return { datatype: spec.datatype, shape: tensor.shape,
      data: spec.datatype === 'INT64' ? BigInt64Array.from(values) : BigUint64Array.from(values) };
  }
  const half = tensor.datatype === 'FP16';
  const values: number[] = new Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const value = half ? halfToNumber(data[i] as number) : Number(data[i]);
    const problem = invalidElement(value, spec.datatype);
    if (problem) throw fail(i, typeof data[i] === 'bigint' ? data[i] : value, problem);
    values[i] = value;
  }
  return { datatype: spec.datatype, shape: tensor.shape, data: toTypedData(values, spec.datatype) };
}

/** Infers the shape of a nested array (V1 `instances`); throws on ragged data. */
export function nestedShape(data: readonly unknown[], where: string): number[] {
  const shape: number[] = [];
  let node: unknown = data;
  while (Array.isArray(node)) {
    // Bounded before flattenData recurses: a 1 MB body can nest arrays ~500k deep.
    if (shape.length === MAX_RANK) throw badRequest(`${where}: nested more than ${MAX_RANK} levels deep`);
    shape.push(node.length);
    node = node[0];
  }
  flattenData(data, shape, where); // validates that every branch has this shape
  return shape;
}
