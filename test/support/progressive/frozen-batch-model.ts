/**
 * A genuinely broken candidate model, made the way such models are made in practice: the project's
 * own trained Iris classifier, re-exported as if a tracing exporter had frozen the example batch
 * size into a Reshape (`torch.onnx.export` with a batch-2 example and a `.view(2, 4)`). It loads, its
 * metadata still says `[batch, 4]`, and it answers batches of exactly 2 — every other batch size
 * fails inside onnxruntime, which the server reports as 500. Nothing in the server is switched.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { onnx } from 'onnx-proto';

const BUNDLED_MODEL = join(__dirname, '..', '..', '..', 'serving-image', 'model', 'iris', 'model.onnx');

/** Writes the frozen-batch model into a new temp folder (as model.onnx) and returns the folder. */
export function writeFrozenBatchModel(frozenBatch = 2): string {
  const model = onnx.ModelProto.decode(readFileSync(BUNDLED_MODEL));
  const graph = model.graph!;
  const input = graph.input![0];
  const features = Number(input.type!.tensorType!.shape!.dim![1].dimValue);
  const shape = Buffer.alloc(16);
  shape.writeBigInt64LE(BigInt(frozenBatch), 0);
  shape.writeBigInt64LE(BigInt(features), 8);
  graph.initializer!.push({ name: 'traced_shape', dims: [2], dataType: onnx.TensorProto.DataType.INT64, rawData: shape });
  graph.node!.unshift({ opType: 'Reshape', input: [input.name!, 'traced_shape'], output: ['traced_input'], name: 'traced_view' });
  for (const node of graph.node!.slice(1)) node.input = node.input!.map((name) => (name === input.name ? 'traced_input' : name));
  const dir = mkdtempSync(join(tmpdir(), 'frozen-batch-model-'));
  writeFileSync(join(dir, 'model.onnx'), onnx.ModelProto.encode(model).finish());
  return dir;
}
