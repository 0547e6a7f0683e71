/**
 * The body framing of the Open Inference Protocol's binary tensor data extension (as Triton and
 * KServe define it): the `Inference-Header-Content-Length` request header gives the byte length
 * of the JSON inference header at the start of the body; the bytes after it are the tensor data
 * of the inputs that carry `parameters.binary_data_size`, in input order.
 *
 * A length of 0 is a raw binary request: the whole body is the data of the model's only input,
 * whose datatype comes from the model and whose shape is deduced from the byte count (at most
 * one variable dimension). It is turned here into the header Triton deduces for it — one input,
 * every output returned as binary — so the rest of the server handles one kind of request.
 */
import type { LoadedModel } from '../runtime/model';
import type { TensorSpec } from '../runtime/tensor';
import { ELEMENT_BYTES } from '../runtime/tensor-bytes';
import { badRequest } from './errors';
import { excerpt } from './excerpt';
import { parseJsonBytes } from './json-body';

/** The request (and response) header that carries the JSON header's byte length. */
export const HEADER_LENGTH_HEADER = 'inference-header-content-length';

/** A framed body: the JSON header, parsed, and the tensor bytes after it. */
export interface FramedBody {
  readonly header: unknown;
  readonly tensorBytes: Uint8Array;
}

/** The header length a request declares, checked against its body (400 when it cannot be used). */
export function declaredHeaderLength(value: string | string[] | undefined, bodyLength: number): number {
  const text = Array.isArray(value) ? value.join(', ') : value ?? '';
  if (!/^\d{1,10}$/.test(text)) {
    throw badRequest(`Inference-Header-Content-Length must be a byte count (a non-negative integer), got ${excerpt(text)}`);
  }
  const length = Number(text);
  if (length > bodyLength) {
    throw badRequest(`Inference-Header-Content-Length is ${length}, but the body has only ${bodyLength} bytes`);
  }
  return length;
}

/** Splits a body at the declared header length; a raw binary request gets its deduced header. */
export function splitFramedBody(body: Buffer, headerLength: number, model: LoadedModel): FramedBody {
  if (headerLength === 0) return { header: rawRequestHeader(model, body.byteLength), tensorBytes: body };
  return { header: parseJsonBytes(body.subarray(0, headerLength)), tensorBytes: body.subarray(headerLength) };
}

/**
 * The header of a raw binary request of `byteLength` bytes: the model's only input, in its own
 * datatype, with its variable dimension (at most one) deduced from the size. All outputs are
 * returned as binary data, as Triton does.
 */
export function rawRequestHeader(model: LoadedModel, byteLength: number): unknown {
  if (model.inputs.length !== 1) {
    throw badRequest(`a raw binary request (Inference-Header-Content-Length: 0) needs a model with one input; `
      + `this model has ${model.inputs.length}: ${model.inputs.map((i) => i.name).join(', ')}`);
  }
  const spec = model.inputs[0];
  return {
    inputs: [{ name: spec.name, datatype: spec.datatype, shape: deducedShape(spec, byteLength), parameters: { binary_data_size: byteLength } }],
    parameters: { binary_data_output: true },
  };
}

/** The shape of `spec` that `byteLength` bytes fill; 400 when no shape does. */
export function deducedShape(spec: TensorSpec, byteLength: number): number[] {
  const where = `a raw binary request for input ${spec.name} (${spec.datatype} [${spec.shape.join(',')}])`;
  const variable = spec.shape.filter((d) => d === -1).length;
  if (spec.datatype === 'BYTES') {
    // Triton takes the whole body as one BYTES element here, without the length prefix every
    // other BYTES encoding has: ambiguous enough to refuse rather than guess.
    throw badRequest(`${where}: BYTES inputs cannot be sent raw; send a JSON header with binary_data_size`);
  }
  if (variable > 1) throw badRequest(`${where}: the shape has ${variable} variable dimensions; at most one can be deduced from the size`);
  const fixedElements = spec.shape.reduce((n, d) => (d === -1 ? n : n * d), 1);
  const rowBytes = fixedElements * ELEMENT_BYTES[spec.datatype];
  if (byteLength === 0 || byteLength % rowBytes !== 0 || (variable === 0 && byteLength !== rowBytes)) {
    throw badRequest(`${where}: ${byteLength} bytes are not ${variable === 0 ? 'exactly' : 'a positive multiple of'} ${rowBytes} bytes`);
  }
  return spec.shape.map((d) => (d === -1 ? byteLength / rowBytes : d));
}
