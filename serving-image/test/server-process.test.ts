/**
 * The real server process over real sockets: graceful SIGTERM under sustained keep-alive load
 * (readiness flips to 503, no in-flight or drain-time request fails, exit 0), and the startup
 * failures that must end in a non-zero exit instead of a pod that is never Ready.
 */
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killLeftoverServers, startServer } from './helpers/server-process';

// Set here, not only in jest.config.js: testTimeout is ignored in a project config, and the root
// `npm test` runs this file as a project. These tests start real processes on a shared machine.
jest.setTimeout(60_000);
afterEach(killLeftoverServers);

interface Reply { status: number; body: string }

function call(port: number, path: string, agent: Agent | false, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request({
      host: '127.0.0.1', port, path, agent, method: payload ? 'POST' : 'GET',
      headers: { ...extraHeaders, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const INFER = { inputs: [{ name: 'input', shape: [2, 4], datatype: 'FP32', data: [5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3] }] };
const CLIENTS = 50;

test('SIGTERM under 50 busy keep-alive clients: readiness 503 at once, every request answered 200, exit 0', async () => {
  const server = startServer({ DRAIN_DELAY_SECONDS: '3', SHUTDOWN_TIMEOUT_SECONDS: '20' });
  const { port } = await server.listening;
  while ((await call(port, '/v2/health/ready', false).catch(() => ({ status: 0 }))).status !== 200) {
    await new Promise((r) => setTimeout(r, 50));
  }

  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const failures: string[] = [];
  let ok = 0;
  let okAfterNotReady = 0;
  let notReady = false;
  let stop = false;
  const client = async () => {
    while (!stop) {
      try {
        const reply = await call(port, '/v2/models/iris/versions/1.0.0/infer', agent, INFER);
        if (reply.status === 200) {
          ok++;
          if (notReady) okAfterNotReady++;
        } else failures.push(`${reply.status} ${reply.body}`);
      } catch (err) {
        failures.push(String(err));
      }
    }
  };
  const clients = Array.from({ length: CLIENTS }, client);
  while (ok < 1000 && failures.length === 0) await new Promise((r) => setTimeout(r, 20));

  server.child.kill('SIGTERM');
  // Readiness must fail on the very next probes, while the listener is still open.
  const probes: number[] = [];
  while (!notReady && probes.length < 100) {
    const { status } = await call(port, '/v2/health/ready', false);
    probes.push(status);
    notReady = status === 503;
  }
  // Keep the load going well into the drain window (load balancers lag behind readiness), then
  // stop it as an endpoints update would, and let the in-flight requests finish.
  while (okAfterNotReady < 500 && failures.length === 0) await new Promise((r) => setTimeout(r, 10));
  stop = true;
  await Promise.all(clients);
  agent.destroy();

  expect(failures).toEqual([]);
  expect(notReady).toBe(true);
  expect(probes.filter((s) => s !== 503).every((s) => s === 200)).toBe(true);
  expect(okAfterNotReady).toBeGreaterThanOrEqual(500);
  expect(await server.exited).toBe(0);
  const messages = server.logs.map((l) => l.msg);
  expect(messages).toEqual(expect.arrayContaining(['shutdown: readiness now 503, draining', 'shutdown complete']));
  // Probes are kept out of the request log (they would drown it).
  expect(server.logs.some((l) => (l.req as { url?: string } | undefined)?.url === '/v2/health/ready')).toBe(false);
});

/** Starts a POST /infer whose body is only half sent, so the request stays in flight until finish() is called. */
async function halfSentInference(port: number): Promise<{ socket: Socket; finish: () => Promise<string> }> {
  const body = JSON.stringify(INFER);
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let response = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => { response += chunk; });
  socket.write(`POST /v2/models/iris/infer HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n`
    + `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 20)}`);
  const finish = async () => {
    socket.end(body.slice(20));
    await new Promise((resolve) => socket.once('close', resolve));
    return response;
  };
  return { socket, finish };
}

const untilLogged = async (server: ReturnType<typeof startServer>, msg: string) => {
  while (!server.logs.some((l) => l.msg === msg)) await new Promise((r) => setTimeout(r, 20));
};

test('a request in flight when the listener closes is still answered, then exit 0', async () => {
  const server = startServer({ DRAIN_DELAY_SECONDS: '0.5', SHUTDOWN_TIMEOUT_SECONDS: '20' });
  const { port } = await server.listening;
  await untilLogged(server, 'model loaded, ready');
  const inFlight = await halfSentInference(port);
  server.child.kill('SIGTERM');
  await untilLogged(server, 'closing listeners, waiting for in-flight requests');
  // The listener is closed now: new connections are refused, the open request is not.
  await expect(call(port, '/v2/health/live', false)).rejects.toThrow(/ECONNREFUSED/);
  const response = await inFlight.finish();
  expect(response).toMatch(/^HTTP\/1\.1 200 OK/);
  expect(response).toContain('"data":[0,2]');
  expect(await server.exited).toBe(0);
});

test('a request that never completes cannot hold shutdown past SHUTDOWN_TIMEOUT_SECONDS: exit 1', async () => {
  const server = startServer({ DRAIN_DELAY_SECONDS: '0', SHUTDOWN_TIMEOUT_SECONDS: '1' });
  const { port } = await server.listening;
  await untilLogged(server, 'model loaded, ready');
  const stuck = await halfSentInference(port);
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(1);
  expect(server.logs.some((l) => String(l.msg).includes('killed by timeout (1000ms)'))).toBe(true);
  stuck.socket.destroy();
});

test('a corrupt model: one fatal log line naming the file, exit 1, never ready', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corrupt-model-'));
  writeFileSync(join(dir, 'model.onnx'), 'definitely not onnx');
  const server = startServer({ MODEL_DIR: dir });
  const readiness: number[] = [];
  const { port } = await server.listening;
  const exited = server.exited.then((code) => code);
  let done = false;
  void exited.then(() => { done = true; });
  while (!done) {
    const reply = await call(port, '/v2/health/ready', false).catch(() => undefined);
    if (reply) readiness.push(reply.status);
    await new Promise((r) => setTimeout(r, 5));
  }
  expect(await exited).toBe(1);
  expect(readiness).not.toContain(200);
  const fatal = server.logs.filter((l) => l.level === 60);
  expect(fatal).toHaveLength(1);
  expect(fatal[0].msg).toContain(`cannot load ${join(dir, 'model.onnx')} with onnxruntime`);
});

test('a missing model directory: exit 1 with the path in the log', async () => {
  const server = startServer({ MODEL_DIR: '/nonexistent/model/dir' });
  expect(await server.exited).toBe(1);
  expect(server.logs.find((l) => l.level === 60)?.msg).toContain('cannot read /nonexistent/model/dir/model.onnx');
});

test('an invalid env value: exit 1 naming the variable and value', async () => {
  const server = startServer({ DRAIN_DELAY_SECONDS: 'a while' });
  expect(await server.exited).toBe(1);
  expect(server.logs.map((l) => l.msg)).toEqual(['invalid configuration: DRAIN_DELAY_SECONDS="a while" is invalid: expected a number of seconds from 0 to 3600']);
});

test('the server listens on the metrics port with /metrics only; request logs carry x-request-id', async () => {
  const server = startServer({ DRAIN_DELAY_SECONDS: '0' });
  const { port, metricsPort } = await server.listening;
  while ((await call(port, '/v2/health/ready', false)).status !== 200) await new Promise((r) => setTimeout(r, 50));
  const metrics = await call(metricsPort, '/metrics', false);
  expect(metrics.status).toBe(200);
  expect(metrics.body).toContain('process_cpu_seconds_total');
  expect((await call(metricsPort, '/v2/health/ready', false)).status).toBe(404);
  expect((await call(port, '/metrics', false)).status).toBe(404);
  // Request logs are JSON and carry the caller's x-request-id, for correlation across proxies.
  expect((await call(port, '/v2/models/iris/infer', false, INFER, { 'x-request-id': 'trace-123' })).status).toBe(200);
  for (let i = 0; i < 100 && !server.logs.some((l) => l.reqId === 'trace-123' && l.msg === 'request completed'); i++) {
    await new Promise((r) => setTimeout(r, 20)); // the log line arrives over the child's stdout pipe
  }
  expect(server.logs.find((l) => l.reqId === 'trace-123' && l.msg === 'request completed')).toMatchObject({ res: { statusCode: 200 } });
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
});
