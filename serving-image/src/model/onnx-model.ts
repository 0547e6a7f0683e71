/**
 * Loads an ONNX model directory (MODEL_DIR/model.onnx) into an onnxruntime CPU session and
 * describes its inputs/outputs in Open Inference Protocol terms, from the session's own
 * metadata — so any ONNX model in the same layout is served without code changes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InferenceSession, type Tensor } from 'onnxruntime-node';
import { oipDatatypeOf, type OipDatatype } from './datatypes';

export interface TensorSpec {
  readonly name: string;
  readonly datatype: OipDatatype;
  /** OIP metadata convention: -1 for a variable dimension. */
  readonly shape: readonly number[];
}

export interface LoadedModel {
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  /** Free-form string properties from the ONNX file (e.g. class_labels), surfaced in model metadata. */
  readonly properties: Readonly<Record<string, string>>;
  run(feeds: Record<string, Tensor>, outputNames: readonly string[]): Promise<Record<string, Tensor>>;
}

export class ModelLoadError extends Error {}

const SUPPORTED_INPUT_TYPES = new Set<OipDatatype>(['BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8',
  'INT16', 'INT32', 'INT64', 'FP32', 'FP64']);

function tensorSpecs(metadata: readonly InferenceSession.ValueMetadata[]): TensorSpec[] {
  return metadata.map((m) => {
    if (!m.isTensor) throw new ModelLoadError(`model value ${m.name} is not a tensor; only tensor inputs/outputs are served`);
    return {
      name: m.name,
      datatype: oipDatatypeOf(m.type),
      shape: m.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : -1)),
    };
  });
}

/** Yields the length-delimited fields of a protobuf message (other wire types are skipped). */
function* lengthDelimitedFields(bytes: Uint8Array): Generator<[number, Uint8Array]> {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[pos++];
      if (b === undefined || shift > 49) throw new ModelLoadError('model.onnx is not a valid protobuf');
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
    }
  };
  while (pos < bytes.length) {
    const key = varint();
    const wire = key & 7;
    if (wire === 0) varint();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const len = varint();
      yield [Math.floor(key / 8), bytes.subarray(pos, pos + len)];
      pos += len;
    } else throw new ModelLoadError(`model.onnx is not a valid protobuf (wire type ${wire})`);
  }
}

/**
 * Reads ModelProto.metadata_props (field 14: StringStringEntryProto{key = 1, value = 2});
 * onnxruntime-node does not expose them and a protobuf library is not worth a runtime dependency.
 */
export function readMetadataProps(bytes: Uint8Array): Record<string, string> {
  const text = new TextDecoder();
  const props: Record<string, string> = {};
  for (const [field, entry] of lengthDelimitedFields(bytes)) {
    if (field !== 14) continue;
    let key = '';
    let value = '';
    for (const [f, data] of lengthDelimitedFields(entry)) {
      if (f === 1) key = text.decode(data);
      if (f === 2) value = text.decode(data);
    }
    if (key) props[key] = value;
  }
  return props;
}

export async function loadModel(modelDir: string): Promise<LoadedModel> {
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
    run: (feeds, outputNames) => session.run(feeds, [...outputNames]),
  };
}
