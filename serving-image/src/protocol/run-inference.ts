/** The JSON → runtime tensors → model → JSON round trip that both protocols' inference routes share. */
import type { Datatype } from '../runtime/datatypes';
import type { LoadedModel } from '../runtime/model';
import { toFeeds, type RequestInput } from './tensor-input';
import { toJsonData } from './tensor-output';

/** One output tensor as the REST protocols return it (V2 `outputs[]` entry). */
export interface ResponseOutput {
  name: string;
  datatype: Datatype;
  shape: number[];
  data: (number | boolean | string)[];
}

/** Validates and converts `inputs`, runs the model, and returns the named outputs as JSON tensors. */
export async function runInference(model: LoadedModel, inputs: readonly RequestInput[],
  outputNames: readonly string[]): Promise<ResponseOutput[]> {
  const feeds = toFeeds(inputs, model.inputs);
  const results = await model.run(feeds, outputNames);
  return outputNames.map((name) => {
    const tensor = results[name];
    const spec = model.outputs.find((o) => o.name === name);
    return {
      name,
      datatype: spec!.datatype,
      shape: [...tensor.shape],
      data: toJsonData(tensor),
    };
  });
}
