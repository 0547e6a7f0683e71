/**
 * The Open Inference Protocol over gRPC on the real process: every RPC, typed and raw tensors,
 * the same answers as REST for the same rows, each client mistake's status code and message (the
 * REST message where REST has the same mistake), health, metrics and the access log.
 */
import { status as Status, type Client } from '@grpc/grpc-js';
import { call } from '../../helpers/http-client';
import { grpcClients, RAW_INFER, TYPED_INFER, type GrpcClients } from '../../helpers/grpc-client';
import { rawCall, serializeRequest } from '../../helpers/grpc-raw';
import { killLeftoverServers, startServer, type ServerProcess } from '../../helpers/server-process';
import { waitFor } from '../../helpers/wait-for';

jest.setTimeout(60_000);

const BODY_LIMIT = 65536;
let server: ServerProcess;
let ports: { port: number; metricsPort: number; grpcPort: number };
let grpc: GrpcClients;
let inference: Client;

beforeAll(async () => {
  server = startServer({ GRPC_PORT: '0', BODY_LIMIT_BYTES: String(BODY_LIMIT), DRAIN_DELAY_SECONDS: '0' });
  const listening = await server.listening;
  ports = { ...listening, grpcPort: listening.grpcPort! };
  await server.logged('model loaded, ready', 30_000);
  grpc = grpcClients(ports.grpcPort);
  inference = grpc.inference;
});

afterAll(async () => {
  grpc?.close();
  server?.child.kill('SIGTERM');
  await server?.exited;
  killLeftoverServers();
});

/** `rows` deterministic Iris-like flowers, flat row-major. */
function rows(count: number): number[] {
  const data: number[] = [];
  for (let i = 0; i < count; i++) {
    const k = i % 3;
    data.push([5.0, 5.9, 6.6][k] + (i % 7) / 10, [3.4, 2.8, 3.0][k], [1.5, 4.3, 5.6][k] + (i % 5) / 10, [0.2, 1.3, 2.1][k]);
  }
  return data;
}

const f32 = (values: number[]) => Buffer.from(new Float32Array(values).buffer);
const fromRaw = (bytes: Buffer, datatype: string) => (datatype === 'INT64'
  ? Array.from(new BigInt64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)), Number)
  : Array.from(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))));

interface OutputTensor { name: string; datatype: string; shape: string[]; contents: Record<string, unknown[]> | null }
interface InferResponse { model_name: string; model_version: string; id: string; outputs: OutputTensor[]; raw_output_contents: Buffer[] }

/** Outputs by name as plain numbers, from typed or raw contents. */
function outputsOf(response: InferResponse): Record<string, { datatype: string; shape: number[]; data: number[] }> {
  return Object.fromEntries(response.outputs.map((o, i) => [o.name, {
    datatype: o.datatype,
    shape: o.shape.map(Number),
    data: response.raw_output_contents.length > 0
      ? fromRaw(response.raw_output_contents[i], o.datatype)
      : (o.datatype === 'INT64' ? o.contents!.int64_contents : o.contents!.fp32_contents).map(Number),
  }]));
}

