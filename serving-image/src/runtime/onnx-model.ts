/**
 * The ONNX adapter: loads MODEL_DIR/model.onnx into an onnxruntime CPU session and exposes it
 * as a `LoadedModel` that speaks the runtime's own tensors. Inputs and outputs are described
 * from the session's own metadata, so any ONNX model in the same layout is served without code
 * changes. This is the only module that touches onnxruntime.
 */
// Must stay the first import: it sets the environment onnxruntime reads when it loads.
import './onnx-environment';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import type { Datatype } from './datatypes';
import { ModelLoadError, type LoadedModel } from './model';
import { readMetadataProps } from './onnx-metadata';
import type { Tensor, TensorData, TensorSpec } from './tensor';

const ORT_TO_DATATYPE: Partial<Record<string, Datatype>> = {
  bool: 'BOOL', uint8: 'UINT8', uint16: 'UINT16', uint32: 'UINT32', uint64: 'UINT64', int8: 'INT8',
  int16: 'INT16', int32: 'INT32', int64: 'INT64', float16: 'FP16', float32: 'FP32', float64: 'FP64', string: 'BYTES',
};
const DATATYPE_TO_ORT = Object.fromEntries(Object.entries(ORT_TO_DATATYPE).map(([ort, d]) => [d, ort])) as
  Record<Datatype, OrtTensor.Type>;

/** The datatype of an onnxruntime element type; throws for types the protocol cannot express. */
export function datatypeOfOrtType(ortType: string): Datatype {
  const datatype = ORT_TO_DATATYPE[ortType];
  if (!datatype) throw new ModelLoadError(`onnxruntime type ${ortType} has no Open Inference Protocol datatype`);
  return datatype;
}

/** FP16 has no JavaScript typed array the request path could fill, and BYTES inputs are not fed here. */
const SUPPORTED_INPUT_TYPES = new Set<Datatype>(['BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8',
  'INT16', 'INT32', 'INT64', 'FP32', 'FP64']);

function tensorSpecs(metadata: readonly InferenceSession.ValueMetadata[]): TensorSpec[] {
  return metadata.map((m) => {
    if (!m.isTensor) throw new ModelLoadError(`model value ${m.name} is not a tensor; only tensor inputs/outputs are served`);
    return {
      name: m.name,
      datatype: datatypeOfOrtType(m.type),
      shape: m.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : -1)),
    };
  });
}

const toOrt = (tensor: Tensor) =>
  new OrtTensor(DATATYPE_TO_ORT[tensor.datatype], tensor.data as OrtTensor.DataType, [...tensor.shape]);

const fromOrt = (tensor: OrtTensor): Tensor => ({
  datatype: datatypeOfOrtType(tensor.type),
  shape: tensor.dims.map(Number),
  data: tensor.data as TensorData,
});

/** Loads `modelDir`/model.onnx; every failure is a ModelLoadError that names the file. */
export async function loadOnnxModel(modelDir: string): Promise<LoadedModel> {
  const path = join(modelDir, 'model.onnx');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new ModelLoadError(`cannot read ${path}: ${(err as Error).message}`);
  }
  let session: InferenceSession;
  try {
    // One intra-op thread: a pod is sized by its CPU request and scaled out by replicas,
    // and small models are dominated by per-call overhead rather than parallelism.
    session = await InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  } catch (err) {
    throw new ModelLoadError(`cannot load ${path} with onnxruntime: ${(err as Error).message}`);
  }
  const inputs = tensorSpecs(session.inputMetadata);
  const outputs = tensorSpecs(session.outputMetadata);
  for (const input of inputs) {
    if (!SUPPORTED_INPUT_TYPES.has(input.datatype)) {
      throw new ModelLoadError(`model input ${input.name} has datatype ${input.datatype}, which this server cannot feed`);
    }
  }
  let properties: Record<string, string> = {};
  try {
    properties = readMetadataProps(bytes);
  } catch {
    properties = {}; // onnxruntime accepted the file; metadata is optional decoration.
  }
  return {
    inputs,
    outputs,
    properties,
    run: async (feeds, outputNames) => {
      const ortFeeds: Record<string, OrtTensor> = {};
      for (const [name, tensor] of feeds) ortFeeds[name] = toOrt(tensor);
      const results = await session.run(ortFeeds, [...outputNames]);
      const out: Record<string, Tensor> = {};
      for (const name of outputNames) out[name] = fromOrt(results[name]);
      return out;
    },
  };
}
