/** The request → runtime tensors → model → response round trip that both protocols' inference routes share. */
import type { Datatype } from '../runtime/datatypes';
import type { LoadedModel } from '../runtime/model';
import type { Tensor } from '../runtime/tensor';
import { toFeeds, toTensor, type RequestInput, type TensorOf } from './tensor-input';
import { toJsonData } from './tensor-output';

/** One output tensor as the REST protocols return it in JSON (V2 `outputs[]` entry). */
export interface ResponseOutput {
  name: string;
  datatype: Datatype;
  shape: number[];
  data: (number | boolean | string)[];
}

/** One model output, by name, as the runtime returned it. */
export interface NamedTensor {
  readonly name: string;
  readonly tensor: Tensor;
}

/** Validates and converts `inputs` (JSON data unless `tensorOf` says otherwise), runs the model, and returns the named outputs. */
export async function runModel(model: LoadedModel, inputs: readonly RequestInput[], outputNames: readonly string[],
  tensorOf: TensorOf = toTensor): Promise<NamedTensor[]> {
  const results = await model.run(toFeeds(inputs, model.inputs, tensorOf), outputNames);
  return outputNames.map((name) => ({ name, tensor: results[name] }));
}

/** An output as a JSON tensor. */
export function jsonOutput({ name, tensor }: NamedTensor): ResponseOutput {
  return { name, datatype: tensor.datatype, shape: [...tensor.shape], data: toJsonData(tensor) };
}

/** JSON in, JSON out: runModel with every output as a JSON tensor. */
export async function runInference(model: LoadedModel, inputs: readonly RequestInput[],
  outputNames: readonly string[]): Promise<ResponseOutput[]> {
  return (await runModel(model, inputs, outputNames)).map(jsonOutput);
}
