/**
 * Startup of the real server process: the failures that must end in a non-zero exit instead of
 * a pod that is never Ready, and the two listeners it opens.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, INFER } from '../helpers/http-client';
import { killLeftoverServers, startServer } from '../helpers/server-process';
import { waitFor } from '../helpers/wait-for';

jest.setTimeout(60_000);
afterEach(killLeftoverServers);

test('a corrupt model: one fatal log line naming the file, exit 1, never ready', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corrupt-model-'));
  try {
    writeFileSync(join(dir, 'model.onnx'), 'definitely not onnx');
    const server = startServer({ MODEL_DIR: dir });
    const readiness: number[] = [];
    const { port } = await server.listening;
    let done = false;
    void server.exited.then(() => { done = true; });
    // Probe as fast as possible until the process is gone (bounded: it must exit within 15 s).
    await waitFor('the server to exit', async () => {
      const reply = await call(port, '/v2/health/ready', { timeoutMs: 1000 }).catch(() => undefined);
      if (reply) readiness.push(reply.status);
      return done;
    }, { timeoutMs: 15_000, intervalMs: 5 });
    expect(await server.exited).toBe(1);
    expect(readiness).not.toContain(200);
    const fatal = server.logs.filter((l) => l.level === 60);
    expect(fatal).toHaveLength(1);
    expect(fatal[0].msg).toContain(`cannot load ${join(dir, 'model.onnx')} with onnxruntime`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing model directory: exit 1 with the path in the log', async () => {
  const server = startServer({ MODEL_DIR: '/nonexistent/model/dir' });
  expect(await server.exited).toBe(1);
  expect(server.logs.find((l) => l.level === 60)?.msg).toContain('cannot read /nonexistent/model/dir/model.onnx');
});

test('an invalid env value: exit 1 with one log line naming the variable and value', async () => {
  const server = startServer({ DRAIN_DELAY_SECONDS: 'a while' });
  expect(await server.exited).toBe(1);
  expect(server.logs.map((l) => l.msg)).toEqual(['invalid configuration: DRAIN_DELAY_SECONDS="a while" is invalid: expected a number of seconds from 0 to 300']);
});

test('HOST=not_a_host: exit 1 with one log line naming HOST, not a getaddrinfo error', async () => {
  const server = startServer({ HOST: 'not_a_host' });
  expect(await server.exited).toBe(1);
  expect(server.logs.map((l) => l.msg)).toEqual(['invalid configuration: HOST="not_a_host" is invalid: expected an IP address (e.g. 0.0.0.0 or ::) or a hostname']);
});

test('HOST set to an address this machine does not have: exit 1 naming HOST', async () => {
  // 192.0.2.1 is TEST-NET-1 (RFC 5737): never assigned, so binding fails locally with no traffic.
  const server = startServer({ HOST: '192.0.2.1' });
  expect(await server.exited).toBe(1);
  expect(server.logs.map((l) => l.msg)).toEqual(['invalid configuration: HOST="192.0.2.1" is invalid: cannot listen on it (EADDRNOTAVAIL)']);
});

test('a whole serving run writes nothing to disk: no /tmp/mat-debug-<pid>.log (onnxruntime telemetry), nothing under HOME or XDG_CACHE_HOME', async () => {
  const home = mkdtempSync(join(tmpdir(), 'server-home-'));
  try {
    const server = startServer({ DRAIN_DELAY_SECONDS: '0', HOME: home, XDG_CACHE_HOME: join(home, '.cache'), ORT_DISABLE_TELEMETRY: undefined });
    const { port } = await server.listening;
    await server.logged('model loaded, ready');
    expect((await call(port, '/v2/models/iris/infer', { body: INFER })).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(existsSync(`/tmp/mat-debug-${server.child.pid}.log`)).toBe(false);
    expect(readdirSync(home)).toEqual([]);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('the metrics port serves /metrics only, the main port not; request logs carry x-request-id', async () => {
  const server = startServer({ DRAIN_DELAY_SECONDS: '0' });
  const { port, metricsPort } = await server.listening;
  await waitFor('readiness 200', async () => (await call(port, '/v2/health/ready')).status === 200);
  const metrics = await call(metricsPort, '/metrics');
  expect(metrics.status).toBe(200);
  expect(metrics.body).toContain('process_cpu_seconds_total');
  expect((await call(metricsPort, '/v2/health/ready')).status).toBe(404);
  expect((await call(port, '/metrics')).status).toBe(404);
  // Request logs are JSON and carry the caller's x-request-id, for correlation across proxies.
  expect((await call(port, '/v2/models/iris/infer', { body: INFER, headers: { 'x-request-id': 'trace-123' } })).status).toBe(200);
  const line = await waitFor('the request log line of trace-123', // it arrives over the child's stdout pipe
    () => server.logs.find((l) => l.reqId === 'trace-123' && l.msg === 'request completed'), { timeoutMs: 5000 });
  expect(line).toMatchObject({ res: { statusCode: 200 } });
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
});
