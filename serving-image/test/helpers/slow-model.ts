/**
 * Writes an ONNX model that onnxruntime takes long to load: the bundled model's input
 * (`input`, FP32 [batch, 4]) through a chain of Add nodes. Session creation optimises the graph
 * synchronously on the event loop (about 0.6 s for 2,000 nodes here), as a large production
 * model's load does — the start-up work that must not count as overload.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const valueInfo = (name: string): onnx.IValueInfoProto => ({
  name, type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: 'batch' }, { dimValue: 4 }] } } },
});

/** A temp folder holding the slow model.onnx (the caller removes it). */
export function writeSlowModel(nodes: number): string {
  const initializer: onnx.ITensorProto[] = [];
  const node: onnx.INodeProto[] = [];
  let previous = 'input';
  for (let i = 0; i < nodes; i++) {
    initializer.push({ name: `c${i}`, dims: [4], dataType: FLOAT, rawData: Buffer.alloc(16) });
    node.push({ opType: 'Add', input: [previous, `c${i}`], output: [`t${i}`], name: `add${i}` });
    previous = `t${i}`;
  }
  const model: onnx.IModelProto = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    graph: { name: 'slow_to_load', input: [valueInfo('input')], output: [valueInfo(previous)], initializer, node },
  };
  const dir = mkdtempSync(join(tmpdir(), 'slow-model-'));
  writeFileSync(join(dir, 'model.onnx'), onnx.ModelProto.encode(model).finish());
  return dir;
}
