/**
 * REQUEST_TIMEOUT_SECONDS on the real process over real sockets: a stalled body, stalled
 * headers and a connection that never sends a byte are each answered 408 (JSON error shape) and
 * closed within the timeout plus a second, and counted on /metrics.
 */
import { call, rawConnection, type RawConnection } from '../helpers/http-client';
import { killLeftoverServers, startServer, type ServerProcess } from '../helpers/server-process';

jest.setTimeout(60_000);

const TIMEOUT_S = 1;
let server: ServerProcess;
let port: number;
let metricsPort: number;

beforeAll(async () => {
  server = startServer({ REQUEST_TIMEOUT_SECONDS: String(TIMEOUT_S), DRAIN_DELAY_SECONDS: '0' });
  ({ port, metricsPort } = await server.listening);
  await server.logged('model loaded, ready');
});
afterAll(async () => {
  try {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  } finally {
    killLeftoverServers();
  }
});

/** Opens a connection, writes `data`, and measures how long until the server closes it. */
async function stalled(data: string): Promise<{ connection: RawConnection; seconds: number }> {
  const started = performance.now();
  const connection = await rawConnection(port, data);
  const bound = new Promise<void>((resolve) => setTimeout(resolve, (TIMEOUT_S + 5) * 1000).unref());
  await Promise.race([connection.closed, bound]);
  connection.socket.destroy();
  return { connection, seconds: (performance.now() - started) / 1000 };
}

const json408 = (text: string) => {
  expect(text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  expect(text.toLowerCase()).toContain('connection: close');
  return JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { error: string };
};

test('a stalled body (Content-Length: 100, then 10 bytes and nothing) is answered 408 and closed within REQUEST_TIMEOUT_SECONDS + 1 s', async () => {
  const { connection, seconds } = await stalled('POST /v2/models/iris/infer HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n'
    + 'content-length: 100\r\n\r\n{"inputs":');
  expect(seconds).toBeGreaterThanOrEqual(TIMEOUT_S * 0.9);
  expect(seconds).toBeLessThanOrEqual(TIMEOUT_S + 1);
  expect(json408(connection.received())).toEqual({ error: `request body not received within REQUEST_TIMEOUT_SECONDS (${TIMEOUT_S} s)` });
});

test('stalled headers are answered 408 and closed within REQUEST_TIMEOUT_SECONDS + 1 s', async () => {
  const { connection, seconds } = await stalled('POST /v2/models/iris/infer HTTP/1.1\r\nhost: x\r\ncontent-le');
  expect(seconds).toBeLessThanOrEqual(TIMEOUT_S + 1);
  expect(json408(connection.received())).toEqual({ error: `request headers not received within REQUEST_TIMEOUT_SECONDS (${TIMEOUT_S} s)` });
});

test('a connection that never sends a byte is closed within REQUEST_TIMEOUT_SECONDS + 1 s', async () => {
  const { seconds } = await stalled('');
  expect(seconds).toBeLessThanOrEqual(TIMEOUT_S + 1);
});

test('an idle keep-alive connection between requests is kept (the 65 s idle timeout, not the request timeout, applies)', async () => {
  const connection = await rawConnection(port, 'GET /v2/health/live HTTP/1.1\r\nhost: x\r\n\r\n');
  await new Promise((resolve) => setTimeout(resolve, (TIMEOUT_S + 1) * 1000));
  expect(connection.socket.destroyed).toBe(false);
  connection.socket.write('GET /v2/health/live HTTP/1.1\r\nhost: x\r\n\r\n');
  const deadline = Date.now() + 5000;
  while ((connection.received().match(/HTTP\/1\.1 200/g) ?? []).length < 2 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect((connection.received().match(/HTTP\/1\.1 200/g) ?? []).length).toBe(2);
  connection.socket.destroy();
});

test('every cut is counted in model_server_request_timeouts_total by phase, and the server still answers', async () => {
  const metrics = (await call(metricsPort, '/metrics')).body;
  expect(metrics).toContain('model_server_request_timeouts_total{phase="body"} 1');
  expect(metrics).toMatch(/model_server_request_timeouts_total\{phase="headers"\} 2/);
  expect((await call(port, '/v2/health/ready')).status).toBe(200);
});
