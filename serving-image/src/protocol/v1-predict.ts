/** KServe V1 predict: `{"instances": […]}` → `{"predictions": […]}` on top of the shared inference path. */
import type { LoadedModel } from '../runtime/model';
import { badRequest } from './errors';
import { runInference } from './run-inference';
import { nestedShape } from './tensor-input';

/** Re-nests flat row-major data along `shape` (V1 predictions are nested per instance). */
export function nest(data: readonly unknown[], shape: readonly number[]): unknown {
  if (shape.length <= 1) return [...data];
  const stride = data.length / shape[0];
  return Array.from({ length: shape[0] }, (_, i) => nest(data.slice(i * stride, (i + 1) * stride), shape.slice(1)));
}

/**
 * `instances` is the batch for the model's single input (datatype taken from the model), and
 * `predictions` is the model's first output, one entry per instance — for the bundled
 * classifier that is the class index, like KServe's sklearn server.
 */
export async function predictV1(model: LoadedModel, instances: readonly unknown[]): Promise<{ predictions: unknown }> {
  if (model.inputs.length !== 1) {
    throw badRequest(`the V1 protocol needs a single-input model; this model has inputs ${model.inputs.map((i) => i.name).join(', ')}: use V2`);
  }
  const input = model.inputs[0];
  const shape = nestedShape(instances, 'instances');
  const where = 'instances';
  const [output] = await runInference(model, [{ name: input.name, datatype: input.datatype, shape, data: instances }], [model.outputs[0].name])
    .catch((err: Error) => {
      // Reword V2 input paths ("inputs[0] (input)") to the V1 field the client actually sent.
      throw Object.assign(err, { message: err.message.replace(/^inputs\[0\] \([^)]*\)/, where) });
    });
  return { predictions: nest(output.data, output.shape) };
}
