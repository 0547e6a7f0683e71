/**
 * Open Inference Protocol V2 inference: request → outputs (all, or the ones the request names),
 * with inputs and outputs as JSON or as binary tensor data (binary-tensors.ts).
 */
import type { LoadedModel } from '../runtime/model';
import { binaryInput, binaryOutput, framedResponse, outputIsBinary, sliceBinaryInputs } from './binary-tensors';
import { badRequest } from './errors';
import { excerpt } from './excerpt';
import { jsonOutput, runModel, type ResponseOutput } from './run-inference';
import type { RequestInput } from './tensor-input';

/** A V2 inference request body (after schema validation). */
export interface V2InferenceRequest {
  readonly id?: string;
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly inputs: readonly RequestInput[];
  readonly outputs?: readonly { readonly name: string; readonly parameters?: Readonly<Record<string, unknown>> }[];
}

/** A V2 inference response body (JSON outputs only). */
export interface V2InferenceResponse {
  model_name: string;
  model_version: string;
  id?: string;
  outputs: ResponseOutput[];
}

/** A response with binary outputs: the JSON header and the bytes after it, framed. */
export interface V2BinaryResponse {
  readonly body: Buffer;
  readonly headerLength: number;
}

/** The output names a request asks for (all of the model's when it names none); 400 for an unknown name. */
export function requestedOutputNames(model: LoadedModel, requested: readonly { readonly name: string }[] | undefined): string[] {
  const all = model.outputs.map((o) => o.name);
  if (!requested || requested.length === 0) return all;
  return requested.map((o, i) => {
    if (!all.includes(o.name)) {
      throw badRequest(`outputs[${i}]: unknown output ${excerpt(o.name)}; the model's outputs are: ${all.join(', ')}`);
    }
    return o.name;
  });
}

/**
 * Runs a V2 inference request against `model`, served as `name` version `version`.
 * `tensorBytes` are the bytes after the JSON header of a binary-framed request (undefined for
 * plain JSON). The answer is a JSON response, or a framed one when any output is binary.
 */
export async function inferV2(model: LoadedModel, name: string, version: string, request: V2InferenceRequest,
  tensorBytes?: Uint8Array): Promise<V2InferenceResponse | V2BinaryResponse> {
  const outputNames = requestedOutputNames(model, request.outputs);
  const slices = sliceBinaryInputs(request.inputs, tensorBytes);
  const inputs = slices.size === 0 ? request.inputs
    : request.inputs.map((input, i) => { const bytes = slices.get(i); return bytes === undefined ? input : binaryInput(input, bytes); });
  const results = await runModel(model, inputs, outputNames);
  const head = { model_name: name, model_version: version, ...(request.id !== undefined ? { id: request.id } : {}) };
  const binaryDefault = request.parameters?.binary_data_output === true;
  if (!binaryDefault && !request.outputs?.some((o) => o.parameters?.binary_data === true)) {
    return { ...head, outputs: results.map(jsonOutput) };
  }
  const bytes: Uint8Array[] = [];
  const outputs = results.map((result) => {
    if (!outputIsBinary(result.name, request.outputs, binaryDefault)) return jsonOutput(result);
    const binary = binaryOutput(result.name, result.tensor);
    bytes.push(binary.bytes);
    return binary.json;
  });
  return framedResponse({ ...head, outputs }, bytes);
}
