/**
 * The gRPC listener's life on the real process: off without GRPC_PORT, UNAVAILABLE while the
 * model loads, RESOURCE_EXHAUSTED when shedding (probes never), the client's deadline and
 * REQUEST_TIMEOUT_SECONDS, and the drain on SIGTERM — health NOT_SERVING at once, a call in
 * flight completes, new calls are refused after the drain delay, exit 0.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status as Status } from '@grpc/grpc-js';
import { BUNDLED_MODEL_DIR } from '../../../src/operations/config';
import { call } from '../../helpers/http-client';
import { grpcClients, TYPED_INFER } from '../../helpers/grpc-client';
import { deserializeResponse, rawCall, serializeRequest } from '../../helpers/grpc-raw';
import { listeningPorts } from '../../helpers/listening-sockets';
import { killLeftoverServers, startServer } from '../../helpers/server-process';
import { waitFor } from '../../helpers/wait-for';

jest.setTimeout(60_000);
afterEach(killLeftoverServers);

const INFER_PATH = '/inference.GRPCInferenceService/ModelInfer';
type WatchStream = NodeJS.EventEmitter & { cancel(): void };

/** Opens a health Watch and records every status it receives, and how it ended. */
function watch(health: unknown) {
  const stream = (health as Record<string, (req: unknown) => WatchStream>).Watch({ service: '' });
  const statuses: string[] = [];
  let ended: { code: number; details: string } | undefined;
  stream.on('data', (m: { status: string }) => statuses.push(m.status));
  stream.on('error', (err: { code: number; details: string }) => { ended = { code: err.code, details: err.details }; });
  return { statuses, ended: () => ended, cancel: () => stream.cancel() };
}

test('GRPC_PORT unset: no gRPC listener (two listening sockets); set: a third, logged as grpcPort', async () => {
  const plain = startServer({ DRAIN_DELAY_SECONDS: '0' });
  const ports = await plain.listening;
  await plain.logged('model loaded, ready');
  expect(ports.grpcPort).toBeUndefined();
  expect(listeningPorts(plain.child.pid!)).toEqual([ports.port, ports.metricsPort].sort((a, b) => a - b));
  plain.child.kill('SIGTERM');
  expect(await plain.exited).toBe(0);

  const withGrpc = startServer({ GRPC_PORT: '0', DRAIN_DELAY_SECONDS: '0' });
  const all = await withGrpc.listening;
  expect(listeningPorts(withGrpc.child.pid!)).toEqual([all.port, all.metricsPort, all.grpcPort!].sort((a, b) => a - b));
  withGrpc.child.kill('SIGTERM');
  expect(await withGrpc.exited).toBe(0);
});

