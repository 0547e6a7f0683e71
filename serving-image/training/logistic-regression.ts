/**
 * Multinomial logistic regression trained by full-batch gradient descent.
 *
 * Deliberately dependency-free and deterministic: zero initialisation, a fixed
 * learning rate and a fixed number of epochs, no random shuffling — so running
 * the training script twice produces byte-identical weights, which lets a test
 * prove that the committed model.onnx is the one this code produces.
 */
export interface TrainingOptions {
  readonly epochs: number;
  readonly learningRate: number;
  /** L2 penalty; keeps the weights (and hence the float32 export) small and stable. */
  readonly l2: number;
}

/** A linear model over raw (unstandardised) features: logits = x · weights + bias. */
export interface LinearModel {
  /** weights[feature][class] */
  readonly weights: number[][];
  /** bias[class] */
  readonly bias: number[];
}

export const DEFAULT_TRAINING_OPTIONS: TrainingOptions = { epochs: 1500, learningRate: 0.5, l2: 1e-3 };

export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export function logits(model: LinearModel, x: readonly number[]): number[] {
  return model.bias.map((b, k) => x.reduce((acc, xi, j) => acc + xi * model.weights[j][k], b));
}

export function predictClass(model: LinearModel, x: readonly number[]): number {
  const z = logits(model, x);
  return z.indexOf(Math.max(...z));
}

export function accuracy(model: LinearModel, xs: readonly number[][], ys: readonly number[]): number {
  const correct = xs.filter((x, i) => predictClass(model, x) === ys[i]).length;
  return correct / xs.length;
}

/**
 * Trains on standardised features (gradient descent converges far better when
 * features share a scale), then folds the standardisation into the weights so
 * the exported graph is a plain MatMul + Add that takes raw centimetres.
 */
export function train(xs: readonly number[][], ys: readonly number[], classCount: number,
  options: TrainingOptions = DEFAULT_TRAINING_OPTIONS): LinearModel {
  const n = xs.length;
  const d = xs[0].length;
  const mean = Array.from({ length: d }, (_, j) => xs.reduce((a, x) => a + x[j], 0) / n);
  const std = Array.from({ length: d }, (_, j) =>
    Math.sqrt(xs.reduce((a, x) => a + (x[j] - mean[j]) ** 2, 0) / n) || 1);
  const zs = xs.map((x) => x.map((v, j) => (v - mean[j]) / std[j]));

  const w = Array.from({ length: d }, () => new Array<number>(classCount).fill(0));
  const b = new Array<number>(classCount).fill(0);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const gradW = Array.from({ length: d }, () => new Array<number>(classCount).fill(0));
    const gradB = new Array<number>(classCount).fill(0);
    for (let i = 0; i < n; i++) {
      const p = softmax(logits({ weights: w, bias: b }, zs[i]));
      for (let k = 0; k < classCount; k++) {
        const err = p[k] - (ys[i] === k ? 1 : 0);
        gradB[k] += err / n;
        for (let j = 0; j < d; j++) gradW[j][k] += (err * zs[i][j]) / n;
      }
    }
    for (let k = 0; k < classCount; k++) {
      b[k] -= options.learningRate * gradB[k];
      for (let j = 0; j < d; j++) w[j][k] -= options.learningRate * (gradW[j][k] + options.l2 * w[j][k]);
    }
  }

  // logits = ((x - mean) / std) · w + b  =  x · (w / std) + (b - Σ_j mean_j / std_j · w_j)
  const weights = w.map((row, j) => row.map((v) => v / std[j]));
  const bias = b.map((bk, k) => bk - mean.reduce((acc, m, j) => acc + (m / std[j]) * w[j][k], 0));
  return { weights, bias };
}
