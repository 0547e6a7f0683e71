/**
 * `npm run train`: retrains the bundled Iris classifier and rewrites model/iris/model.onnx.
 * Deterministic — rerunning it must leave `git diff` empty (a test checks this).
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { trainIris } from '../training/iris';

const outDir = join(__dirname, '..', 'model', 'iris');
const result = trainIris();
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'model.onnx'), result.onnx);
console.log(`wrote ${join(outDir, 'model.onnx')} (${result.onnx.length} bytes), training accuracy ${(result.accuracy * 100).toFixed(1)} %`);