describe('the service RPCs', () => {
  test('ServerLive, ServerReady and ServerMetadata (the same name, version and extensions as GET /v2)', async () => {
    expect(await grpc.call(inference, 'ServerLive', {})).toEqual({ live: true });
    expect(await grpc.call(inference, 'ServerReady', {})).toEqual({ ready: true });
    const rest = JSON.parse((await call(ports.port, '/v2')).body);
    expect(await grpc.call(inference, 'ServerMetadata', {})).toEqual(rest);
  });

  test('ModelReady with and without a version; an unknown model or version is NOT_FOUND, an empty name INVALID_ARGUMENT', async () => {
    expect(await grpc.call(inference, 'ModelReady', { name: 'iris' })).toEqual({ ready: true });
    expect(await grpc.call(inference, 'ModelReady', { name: 'iris', version: '1.0.0' })).toEqual({ ready: true });
    expect(await grpc.fail(inference, 'ModelReady', { name: 'rose' })).toEqual({ code: Status.NOT_FOUND, details: 'model "rose" not found; this server serves "iris"' });
    expect(await grpc.fail(inference, 'ModelReady', { name: 'iris', version: '2' }))
      .toEqual({ code: Status.NOT_FOUND, details: 'model "iris" version "2" not found; this server serves version "1.0.0"' });
    expect((await grpc.fail(inference, 'ModelReady', {})).code).toBe(Status.INVALID_ARGUMENT);
  });

  test('ModelMetadata is the REST model metadata (shapes are int64, hence strings in the decoded message)', async () => {
    const rest = JSON.parse((await call(ports.port, '/v2/models/iris/versions/1.0.0')).body);
    const got = await grpc.call<Record<string, unknown>>(inference, 'ModelMetadata', { name: 'iris', version: '1.0.0' });
    const numeric = (ts: { name: string; datatype: string; shape: string[] }[]) => ts.map((t) => ({ ...t, shape: t.shape.map(Number) }));
    expect({ ...got, inputs: numeric(got.inputs as never), outputs: numeric(got.outputs as never) }).toEqual(rest);
    expect((await grpc.fail(inference, 'ModelMetadata', { name: 'rose' })).code).toBe(Status.NOT_FOUND);
  });

  test('ModelInfer with typed contents: labels [0, 2], typed outputs, the id echoed', async () => {
    const response = await grpc.call<InferResponse>(inference, 'ModelInfer', { ...TYPED_INFER, id: 'req-7' });
    expect(response).toMatchObject({ model_name: 'iris', model_version: '1.0.0', id: 'req-7', raw_output_contents: [] });
    const outputs = outputsOf(response);
    expect(outputs.label).toEqual({ datatype: 'INT64', shape: [2], data: [0, 2] });
    expect(outputs.probabilities.shape).toEqual([2, 3]);
  });

  test('ModelInfer with raw contents: raw outputs (little-endian, one per output, in order), no typed contents', async () => {
    const response = await grpc.call<InferResponse>(inference, 'ModelInfer', { ...RAW_INFER, model_version: '1.0.0' });
    expect(response.raw_output_contents.map((b) => b.length)).toEqual([2 * 8, 6 * 4]);
    expect(response.outputs.every((o) => o.contents === null)).toBe(true);
    expect(outputsOf(response).label.data).toEqual([0, 2]);
  });

  test('the same 64 rows over REST, gRPC typed and gRPC raw give identical outputs', async () => {
    const data = rows(64);
    const rest = JSON.parse((await call(ports.port, '/v2/models/iris/infer', {
      body: { inputs: [{ name: 'input', shape: [64, 4], datatype: 'FP32', data }] },
    })).body) as { outputs: { name: string; datatype: string; shape: number[]; data: number[] }[] };
    const restOutputs = Object.fromEntries(rest.outputs.map(({ name, ...o }) => [name, o]));
    const typed = await grpc.call<InferResponse>(inference, 'ModelInfer', {
      model_name: 'iris', inputs: [{ name: 'input', datatype: 'FP32', shape: [64, 4], contents: { fp32_contents: data } }],
    });
    const raw = await grpc.call<InferResponse>(inference, 'ModelInfer', {
      model_name: 'iris', inputs: [{ name: 'input', datatype: 'FP32', shape: [64, 4] }], raw_input_contents: [f32(data)],
    });
    expect(outputsOf(typed)).toEqual(restOutputs);
    expect(outputsOf(raw)).toEqual(restOutputs);
    expect(new Set(restOutputs.label.data)).toEqual(new Set([0, 1, 2]));
  });

  test('other numeric datatypes convert as over REST: FP64 contents and INT64 raw bytes into the FP32 input', async () => {
    const integers = [5, 3, 1, 0, 7, 3, 5, 2];
    const rest = JSON.parse((await call(ports.port, '/v2/models/iris/infer', {
      body: { inputs: [{ name: 'input', shape: [2, 4], datatype: 'INT64', data: integers }] },
    })).body) as { outputs: { name: string; data: number[] }[] };
    const int64Raw = await grpc.call<InferResponse>(inference, 'ModelInfer', {
      model_name: 'iris', inputs: [{ name: 'input', datatype: 'INT64', shape: [2, 4] }],
      raw_input_contents: [Buffer.from(BigInt64Array.from(integers, BigInt).buffer)],
    });
    const fp64 = await grpc.call<InferResponse>(inference, 'ModelInfer', {
      model_name: 'iris', inputs: [{ name: 'input', datatype: 'FP64', shape: [2, 4], contents: { fp64_contents: integers } }],
    });
    for (const response of [int64Raw, fp64]) {
      expect(outputsOf(response).probabilities.data).toEqual(rest.outputs.find((o) => o.name === 'probabilities')!.data);
    }
  });

  test('outputs narrows the response to the named outputs, in the order asked', async () => {
    const response = await grpc.call<InferResponse>(inference, 'ModelInfer', { ...TYPED_INFER, outputs: [{ name: 'probabilities' }] });
    expect(response.outputs.map((o) => o.name)).toEqual(['probabilities']);
  });
});

