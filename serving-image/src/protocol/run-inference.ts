/**
 * The request tensors → model → output tensors round trip that every protocol's inference shares:
 * `runModel` returns runtime tensors (gRPC encodes them as protobuf contents or raw bytes, the
 * binary tensor data extension as bytes after the JSON), `jsonOutput` turns one into the REST
 * protocols' JSON tensor.
 */
import type { Datatype } from '../runtime/datatypes';
import type { LoadedModel } from '../runtime/model';
import type { Tensor } from '../runtime/tensor';
import { toFeeds, type AnyRequestInput } from './tensor-input';
import { toJsonData } from './tensor-output';

/** One output tensor as the REST protocols return it in JSON (V2 `outputs[]` entry). */
export interface ResponseOutput {
  name: string;
  datatype: Datatype;
  shape: number[];
  data: (number | boolean | string)[];
}

/** One named output tensor of a model run. */
export interface NamedOutput {
  readonly name: string;
  readonly tensor: Tensor;
}

/** Validates and converts `inputs`, runs the model, and returns the named outputs in the order asked. */
export async function runModel(model: LoadedModel, inputs: readonly AnyRequestInput[],
  outputNames: readonly string[]): Promise<NamedOutput[]> {
  const feeds = toFeeds(inputs, model.inputs);
  const results = await model.run(feeds, outputNames);
  return outputNames.map((name) => {
    const tensor = results[name];
    // The model's declared datatype names the output (the adapter's own type maps onto it one to one).
    const spec = model.outputs.find((o) => o.name === name);
    return { name, tensor: spec && spec.datatype !== tensor.datatype ? { ...tensor, datatype: spec.datatype } : tensor };
  });
}

/** An output as a JSON tensor. */
export function jsonOutput({ name, tensor }: NamedOutput): ResponseOutput {
  return { name, datatype: tensor.datatype, shape: [...tensor.shape], data: toJsonData(tensor) };
}

/** Validates and converts `inputs`, runs the model, and returns the named outputs as JSON tensors. */
export async function runInference(model: LoadedModel, inputs: readonly AnyRequestInput[],
  outputNames: readonly string[]): Promise<ResponseOutput[]> {
  return (await runModel(model, inputs, outputNames)).map(jsonOutput);
}
