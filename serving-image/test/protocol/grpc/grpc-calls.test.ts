/**
 * The gRPC listener in-process, with a model whose inference takes as long as the test says:
 * what only a slow call shows — REQUEST_TIMEOUT_SECONDS while the model runs, the concurrent
 * calls cap (which never refuses the probes), and close() after the drain cutting what is left.
 */
import pino from 'pino';
import { status as Status } from '@grpc/grpc-js';
import { loadConfig } from '../../../src/operations/config';
import { EventLoopDelaySampler } from '../../../src/operations/load-shedding';
import { ServingMetrics } from '../../../src/operations/metrics';
import { ServerState } from '../../../src/operations/state';
import { listenGrpc, type GrpcListener } from '../../../src/protocol/grpc/grpc-server';
import type { LoadedModel } from '../../../src/runtime/model';
import { grpcClients, TYPED_INFER, type GrpcClients } from '../../helpers/grpc-client';
import { waitFor } from '../../helpers/wait-for';

jest.setTimeout(30_000);

/** The Iris model's signature; every run takes `delayMs` and answers label 0. */
function slowModel(delayMs: number): LoadedModel & { runs: number } {
  const model = {
    runs: 0,
    inputs: [{ name: 'input', datatype: 'FP32' as const, shape: [-1, 4] }],
    outputs: [{ name: 'label', datatype: 'INT64' as const, shape: [-1] }],
    properties: {},
    run: async (feeds: ReadonlyMap<string, { shape: readonly number[] }>) => {
      model.runs++;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const rows = feeds.get('input')!.shape[0];
      return { label: { datatype: 'INT64' as const, shape: [rows], data: new BigInt64Array(rows) } };
    },
  };
  return model;
}

interface Harness { listener: GrpcListener; grpc: GrpcClients; metrics: ServingMetrics; logs: Record<string, unknown>[]; sampler: EventLoopDelaySampler }
const open: Harness[] = [];

async function start(env: Record<string, string>, model: LoadedModel): Promise<Harness> {
  const config = loadConfig({ OVERLOAD_EVENT_LOOP_DELAY_MS: '60000', ...env });
  const state = new ServerState();
  state.model = model;
  const metrics = new ServingMetrics();
  const sampler = new EventLoopDelaySampler();
  const logs: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => { logs.push(JSON.parse(line)); } });
  const listener = await listenGrpc({ config, state, metrics, sampler, log }, '127.0.0.1', 0);
  const harness = { listener, grpc: grpcClients(listener.port), metrics, logs, sampler };
  open.push(harness);
  return harness;
}

afterEach(async () => {
  for (const h of open.splice(0)) {
    h.grpc.close();
    await h.listener.close(100);
    h.sampler.stop();
  }
});

test('a call still running at REQUEST_TIMEOUT_SECONDS ends DEADLINE_EXCEEDED within one sweep; the late answer is dropped', async () => {
  const { grpc, metrics, logs } = await start({ REQUEST_TIMEOUT_SECONDS: '1' }, slowModel(2500));
  const started = Date.now();
  const failure = await grpc.fail(grpc.inference, 'ModelInfer', TYPED_INFER);
  const elapsed = Date.now() - started;
  expect(failure).toEqual({ code: Status.DEADLINE_EXCEEDED, details: 'request not answered within REQUEST_TIMEOUT_SECONDS (1 s), retry later' });
  expect(elapsed).toBeGreaterThanOrEqual(950);
  expect(elapsed).toBeLessThan(1000 + 250 + 500);
  await new Promise((resolve) => setTimeout(resolve, 1700)); // the model's late answer arrives and must go nowhere
  const text = await metrics.text();
  expect(text).toMatch(/^model_server_request_timeouts_total\{phase="response"\} 1$/m);
  expect(text).toMatch(/^model_server_requests_total\{model="iris",version="1.0.0",protocol="grpc",endpoint="infer",status="DEADLINE_EXCEEDED"\} 1$/m);
  expect(logs.filter((l) => l.level as number >= 40)).toEqual([]);
  expect(logs.filter((l) => l.msg === 'grpc call completed')).toHaveLength(1);
});

test('calls past MAX_CONNECTIONS in flight get RESOURCE_EXHAUSTED; health, ServerLive and ServerReady are still answered', async () => {
  const model = slowModel(1500);
  const { grpc, metrics, listener } = await start({ MAX_CONNECTIONS: '2' }, model);
  const running = [grpc.call(grpc.inference, 'ModelInfer', TYPED_INFER), grpc.call(grpc.inference, 'ModelInfer', TYPED_INFER)];
  await waitFor('two calls in flight', () => listener.calls.callsInFlight === 2 && model.runs === 2);
  expect(await grpc.fail(grpc.inference, 'ModelInfer', TYPED_INFER))
    .toEqual({ code: Status.RESOURCE_EXHAUSTED, details: 'server has MAX_CONNECTIONS (2) calls in flight; retry later' });
  expect((await grpc.fail(grpc.inference, 'ModelMetadata', { name: 'iris' })).code).toBe(Status.RESOURCE_EXHAUSTED);
  expect(await grpc.call(grpc.health, 'Check', {})).toEqual({ status: 'SERVING' });
  expect(await grpc.call(grpc.inference, 'ServerLive', {})).toEqual({ live: true });
  expect(await grpc.call(grpc.inference, 'ServerReady', {})).toEqual({ ready: true });
  await Promise.all(running);
  expect(listener.calls.callsInFlight).toBe(0);
  expect(await metrics.text()).toMatch(/^model_server_connection_limit_rejections_total 2$/m);
  await grpc.call(grpc.inference, 'ModelInfer', TYPED_INFER); // room again
});

test('close(): no new calls, a call in flight within the grace finishes, one past it is cut, Watch streams end UNAVAILABLE', async () => {
  const { grpc, listener } = await start({}, slowModel(400));
  const watch = (grpc.health as unknown as Record<string, (req: unknown) => NodeJS.EventEmitter>).Watch({ service: '' });
  const watchEnd = new Promise((resolve) => watch.on('error', (err: { code: number }) => resolve(err.code)));
  await new Promise((resolve) => watch.once('data', resolve));
  const quick = grpc.call(grpc.inference, 'ModelInfer', TYPED_INFER);
  await waitFor('the call in flight', () => listener.calls.callsInFlight === 1);
  const started = Date.now();
  await listener.close(5000);
  expect(Date.now() - started).toBeLessThan(4000); // returned when the call finished, not at the grace's end
  await expect(quick).resolves.toMatchObject({ model_name: 'iris' });
  expect(await watchEnd).toBe(Status.UNAVAILABLE);
  expect((await grpc.fail(grpc.inference, 'ServerLive', {}, { timeoutMs: 2000 })).code).toBe(Status.UNAVAILABLE);

  const slow = await start({}, slowModel(5000));
  const stuck = slow.grpc.fail(slow.grpc.inference, 'ModelInfer', TYPED_INFER);
  await waitFor('the slow call in flight', () => slow.listener.calls.callsInFlight === 1);
  const cutAt = Date.now();
  await slow.listener.close(300);
  expect(Date.now() - cutAt).toBeLessThan(2000);
  // grpc-js resets the stream with CANCEL, which the client reports as CANCELLED.
  expect((await stuck).code).toBe(Status.CANCELLED);
});
