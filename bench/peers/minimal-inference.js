/**
 * The least work that answers an Open Inference Protocol V2 request with onnxruntime-node: the
 * model session and `infer`, shared by the Node peers (bare-node-server.js, fastify-minimal-server.js)
 * so that they differ only in what carries the request — node:http alone, or Fastify.
 * Env: MODEL_DIR (directory with model.onnx), MODEL_NAME (iris), MODEL_VERSION (1.0.0).
 */
'use strict';

const { join } = require('node:path');
const { InferenceSession, Tensor } = require('onnxruntime-node');

const MODEL_NAME = process.env.MODEL_NAME ?? 'iris';
const MODEL_VERSION = process.env.MODEL_VERSION ?? '1.0.0';
const DATATYPES = { label: 'INT64', probabilities: 'FP32' };

/** The model's session, with one intra-op and one inter-op thread, as the production server runs it. */
function loadSession() {
  return InferenceSession.create(join(process.env.MODEL_DIR, 'model.onnx'), { intraOpNumThreads: 1, interOpNumThreads: 1 });
}

/** Runs the batch in `body.inputs[0]` and returns the V2 response; throws on a body without shape and data. */
async function infer(session, body) {
  const input = body?.inputs?.[0];
  if (!input || !Array.isArray(input.shape) || !Array.isArray(input.data)) throw new Error('inputs[0] needs shape and data');
  const feeds = { [session.inputNames[0]]: new Tensor('float32', Float32Array.from(input.data.flat()), input.shape) };
  const results = await session.run(feeds);
  const outputs = session.outputNames.map((name) => ({
    name,
    datatype: DATATYPES[name],
    shape: results[name].dims.map(Number),
    data: Array.from(results[name].data, Number),
  }));
  return { model_name: MODEL_NAME, model_version: MODEL_VERSION, ...(body.id !== undefined ? { id: body.id } : {}), outputs };
}

module.exports = { MODEL_NAME, infer, loadSession };
