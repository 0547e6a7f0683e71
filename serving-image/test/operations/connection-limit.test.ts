/**
 * MAX_CONNECTIONS on a real listener: past the cap, model requests get 503 + Connection: close,
 * while the probes are still answered — the kubelet opens a new connection for every probe.
 */
import type { FastifyInstance } from 'fastify';
import { call, INFER, rawConnection, type RawConnection } from '../helpers/http-client';
import { buildTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let app: FastifyInstance;
let port: number;
const held: RawConnection[] = [];

beforeAll(async () => {
  t = await buildTestApp({ MAX_CONNECTIONS: '2' });
  app = t.app;
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
  // Two keep-alive connections that stay open: the cap is reached.
  for (let i = 0; i < 2; i++) held.push(await rawConnection(port, 'GET /v2/health/live HTTP/1.1\r\nhost: x\r\n\r\n'));
  await new Promise((resolve) => setTimeout(resolve, 100));
});
afterAll(async () => {
  for (const c of held) c.socket.destroy();
  await app.close();
});

test('connections within the cap are served normally', async () => {
  held[0].socket.write(`POST /v2/models/iris/infer HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${JSON.stringify(INFER).length}\r\n\r\n${JSON.stringify(INFER)}`);
  const deadline = Date.now() + 5000;
  while (!held[0].received().includes('"data":[0,2]') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(held[0].received()).toContain('"data":[0,2]');
});

test('past the cap, readiness and liveness probes on new connections still answer 200', async () => {
  expect((await call(port, '/v2/health/ready')).status).toBe(200);
  expect((await call(port, '/v2/health/live')).status).toBe(200);
});

test('past the cap, an inference on a new connection gets 503 + Retry-After + Connection: close, and is counted', async () => {
  const reply = await call(port, '/v2/models/iris/infer', { body: INFER });
  expect(reply.status).toBe(503);
  expect(reply.headers['retry-after']).toBe('1');
  expect(reply.headers.connection).toBe('close');
  expect(JSON.parse(reply.body)).toEqual({ error: 'server has more than MAX_CONNECTIONS (2) connections open; retry later' });
  expect(await t.metrics.text()).toContain('model_server_connection_limit_rejections_total 1');
});

test('once a held connection closes, a new connection is served again', async () => {
  held.pop()!.socket.destroy();
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect((await call(port, '/v2/models/iris/infer', { body: INFER })).status).toBe(200);
});
