/**
 * A ModelInferRequest's inputs as protocol-neutral request inputs (tensor-input.ts), with the
 * checks only the gRPC message needs: datatype names, shapes given as int64, and the rules of
 * the proto for raw contents — one `raw_input_contents` entry per input, in order, and then no
 * typed `contents` on any input. Element decoding is deferred until tensor-input.ts has checked
 * names, datatypes and shapes against the model, so every mistake gets the message REST gives.
 */
import { DATATYPES, type Datatype } from '../../runtime/datatypes';
import { badRequest } from '../errors';
import { excerpt } from '../excerpt';
import { MAX_RANK, type DecodedRequestInput } from '../tensor-input';
import { CONTENTS_FIELD, decodeContents, decodeRaw } from './contents';
import type { InferInputTensor, Int64, ModelInferRequest } from './messages';

const KNOWN_DATATYPES = new Set<string>(DATATYPES);

function datatypeOf(input: InferInputTensor, label: string): Datatype {
  if (!KNOWN_DATATYPES.has(input.datatype)) {
    throw badRequest(`${label}: datatype ${excerpt(input.datatype)} is not one of ${DATATYPES.join(', ')}`);
  }
  return input.datatype as Datatype;
}

function shapeOf(shape: readonly Int64[], label: string): number[] {
  if (shape.length > MAX_RANK) throw badRequest(`${label}: shape has rank ${shape.length}; at most ${MAX_RANK} dimensions are accepted`);
  return shape.map((dim, i) => {
    const value = Number(dim);
    // Same rule as the REST schema (integers ≥ 0); int64 arrives as a decimal string.
    if (!/^\d+$/.test(String(dim)) || !Number.isSafeInteger(value)) {
      throw badRequest(`${label}: shape dimension ${i} is ${excerpt(String(dim))}; dimensions are whole numbers from 0`);
    }
    return value;
  });
}

/** Whether the request carries its tensors as raw bytes (and the response should too, as KServe and Triton answer). */
export const isRaw = (request: ModelInferRequest) => request.raw_input_contents.length > 0;

/** The request's inputs, each with a decoder for its typed or raw contents. */
export function requestInputs(request: ModelInferRequest): DecodedRequestInput[] {
  const raw = request.raw_input_contents;
  if (raw.length > 0 && raw.length !== request.inputs.length) {
    throw badRequest(`raw_input_contents has ${raw.length} entries but inputs has ${request.inputs.length}; `
      + 'send one entry per input, in the order of inputs');
  }
  return request.inputs.map((input, i) => {
    const label = `inputs[${i}]`;
    const datatype = datatypeOf(input, label);
    const shape = shapeOf(input.shape, label);
    if (raw.length > 0) {
      if (input.contents) throw badRequest(`${label}: contents must not be set when raw_input_contents is used (the proto allows one or the other)`);
      return { name: input.name, datatype, shape, decode: (where) => decodeRaw(raw[i], datatype, shape, where, i) };
    }
    const contents = input.contents;
    if (!contents) {
      const field = CONTENTS_FIELD[datatype];
      throw badRequest(`${label}: no tensor data: set ${field ? `contents.${field} or ` : ''}raw_input_contents`);
    }
    return { name: input.name, datatype, shape, decode: (where) => decodeContents(contents, datatype, shape, where) };
  });
}
