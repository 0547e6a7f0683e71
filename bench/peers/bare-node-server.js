/**
 * The stack's limit: a bare `node:http` server running the same model.onnx with onnxruntime-node
 * and answering the same Open Inference Protocol V2 JSON, with only the checks needed not to
 * crash — no framework, schema validation, metrics, logging or load shedding. Whatever the
 * production server costs on top of this is the price of those features.
 * Env: PORT (default 8082), MODEL_DIR (directory with model.onnx).
 */
'use strict';

const http = require('node:http');
const { MODEL_NAME, infer, loadSession } = require('./minimal-inference');

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function main() {
  const session = await loadSession();
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
