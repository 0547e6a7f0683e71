/** Open Inference Protocol V2 inference: request → outputs (all, or the ones the request names). */
import type { LoadedModel } from '../runtime/model';
import { badRequest } from './errors';
import { excerpt } from './excerpt';
import { runInference, type ResponseOutput } from './run-inference';
import type { RequestInput } from './tensor-input';

/** A V2 inference request body (after schema validation). */
export interface V2InferenceRequest {
  readonly id?: string;
  readonly parameters?: Record<string, unknown>;
  readonly inputs: readonly RequestInput[];
  readonly outputs?: readonly { readonly name: string }[];
}

/** A V2 inference response body. */
export interface V2InferenceResponse {
  model_name: string;
  model_version: string;
  id?: string;
  outputs: ResponseOutput[];
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

/** Runs a V2 inference request against `model`, served as `name` version `version`. */
export async function inferV2(model: LoadedModel, name: string, version: string,
  request: V2InferenceRequest): Promise<V2InferenceResponse> {
  const outputs = await runInference(model, request.inputs, requestedOutputNames(model, request.outputs));
  return { model_name: name, model_version: version, ...(request.id !== undefined ? { id: request.id } : {}), outputs };
}