describe('client mistakes: a clear status and message, never INTERNAL', () => {
  const input = TYPED_INFER.inputs[0];
  const withInput = (changes: Record<string, unknown>) => ({ model_name: 'iris', inputs: [{ ...input, ...changes }] });
  const rawOf = (bytes: Buffer, changes: Record<string, unknown> = {}) =>
    ({ model_name: 'iris', inputs: [{ name: 'input', datatype: 'FP32', shape: [2, 4], ...changes }], raw_input_contents: [bytes] });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['a shape that does not fit the model', withInput({ shape: [2, 5] }), /^inputs\[0\] \(input\): shape \[2,5\] dimension 1 is 5, model expects 4/],
    ['more elements than the shape', withInput({ shape: [1, 4] }), /^inputs\[0\] \(input\): shape \[1,4\] needs 4 elements but contents.fp32_contents has 8$/],
    ['an unknown datatype', withInput({ datatype: 'FLOAT32' }), /^inputs\[0\]: datatype "FLOAT32" is not one of BOOL, UINT8/],
    ['data in the wrong contents field', withInput({ contents: { int_contents: [1, 2, 3, 4, 5, 6, 7, 8] } }),
      /^inputs\[0\] \(input\): datatype FP32 takes its data in contents.fp32_contents, but contents.int_contents has 8 elements$/],
    ['no data at all', withInput({ contents: null }), /^inputs\[0\]: no tensor data: set contents.fp32_contents or raw_input_contents$/],
    ['an INT8 value out of range', withInput({ datatype: 'INT8', contents: { int_contents: [5, 3, 1, 0, 300, 3, 5, 2] } }),
      /^inputs\[0\] \(input\): contents.int_contents element 4 \(300\) is out of range for INT8$/],
    ['a datatype the model input cannot take', withInput({ datatype: 'BOOL', contents: { bool_contents: Array(8).fill(true) } }),
      /^inputs\[0\] \(input\): datatype BOOL cannot be converted to the model's FP32$/],
    ['FP16 in typed contents', withInput({ datatype: 'FP16', contents: {} }), /FP16 has no typed contents field; send it in raw_input_contents/],
    ['an unknown input', withInput({ name: 'petals' }), /^inputs\[0\]: unknown input "petals"; the model's inputs are: input$/],
    ['no inputs', { model_name: 'iris', inputs: [] }, /^inputs: missing model input\(s\) input$/],
    ['the same input twice', { model_name: 'iris', inputs: [input, input] }, /^inputs\[1\]: input "input" is given twice$/],
    ['an unknown output', { ...TYPED_INFER, outputs: [{ name: 'species' }] }, /^outputs\[0\]: unknown output "species"; the model's outputs are: label, probabilities$/],
    ['a shape dimension too large for any tensor', withInput({ shape: ['9007199254740993', 4] }), /^inputs\[0\]: shape dimension 0 is "9007199254740993"/],
    ['a negative dimension', withInput({ shape: [-2, 4] }), /^inputs\[0\]: shape dimension 0 is "-2"; dimensions are whole numbers from 0$/],
    ['raw bytes of the wrong length', rawOf(f32([1, 2, 3])), /^inputs\[0\] \(input\): raw_input_contents\[0\] holds 12 bytes, but shape \[2,4\] of FP32 needs 32$/],
    ['NaN in raw FP64 for the FP32 input (a conversion keeps the JSON rules)', { ...rawOf(Buffer.from(Float64Array.from([5.1, NaN, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3]).buffer)), inputs: [{ ...input, datatype: 'FP64', contents: null }] }, /^inputs\[0\] \(input\): data element 1 \(NaN\) is not a number$/],
    ['raw contents and typed contents together', { ...rawOf(f32(rows(2))), inputs: [input] }, /^inputs\[0\]: contents must not be set when raw_input_contents is used/],
    ['fewer raw contents than inputs', { ...rawOf(f32(rows(2))), raw_input_contents: [] as Buffer[], inputs: [{ ...input, contents: null }, { ...input, name: 'x', contents: null }] }, /^inputs\[0\]: no tensor data/],
    ['more raw contents than inputs', { ...rawOf(f32(rows(2))), raw_input_contents: [f32(rows(2)), f32(rows(2))] }, /^raw_input_contents has 2 entries but inputs has 1; send one entry per input, in the order of inputs$/],
    ['an empty model name', { ...TYPED_INFER, model_name: '' }, /^the model name is empty/],
  ])('%s: INVALID_ARGUMENT', async (_what, request, message) => {
    const failure = await grpc.fail(inference, 'ModelInfer', request);
    expect(failure.details).toMatch(message);
    expect(failure.code).toBe(Status.INVALID_ARGUMENT);
  });

  test('the message is REST\'s for the same mistake', async () => {
    const pairs: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ inputs: [{ name: 'input', shape: [2, 5], datatype: 'FP32', data: Array(10).fill(1) }] }, withInput({ shape: [2, 5], contents: { fp32_contents: Array(10).fill(1) } })],
      [{ inputs: [{ name: 'petals', shape: [2, 4], datatype: 'FP32', data: rows(2) }] }, withInput({ name: 'petals' })],
    ];
    for (const [restBody, grpcRequest] of pairs) {
      const rest = JSON.parse((await call(ports.port, '/v2/models/iris/infer', { body: restBody })).body).error;
      expect((await grpc.fail(inference, 'ModelInfer', grpcRequest)).details).toBe(rest);
    }
    const rest404 = JSON.parse((await call(ports.port, '/v2/models/rose/versions/1.0.0/infer', { body: pairs[0][0] })).body).error;
    expect(await grpc.fail(inference, 'ModelInfer', { ...TYPED_INFER, model_name: 'rose', model_version: '1.0.0' }))
      .toEqual({ code: Status.NOT_FOUND, details: rest404 });
  });

  test('an unknown model or version: NOT_FOUND', async () => {
    expect((await grpc.fail(inference, 'ModelInfer', { ...TYPED_INFER, model_name: 'rose' })).code).toBe(Status.NOT_FOUND);
    expect(await grpc.fail(inference, 'ModelInfer', { ...TYPED_INFER, model_version: '0.9' }))
      .toEqual({ code: Status.NOT_FOUND, details: 'model "iris" version "0.9" not found; this server serves version "1.0.0"' });
  });

  test('a message above BODY_LIMIT_BYTES: RESOURCE_EXHAUSTED naming the limit, and the server still answers', async () => {
    const big = f32(rows(5000)); // 80 kB of raw contents
    const failure = await grpc.fail(inference, 'ModelInfer', rawOf(big, { shape: [5000, 4] }));
    expect(failure).toEqual({ code: Status.RESOURCE_EXHAUSTED, details: expect.stringMatching(/^request message of \d+ bytes exceeds BODY_LIMIT_BYTES \(65536 bytes\)$/) });
    expect((await grpc.call<InferResponse>(inference, 'ModelInfer', TYPED_INFER)).outputs).toHaveLength(2);
  });

  test('bytes that are not a protobuf message, or a corrupt gzip message: INVALID_ARGUMENT', async () => {
    const garbage = rawCall(ports.grpcPort, '/inference.GRPCInferenceService/ModelInfer', Buffer.from([0x2a, 0x03, 0x0a])); // inputs[0]: 3 bytes announced, 1 sent
    expect(await garbage.result).toMatchObject({ status: Status.INVALID_ARGUMENT, message: expect.stringMatching(/^the request is not a valid protobuf message/) });
    garbage.close();
    const gzip = rawCall(ports.grpcPort, '/inference.GRPCInferenceService/ModelInfer', serializeRequest('ModelInfer', TYPED_INFER),
      { compressed: true, headers: { 'grpc-encoding': 'gzip' } });
    expect(await gzip.result).toMatchObject({ status: Status.INVALID_ARGUMENT, message: 'Failed to decompress message' });
    gzip.close();
  });
});

