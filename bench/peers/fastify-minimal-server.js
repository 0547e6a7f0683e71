/**
 * The framework's share: the bare node:http peer's exact work (bare-node-server.js: the same
 * model, the same OIP V2 JSON, the same minimal checks) behind Fastify with one route and nothing
 * else — no schemas, logging, metrics, hooks, load shedding or deadlines. Bare → this is what
 * Fastify itself costs per request; this → the production server is what the production features
 * cost. Used with `npm run bench:serving:ab -- <A> <B>`.
 * Env: PORT (default 8083), MODEL_DIR (directory with model.onnx).
 */
'use strict';

const { join } = require('node:path');
const fastify = require('fastify');
const { InferenceSession, Tensor } = require('onnxruntime-node');

const MODEL_NAME = process.env.MODEL_NAME ?? 'iris';
const MODEL_VERSION = process.env.MODEL_VERSION ?? '1.0.0';
const DATATYPES = { label: 'INT64', probabilities: 'FP32' };

async function main() {
  const session = await InferenceSession.create(join(process.env.MODEL_DIR, 'model.onnx'), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const app = fastify({ logger: false });
  app.get('/v2/health/ready', async () => ({ ready: true }));
  app.get('/v2/health/live', async () => ({ live: true }));
  app.post(`/v2/models/${MODEL_NAME}/infer`, async (request, reply) => {
    const body = request.body;
    const input = body?.inputs?.[0];
    if (!input || !Array.isArray(input.shape) || !Array.isArray(input.data)) return reply.code(400).send({ error: 'inputs[0] needs shape and data' });
    const feeds = { [session.inputNames[0]]: new Tensor('float32', Float32Array.from(input.data.flat()), input.shape) };
    const results = await session.run(feeds);
    const outputs = session.outputNames.map((name) => ({
      name,
      datatype: DATATYPES[name],
      shape: results[name].dims.map(Number),
      data: Array.from(results[name].data, Number),
    }));
    return { model_name: MODEL_NAME, model_version: MODEL_VERSION, ...(body.id !== undefined ? { id: body.id } : {}), outputs };
  });
  await app.listen({ port: Number(process.env.PORT ?? 8083), host: '127.0.0.1' });
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
