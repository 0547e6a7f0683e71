/**
 * The framework's share: the bare node:http peer's exact work (minimal-inference.js, shared with
 * bare-node-server.js) behind Fastify with one route and nothing else — no schemas, logging,
 * metrics, hooks, load shedding or deadlines. Bare → this is what Fastify itself costs per
 * request; this → the production server is what the production features cost. Used with
 * `npm run bench:serving:ab -- <A> <B>`.
 * Env: PORT (default 8083), MODEL_DIR (directory with model.onnx).
 */
'use strict';

const fastify = require('fastify');
const { MODEL_NAME, infer, loadSession } = require('./minimal-inference');

async function main() {
  const session = await loadSession();
  const app = fastify({ logger: false });
  app.get('/v2/health/ready', async () => ({ ready: true }));
  app.get('/v2/health/live', async () => ({ live: true }));
  app.post(`/v2/models/${MODEL_NAME}/infer`, async (request, reply) => {
    try {
      return await infer(session, request.body);
    } catch (err) {
      return reply.code(400).send({ error: err.message });
    }
  });
  await app.listen({ port: Number(process.env.PORT ?? 8083), host: '127.0.0.1' });
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