describe('grpc.health.v1.Health', () => {
  test('Check reports SERVING for the server ("") and the inference service; an unknown service is NOT_FOUND', async () => {
    expect(await grpc.call(grpc.health, 'Check', {})).toEqual({ status: 'SERVING' });
    expect(await grpc.call(grpc.health, 'Check', { service: 'inference.GRPCInferenceService' })).toEqual({ status: 'SERVING' });
    expect(await grpc.fail(grpc.health, 'Check', { service: 'payments' })).toEqual({ code: Status.NOT_FOUND, details: expect.stringContaining('unknown service "payments"') });
  });

  test('Watch sends the current status at once (SERVICE_UNKNOWN for an unknown service, without ending the call)', async () => {
    for (const [service, expected] of [['', 'SERVING'], ['payments', 'SERVICE_UNKNOWN']]) {
      const stream = (grpc.health as unknown as Record<string, (req: unknown) => NodeJS.EventEmitter & { cancel(): void }>).Watch({ service });
      const first = await new Promise((resolve, reject) => { stream.once('data', resolve); stream.once('error', reject); });
      expect(first).toEqual({ status: expected });
      stream.on('error', () => undefined); // the cancel below ends it with CANCELLED
      stream.cancel();
    }
  });
});

test('metrics count gRPC calls with protocol="grpc" and the status code name; the access log has one line per call, none for probes', async () => {
  await grpc.call(inference, 'ModelInfer', TYPED_INFER, { metadata: { 'x-request-id': 'trace-42' } });
  await grpc.call(grpc.health, 'Check', {});
  const metrics = (await call(ports.metricsPort, '/metrics')).body;
  const count = (labels: string) => Number(new RegExp(`^model_server_requests_total\\{${labels}\\} (\\d+)$`, 'm').exec(metrics)?.[1] ?? 0);
  expect(count('model="iris",version="1.0.0",protocol="grpc",endpoint="infer",status="OK"')).toBeGreaterThanOrEqual(8);
  expect(count('model="iris",version="1.0.0",protocol="grpc",endpoint="infer",status="INVALID_ARGUMENT"')).toBeGreaterThanOrEqual(10);
  expect(count('model="unknown",version="1.0.0",protocol="grpc",endpoint="infer",status="NOT_FOUND"')).toBeGreaterThanOrEqual(1);
  // Refused before its message was read: the model it asked for is unknown.
  expect(count('model="unknown",version="unknown",protocol="grpc",endpoint="infer",status="RESOURCE_EXHAUSTED"')).toBe(1);
  expect(count('model="iris",version="1.0.0",protocol="grpc",endpoint="ready",status="OK"')).toBeGreaterThanOrEqual(2);
  expect(count('model="iris",version="1.0.0",protocol="grpc",endpoint="metadata",status="OK"')).toBeGreaterThanOrEqual(1);
  expect(metrics).not.toMatch(/endpoint="(ServerLive|Check|health)/);
  const line = await waitFor('the access log line of trace-42', () => server.logs.find((l) => l.reqId === 'trace-42'));
  expect(line).toMatchObject({ msg: 'grpc call completed', listener: 'grpc', grpc: { method: 'ModelInfer', code: 'OK' }, peer: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
  expect(typeof line.responseTime).toBe('number');
  const methods = new Set(server.logs.filter((l) => l.msg === 'grpc call completed').map((l) => (l.grpc as { method: string }).method));
  expect([...methods].sort()).toEqual(['ModelInfer', 'ModelMetadata', 'ModelReady', 'ServerMetadata']);
  expect(server.logs.filter((l) => /failed|error/i.test(String(l.msg)))).toEqual([]);
});
