/**
 * The request deadline on a real listener: a handler that outlives it is answered 503 (its late
 * result dropped without a "reply already sent" error), and a response stuck half-written is cut.
 * A small app with deliberately slow routes stands in for a slow model.
 */
import fastify, { type FastifyInstance } from 'fastify';
import { ServingMetrics } from '../../src/operations/metrics';
import { RequestDeadlines, SWEEP_INTERVAL_MS } from '../../src/operations/request-deadline';
import { call, rawConnection } from '../helpers/http-client';

const TIMEOUT_MS = 300;
let app: FastifyInstance;
let port: number;
let metrics: ServingMetrics;
const lateResults: string[] = [];
const logged: string[] = [];

beforeAll(async () => {
  metrics = new ServingMetrics();
  app = fastify({ logger: { level: 'warn', stream: { write: (line: string) => { logged.push(line); } } } });
  const deadlines = new RequestDeadlines(TIMEOUT_MS, metrics);
  deadlines.attach(app);
  // As request-hooks.ts wires it in the server.
  app.addHook('onRequest', (_request, reply, done) => { deadlines.track(reply); done(); });
  app.addHook('onResponse', (_request, reply, done) => { deadlines.untrack(reply); done(); });
  app.get('/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 3));
    lateResults.push('slow');
    return { late: true };
  });
  app.get('/half-written', (_request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    reply.raw.write('{"partial":'); // and never more
  });
  app.get('/fast', async () => ({ ok: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
});
afterAll(async () => { await app.close(); });

test('a handler still running at the deadline: 503 with Retry-After and Connection: close, within the deadline plus one sweep', async () => {
  const started = performance.now();
  const reply = await call(port, '/slow');
  const ms = performance.now() - started;
  expect(reply.status).toBe(503);
  expect(reply.headers['retry-after']).toBe('1');
  expect(reply.headers.connection).toBe('close');
  expect(JSON.parse(reply.body)).toEqual({ error: 'request not answered within REQUEST_TIMEOUT_SECONDS (0.3 s), retry later' });
  expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS * 0.9);
  expect(ms).toBeLessThanOrEqual(TIMEOUT_MS + SWEEP_INTERVAL_MS + 200);
});

test('the handler\'s late result is dropped quietly (no "Reply was already sent" log)', async () => {
  const deadline = Date.now() + 3000;
  while (!lateResults.includes('slow') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(lateResults).toContain('slow');
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(logged.join('')).not.toContain('already sent');
});

test('a response stuck half-written past the deadline: the connection is cut', async () => {
  const connection = await rawConnection(port, 'GET /half-written HTTP/1.1\r\nhost: x\r\n\r\n');
  const bound = new Promise<'bound'>((resolve) => setTimeout(() => resolve('bound'), 3000).unref());
  expect(await Promise.race([connection.closed.then(() => 'closed'), bound])).toBe('closed');
  expect(connection.received()).toMatch(/^HTTP\/1\.1 200 OK/);
  connection.socket.destroy();
});

test('fast requests are untouched, and each cut is counted by phase', async () => {
  expect((await call(port, '/fast')).status).toBe(200);
  const text = await metrics.text();
  expect(text).toContain('model_server_request_timeouts_total{phase="response"} 2');
  expect(text).toContain('model_server_request_timeouts_total{phase="body"} 0');
});