test('while the model loads: ModelInfer and ModelMetadata UNAVAILABLE, ready false, health NOT_SERVING; then SERVING', async () => {
  // A FIFO as model.onnx: the load waits (asynchronously) until the test writes the model into it.
  const dir = mkdtempSync(join(tmpdir(), 'grpc-loading-'));
  try {
    execFileSync('mkfifo', [join(dir, 'model.onnx')]);
    const server = startServer({ GRPC_PORT: '0', MODEL_DIR: dir, DRAIN_DELAY_SECONDS: '0' });
    const { grpcPort } = await server.listening;
    const grpc = grpcClients(grpcPort!);
    const watcher = watch(grpc.health);
    try {
      const loading = { code: Status.UNAVAILABLE, details: 'model "iris" is not loaded yet' };
      expect(await grpc.fail(grpc.inference, 'ModelInfer', TYPED_INFER)).toEqual(loading);
      expect(await grpc.fail(grpc.inference, 'ModelMetadata', { name: 'iris' })).toEqual(loading);
      expect(await grpc.call(grpc.inference, 'ServerReady', {})).toEqual({ ready: false });
      expect(await grpc.call(grpc.inference, 'ModelReady', { name: 'iris' })).toEqual({ ready: false });
      expect(await grpc.call(grpc.inference, 'ServerLive', {})).toEqual({ live: true });
      expect(await grpc.call(grpc.health, 'Check', {})).toEqual({ status: 'NOT_SERVING' });

      writeFileSync(join(dir, 'model.onnx'), readFileSync(join(BUNDLED_MODEL_DIR, 'model.onnx')));
      await server.logged('model loaded, ready');
      expect(await grpc.call(grpc.health, 'Check', {})).toEqual({ status: 'SERVING' });
      expect(await grpc.call(grpc.inference, 'ServerReady', {})).toEqual({ ready: true });
      await waitFor('Watch to see SERVING', () => watcher.statuses.includes('SERVING'));
      expect(watcher.statuses).toEqual(['NOT_SERVING', 'SERVING']);
    } finally {
      watcher.cancel();
      grpc.close();
    }
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an overloaded event loop: model calls RESOURCE_EXHAUSTED, probes (health, ServerLive, ServerReady) still answered', async () => {
  const server = startServer({ GRPC_PORT: '0', OVERLOAD_EVENT_LOOP_DELAY_MS: '10', DRAIN_DELAY_SECONDS: '0' });
  const { grpcPort } = await server.listening;
  await server.logged('model loaded, ready');
  const grpc = grpcClients(grpcPort!);
  try {
    await grpc.call(grpc.inference, 'ModelInfer', TYPED_INFER); // connected and warm
    let shed: { code: number; details: string } | undefined;
    // Stopping the process for 1.2 s is, to its event loop, a 1.2 s block: the next sample reads it as overload.
    for (let attempt = 0; attempt < 5 && !shed; attempt++) {
      process.kill(server.child.pid!, 'SIGSTOP');
      await new Promise((r) => setTimeout(r, 1200));
      process.kill(server.child.pid!, 'SIGCONT');
      await new Promise((r) => setTimeout(r, 50)); // the sampler's timer runs before our call is read
      const [infer, health, live, ready] = await Promise.allSettled([
        grpc.call(grpc.inference, 'ModelInfer', TYPED_INFER),
        grpc.call(grpc.health, 'Check', {}),
        grpc.call(grpc.inference, 'ServerLive', {}),
        grpc.call(grpc.inference, 'ServerReady', {}),
      ]);
      expect([health, live, ready].map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      if (infer.status === 'rejected') shed = { code: infer.reason.code, details: infer.reason.details };
    }
    expect(shed).toEqual({ code: Status.RESOURCE_EXHAUSTED, details: expect.stringMatching(/^server overloaded \(eventLoopDelay: (\d+ ms|a blocked loop)\), retry later$/) });
  } finally {
    grpc.close();
  }
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
});

test('deadlines: the client\'s (grpc-timeout) is honoured; without one, REQUEST_TIMEOUT_SECONDS ends a stalled upload (a probe\'s too); all counted', async () => {
  const server = startServer({ GRPC_PORT: '0', REQUEST_TIMEOUT_SECONDS: '1', DRAIN_DELAY_SECONDS: '0' });
  const { grpcPort, metricsPort } = await server.listening;
  await server.logged('model loaded, ready');
  const message = serializeRequest('ModelInfer', TYPED_INFER);

  const clientDeadline = rawCall(grpcPort!, INFER_PATH, message, { sentBytes: 10, headers: { 'grpc-timeout': '300m' } });
  const byClient = await clientDeadline.result;
  clientDeadline.close();
  expect(byClient.status).toBe(Status.DEADLINE_EXCEEDED);
  expect(byClient.elapsedMs).toBeLessThan(900); // the client's 300 ms, not the server's 1 s

  const stalled = rawCall(grpcPort!, INFER_PATH, message, { sentBytes: 10 });
  const byServer = await stalled.result;
  stalled.close();
  expect(byServer).toMatchObject({ status: Status.DEADLINE_EXCEEDED, message: 'request message not received within REQUEST_TIMEOUT_SECONDS (1 s)' });
  expect(byServer.elapsedMs).toBeGreaterThanOrEqual(950);
  expect(byServer.elapsedMs).toBeLessThan(1000 + 250 + 1000); // deadline + one sweep + slack for a busy machine

  // A probe's stalled upload does not hold its stream either (probes are only exempt from the calls cap and shedding).
  const stalledProbe = rawCall(grpcPort!, '/grpc.health.v1.Health/Check', Buffer.alloc(0), { sentBytes: 3 });
  expect(await stalledProbe.result).toMatchObject({ status: Status.DEADLINE_EXCEEDED });
  stalledProbe.close();

  const metrics = (await call(metricsPort, '/metrics')).body;
  expect(metrics).toMatch(/^model_server_requests_total\{model="unknown",version="unknown",protocol="grpc",endpoint="infer",status="DEADLINE_EXCEEDED"\} 2$/m);
  expect(metrics).toMatch(/^model_server_request_timeouts_total\{phase="body"\} 2$/m);
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
});

test('SIGTERM: health NOT_SERVING at once, calls served through the drain, a call in flight completes, new calls refused after it, exit 0', async () => {
  const server = startServer({ GRPC_PORT: '0', DRAIN_DELAY_SECONDS: '2', REQUEST_TIMEOUT_SECONDS: '10' });
  const { grpcPort } = await server.listening;
  await server.logged('model loaded, ready');
  const grpc = grpcClients(grpcPort!);
  const watcher = watch(grpc.health);
  const message = serializeRequest('ModelInfer', { ...TYPED_INFER, id: 'in-flight' });
  const inFlight = rawCall(grpcPort!, INFER_PATH, message, { sentBytes: 12 });
  try {
    await waitFor('Watch to see SERVING', () => watcher.statuses.includes('SERVING'));
    server.child.kill('SIGTERM');
    await server.logged('shutdown: readiness now 503, draining');
    expect(await grpc.call(grpc.health, 'Check', {})).toEqual({ status: 'NOT_SERVING' });
    expect(await grpc.call(grpc.health, 'Check', { service: 'inference.GRPCInferenceService' })).toEqual({ status: 'NOT_SERVING' });
    expect(await grpc.call(grpc.inference, 'ServerReady', {})).toEqual({ ready: false });
    expect(await grpc.call(grpc.inference, 'ModelReady', { name: 'iris' })).toEqual({ ready: false });
    await waitFor('Watch to see NOT_SERVING', () => watcher.statuses.includes('NOT_SERVING'));
    // Load balancers lag behind readiness: calls arriving during the drain are still served.
    expect(await grpc.call(grpc.inference, 'ModelInfer', TYPED_INFER)).toMatchObject({ model_name: 'iris' });

    await server.logged('closing listeners, waiting for in-flight requests', 10_000);
    // After the drain delay: no new connection, and no new call on the existing channel.
    const refused = rawCall(grpcPort!, INFER_PATH, serializeRequest('ModelInfer', TYPED_INFER));
    expect((await refused.result).status).toBeUndefined();
    refused.close();
    expect((await grpc.fail(grpc.inference, 'ModelInfer', TYPED_INFER, { timeoutMs: 5000 })).code).toBe(Status.UNAVAILABLE);
    await waitFor('Watch to end with UNAVAILABLE', () => watcher.ended());
    expect(watcher.ended()).toEqual({ code: Status.UNAVAILABLE, details: 'server is shutting down' });
    expect(server.child.exitCode).toBeNull(); // held open by the call in flight

    inFlight.finish();
    const result = await inFlight.result;
    expect(result.status).toBe(Status.OK);
    expect(deserializeResponse('ModelInfer', result.body)).toMatchObject({ id: 'in-flight', model_name: 'iris' });
  } finally {
    inFlight.close();
    watcher.cancel();
    grpc.close();
  }
  expect(await server.exited).toBe(0);
  expect(server.logs.map((l) => l.msg)).toContain('shutdown complete');
});
