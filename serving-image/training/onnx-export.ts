/**
 * Serialises a linear classifier as an ONNX model (opset 13) with onnx-proto:
 *
 *   input  FP32 [batch, features]
 *     → MatMul(weights) → Add(bias) = logits
 *     → Softmax(axis 1)           = probabilities  FP32 [batch, classes]
 *     → ArgMax(axis 1, keepdims 0) = label          INT64 [batch]
 *
 * Initialisers are stored as little-endian raw bytes so the output is byte-stable.
 */
import { onnx } from 'onnx-proto';
import type { LinearModel } from './logistic-regression';

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

function float32Initializer(name: string, dims: number[], values: number[]): onnx.ITensorProto {
  const raw = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => raw.writeFloatLE(v, i * 4));
  return { name, dims, dataType: FLOAT, rawData: raw };
}

function tensorValueInfo(name: string, elemType: number, dims: (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

export interface ExportOptions {
  readonly inputName: string;
  readonly classLabels: readonly string[];
  readonly docString: string;
}

export function exportLinearClassifier(model: LinearModel, options: ExportOptions): Uint8Array {
  const features = model.weights.length;
  const classes = model.bias.length;
  const graph: onnx.IGraphProto = {
    name: 'linear_classifier',
    input: [tensorValueInfo(options.inputName, FLOAT, ['batch', features])],
    output: [
      tensorValueInfo('label', INT64, ['batch']),
      tensorValueInfo('probabilities', FLOAT, ['batch', classes]),
    ],
    initializer: [
      float32Initializer('weights', [features, classes], model.weights.flat()),
      float32Initializer('bias', [classes], model.bias),
    ],
    node: [
      { opType: 'MatMul', input: [options.inputName, 'weights'], output: ['scores'], name: 'matmul' },
      { opType: 'Add', input: ['scores', 'bias'], output: ['logits'], name: 'add_bias' },
      {
        opType: 'Softmax', input: ['logits'], output: ['probabilities'], name: 'softmax',
        attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 }],
      },
      {
        opType: 'ArgMax', input: ['logits'], output: ['label'], name: 'argmax',
        attribute: [
          { name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 },
          { name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 },
        ],
      },
    ],
  };
  const modelProto = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'cdk8s-model-serving/serving-image',
    producerVersion: '1',
    docString: options.docString,
    graph,
    // Surfaced by the model metadata endpoint, so clients can map label indices to names.
    metadataProps: [{ key: 'class_labels', value: options.classLabels.join(',') }],
  });
  return onnx.ModelProto.encode(modelProto).finish();
}
