/**
 * Graceful SIGTERM on the real server process over real sockets: readiness flips to 503, no
 * in-flight or drain-time request fails, and the exit code says whether shutdown was clean.
 */
import { Agent } from 'node:http';
import { call, halfSentInference, INFER } from '../helpers/http-client';
import { killLeftoverServers, startServer } from '../helpers/server-process';
import { waitFor } from '../helpers/wait-for';

// Set here, not only in jest.config.js: testTimeout is ignored in a project config, and the root
// `npm test` runs this file as a project. These tests start real processes on a shared machine.
jest.setTimeout(60_000);
afterEach(killLeftoverServers);

const CLIENTS = 50;
const ready = (port: number) => waitFor('readiness 200',
  async () => (await call(port, '/v2/health/ready').catch(() => ({ status: 0 }))).status === 200, { timeoutMs: 20_000 });

test('SIGTERM under 50 busy keep-alive clients: readiness 503 at once, every request answered 200, exit 0', async () => {
  const server = startServer({ DRAIN_DELAY_SECONDS: '4', SHUTDOWN_TIMEOUT_SECONDS: '20' });
  const { port } = await server.listening;
  await ready(port);

  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const failures: string[] = [];
  let ok = 0;
  let okAfterNotReady = 0;
  let notReady = false;
  let stop = false;
  // Each client loop has its own deadline, so a failed or timed-out test cannot leave it spinning.
  const clientDeadline = Date.now() + 40_000;
  const client = async () => {
    while (!stop && Date.now() < clientDeadline) {
      try {
        const reply = await call(port, '/v2/models/iris/versions/1.0.0/infer', { agent, body: INFER });
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
  try {
    await waitFor('1000 answered requests', () => ok >= 1000 || failures.length > 0, { timeoutMs: 20_000 });

    server.child.kill('SIGTERM');
    // Readiness must fail on the very next probes, while the listener is still open.
    const probes: number[] = [];
    while (!notReady && probes.length < 100) {
      const { status } = await call(port, '/v2/health/ready');
      probes.push(status);
      notReady = status === 503;
    }
    // Keep the load going well into the drain window (load balancers lag behind readiness), then
    // stop it as an endpoints update would, and let the in-flight requests finish.
    // Bounded below the drain delay, so the load stops before the listener closes even on a busy machine.
    await waitFor('100 requests answered after readiness failed', () => okAfterNotReady >= 100 || failures.length > 0, { timeoutMs: 3_000 });
    expect(notReady).toBe(true);
    expect(probes.filter((s) => s !== 503).every((s) => s === 200)).toBe(true);
  } finally {
    stop = true;
    await Promise.all(clients);
    agent.destroy();
  }

  expect(failures).toEqual([]);
  expect(okAfterNotReady).toBeGreaterThanOrEqual(100);
  expect(await server.exited).toBe(0);
  const messages = server.logs.map((l) => l.msg);
  expect(messages).toEqual(expect.arrayContaining(['shutdown: readiness now 503, draining', 'shutdown complete']));
  // Probes are kept out of the request log (they would drown it).
  expect(server.logs.some((l) => (l.req as { url?: string } | undefined)?.url === '/v2/health/ready')).toBe(false);
});

test('a request in flight when the listener closes is still answered 200, then exit 0', async () => {
  const server = startServer({ DRAIN_DELAY_SECONDS: '0.5', SHUTDOWN_TIMEOUT_SECONDS: '20' });
  const { port } = await server.listening;
  await server.logged('model loaded, ready');
  const inFlight = await halfSentInference(port);
  server.child.kill('SIGTERM');
  await server.logged('closing listeners, waiting for in-flight requests');
  // The listener is closed now: new connections are refused, the open request is not.
  await expect(call(port, '/v2/health/live')).rejects.toThrow(/ECONNREFUSED/);
  const response = await inFlight.finish();
  expect(response).toMatch(/^HTTP\/1\.1 200 OK/);
  expect(response).toContain('"data":[0,2]');
  expect(await server.exited).toBe(0);
});

test('SIGTERM during a stalled upload: the upload is cut at its deadline and the process exits 0 within drain + request timeout', async () => {
  const server = startServer({ DRAIN_DELAY_SECONDS: '1', REQUEST_TIMEOUT_SECONDS: '2' });
  const { port } = await server.listening;
  await server.logged('model loaded, ready');
  const stuck = await halfSentInference(port);
  try {
    const started = performance.now();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeLessThanOrEqual(1 + 2 + 0.5); // drain + request timeout (+ one sweep and process exit)
    await stuck.connection.closed;
    expect(stuck.connection.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(server.logs.map((l) => l.msg)).toContain('shutdown complete');
  } finally {
    stuck.connection.socket.destroy();
  }
});

test('an upload that stalls during the drain still cannot hold shutdown past drain + request timeout: its connection is closed, exit 0', async () => {
  const server = startServer({ DRAIN_DELAY_SECONDS: '1', REQUEST_TIMEOUT_SECONDS: '2' });
  const { port } = await server.listening;
  await server.logged('model loaded, ready');
  const started = performance.now();
  server.child.kill('SIGTERM');
  await server.logged('shutdown: readiness now 503, draining');
  await new Promise((resolve) => setTimeout(resolve, 800)); // late in the drain window
  const stuck = await halfSentInference(port);
  try {
    expect(await server.exited).toBe(0);
    expect((performance.now() - started) / 1000).toBeLessThanOrEqual(1 + 2 + 0.5);
    await stuck.connection.closed;
  } finally {
    stuck.connection.socket.destroy();
  }
});

test('SHUTDOWN_TIMEOUT_SECONDS below drain + request timeout is an override that can cut shutdown short: exit 1', async () => {
  const server = startServer({ DRAIN_DELAY_SECONDS: '0', REQUEST_TIMEOUT_SECONDS: '10', SHUTDOWN_TIMEOUT_SECONDS: '1' });
  const { port } = await server.listening;
  await server.logged('model loaded, ready');
  const stuck = await halfSentInference(port);
  try {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(1);
    expect(server.logs.some((l) => String(l.msg).includes('killed by timeout (1000ms)'))).toBe(true);
  } finally {
    stuck.connection.socket.destroy();
  }
});
