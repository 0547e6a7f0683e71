/** Runs Open Inference Protocol V2 and KServe V1 requests against a loaded model. */
import { badRequest } from '../errors';
import { toJsonData, type OipDatatype } from './datatypes';
import type { LoadedModel } from './onnx-model';
import { nestedShape, toFeeds, type RequestInput } from './request-tensors';

export interface V2InferenceRequest {
  readonly id?: string;
  readonly parameters?: Record<string, unknown>;
  readonly inputs: readonly RequestInput[];
  readonly outputs?: readonly { readonly name: string }[];
}

export interface V2ResponseOutput {
  name: string;
  datatype: OipDatatype;
  shape: number[];
  data: (number | boolean | string)[];
}

export interface V2InferenceResponse {
  model_name: string;
  model_version: string;
  id?: string;
  outputs: V2ResponseOutput[];
}

function requestedOutputNames(model: LoadedModel, requested: V2InferenceRequest['outputs']): string[] {
  const all = model.outputs.map((o) => o.name);
  if (!requested || requested.length === 0) return all;
  return requested.map((o, i) => {
    if (!all.includes(o.name)) {
      throw badRequest(`outputs[${i}]: unknown output ${JSON.stringify(o.name)}; the model's outputs are: ${all.join(', ')}`);
    }
    return o.name;
  });
}

async function run(model: LoadedModel, inputs: readonly RequestInput[], outputNames: string[]): Promise<V2ResponseOutput[]> {
  const feeds = toFeeds(inputs, model.inputs);
  const results = await model.run(feeds, outputNames);
  return outputNames.map((name) => {
    const tensor = results[name];
    const spec = model.outputs.find((o) => o.name === name);
    return {
      name,
      datatype: spec!.datatype,
      shape: tensor.dims.map(Number),
      data: toJsonData(tensor),
    };
  });
}

export async function inferV2(model: LoadedModel, name: string, version: string,
  request: V2InferenceRequest): Promise<V2InferenceResponse> {
  const outputs = await run(model, request.inputs, requestedOutputNames(model, request.outputs));
  return { model_name: name, model_version: version, ...(request.id !== undefined ? { id: request.id } : {}), outputs };
}

/** Re-nests flat row-major data along `shape` (V1 predictions are nested per instance). */
export function nest(data: readonly unknown[], shape: readonly number[]): unknown {
  if (shape.length <= 1) return [...data];
  const stride = data.length / shape[0];
  return Array.from({ length: shape[0] }, (_, i) => nest(data.slice(i * stride, (i + 1) * stride), shape.slice(1)));
}

/**
 * KServe V1 predict: `instances` is the batch for the model's single input (datatype taken
 * from the model), and `predictions` is the model's first output, one entry per instance —
 * for the bundled classifier that is the class index, like KServe's sklearn server.
 */
export async function predictV1(model: LoadedModel, instances: readonly unknown[]): Promise<{ predictions: unknown }> {
  if (model.inputs.length !== 1) {
    throw badRequest(`the V1 protocol needs a single-input model; this model has inputs ${model.inputs.map((i) => i.name).join(', ')}: use V2`);
  }
  const input = model.inputs[0];
  const shape = nestedShape(instances, 'instances');
  const where = 'instances';
  const [output] = await run(model, [{ name: input.name, datatype: input.datatype, shape, data: instances }], [model.outputs[0].name])
    .catch((err: Error) => {
      // Reword V2 input paths ("inputs[0] (input)") to the V1 field the client actually sent.
      throw Object.assign(err, { message: err.message.replace(/^inputs\[0\] \([^)]*\)/, where) });
    });
  return { predictions: nest(output.data, output.shape) };
}
