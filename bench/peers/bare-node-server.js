/**
 * The stack's limit: a bare `node:http` server running the same model.onnx with onnxruntime-node
 * and answering the same Open Inference Protocol V2 JSON, with only the checks needed not to
 * crash — no framework, schema validation, metrics, logging or load shedding. Whatever the
 * production server costs on top of this is the price of those features.
 * Env: PORT (default 8082), MODEL_DIR (directory with model.onnx).
 */
'use strict';

const http = require('node:http');
const { join } = require('node:path');
const { InferenceSession, Tensor } = require('onnxruntime-node');

const MODEL_NAME = process.env.MODEL_NAME ?? 'iris';
const MODEL_VERSION = process.env.MODEL_VERSION ?? '1.0.0';
const DATATYPES = { label: 'INT64', probabilities: 'FP32' };

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

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

async function main() {
  const session = await InferenceSession.create(join(process.env.MODEL_DIR, 'model.onnx'), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/v2/health/ready' || req.url === '/v2/health/live')) {
      send(res, 200, { ready: true });
      return;
    }
    if (req.method !== 'POST' || req.url !== `/v2/models/${MODEL_NAME}/infer`) {
      send(res, 404, { error: 'not found' });
      return;
    }
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        send(res, 400, { error: 'invalid JSON' });
        return;
      }
      infer(session, body).then((out) => send(res, 200, out), (err) => send(res, 400, { error: err.message }));
    });
  });
  server.listen(Number(process.env.PORT ?? 8082), '127.0.0.1');
  // Exit on a signal (not killed mid-write), so `node --cpu-prof` can write its profile.
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
