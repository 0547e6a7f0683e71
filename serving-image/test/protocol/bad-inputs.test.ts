/**
 * Bad input never crashes the server and never answers 5xx: each case gets the documented
 * status and a `{"error": "..."}` body that names what was wrong.
 */
import { expectMatchesOip } from '../helpers/oip-spec';
import { buildTestApp, SETOSA, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => { t = await buildTestApp({ BODY_LIMIT_BYTES: '4096' }); });
afterAll(async () => { await t.app.close(); });

const V2 = '/v2/models/iris/infer';
const V1 = '/v1/models/iris:predict';
const input = (overrides: Record<string, unknown>) => ({ inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: SETOSA, ...overrides }] });

interface BadCase {
  name: string;
  url?: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  raw?: string;
  contentType?: string;
  status: number;
  error: string | RegExp;
}

const cases: BadCase[] = [
  // malformed HTTP bodies
  { name: 'invalid JSON', raw: '{"inputs": [', status: 400, error: /not valid JSON/ },
  { name: 'empty JSON body', raw: '', status: 400, error: /empty/i },
  { name: 'JSON array instead of object', body: [1, 2], status: 400, error: 'invalid request: body must be object' },
  { name: 'form-encoded body', raw: 'inputs=1', contentType: 'application/x-www-form-urlencoded', status: 415, error: 'unsupported content-type application/x-www-form-urlencoded; send application/json' },
  { name: 'text/plain body', raw: 'inputs=1', contentType: 'text/plain', status: 415, error: 'unsupported content-type text/plain; send application/json' },
  { name: 'text/plain body that is valid JSON', raw: JSON.stringify(input({})), contentType: 'text/plain', status: 415, error: 'unsupported content-type text/plain' },
  // (No Content-Type at all is JSON, as tritonclient sends it; see binary-extension.test.ts.)
  { name: 'octet-stream body without Inference-Header-Content-Length', raw: 'x', contentType: 'application/octet-stream', status: 400, error: 'a binary body needs the Inference-Header-Content-Length request header' },
  { name: 'octet-stream body to V1 predict', url: V1, raw: 'x', contentType: 'application/octet-stream', status: 415, error: 'unsupported content-type application/octet-stream; send application/json, or application/octet-stream with Inference-Header-Content-Length (binary tensor data extension)' },
  { name: 'body over BODY_LIMIT_BYTES', body: input({ shape: [1000, 4], data: new Array(4000).fill(1.5) }), status: 413, error: /too large/i },
  // request structure
  { name: 'missing inputs', body: {}, status: 400, error: "invalid request: body must have required property 'inputs'" },
  { name: 'inputs is not an array', body: { inputs: {} }, status: 400, error: 'invalid request: body/inputs must be array' },
  { name: 'empty inputs', body: { inputs: [] }, status: 400, error: 'invalid request: body/inputs must NOT have fewer than 1 items' },
  { name: 'input without name', body: { inputs: [{ shape: [1, 4], datatype: 'FP32', data: SETOSA }] }, status: 400, error: "must have required property 'name'" },
  { name: 'input without shape', body: { inputs: [{ name: 'input', datatype: 'FP32', data: SETOSA }] }, status: 400, error: "must have required property 'shape'" },
  { name: 'input without datatype', body: { inputs: [{ name: 'input', shape: [1, 4], data: SETOSA }] }, status: 400, error: "must have required property 'datatype'" },
  { name: 'input without data', body: { inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32' }] }, status: 400, error: 'inputs[0]: needs data, or parameters.binary_data_size' },
  { name: 'id is not a string', body: { id: 7, ...input({}) }, status: 400, error: 'body/id must be string' },
  { name: 'outputs entry without name', body: { ...input({}), outputs: [{}] }, status: 400, error: "must have required property 'name'" },
  // datatypes
  { name: 'unknown datatype', body: input({ datatype: 'FLOAT' }), status: 400, error: 'body/inputs/0/datatype must be equal to one of the allowed values' },
  { name: 'lowercase datatype', body: input({ datatype: 'fp32' }), status: 400, error: 'datatype must be equal to one of the allowed values' },
  { name: 'BYTES for a float input', body: input({ datatype: 'BYTES', data: ['a', 'b', 'c', 'd'] }), status: 400, error: "datatype BYTES cannot be converted to the model's FP32" },
  { name: 'BOOL for a float input', body: input({ datatype: 'BOOL', data: [true, false, true, false] }), status: 400, error: "datatype BOOL cannot be converted to the model's FP32" },
  { name: 'fraction in an INT32 tensor', body: input({ datatype: 'INT32', data: [5.1, 3, 1, 0] }), status: 400, error: 'data element 0 (5.1) is not an integer (datatype INT32)' },
  { name: 'negative value in a UINT8 tensor', body: input({ datatype: 'UINT8', data: [5, -3, 1, 0] }), status: 400, error: 'data element 1 (-3) is out of range for UINT8' },
  { name: 'INT8 overflow', body: input({ datatype: 'INT8', data: [5, 300, 1, 0] }), status: 400, error: 'data element 1 (300) is out of range for INT8' },
  { name: 'FP32 overflow', body: input({ data: [5, 1e39, 1, 0] }), status: 400, error: 'data element 1 (1e+39) is out of range for FP32' },
  // data contents
  { name: 'string in numeric data', body: input({ data: [5.1, '3.5', 1.4, 0.2] }), status: 400, error: 'data element 1 ("3.5") is not a number' },
  { name: 'null in numeric data', body: input({ data: [5.1, null, 1.4, 0.2] }), status: 400, error: 'data element 1 (null) is not a number' },
  { name: 'boolean in numeric data', body: input({ data: [5.1, true, 1.4, 0.2] }), status: 400, error: 'data element 1 (true) is not a number' },
  { name: 'object in numeric data', body: input({ data: [5.1, { v: 1 }, 1.4, 0.2] }), status: 400, error: 'data element 1 ({"v":1}) is not a number' },
  { name: 'data is not an array', body: input({ data: 5.1 }), status: 400, error: 'body/inputs/0/data must be array' },
  // shapes
  { name: 'too few elements for the shape', body: input({ data: [5.1, 3.5, 1.4] }), status: 400, error: 'shape [1,4] needs 4 elements but data has 3' },
  { name: 'too many elements for the shape', body: input({ data: [...SETOSA, 1] }), status: 400, error: 'shape [1,4] needs 4 elements but data has 5' },
  { name: 'ragged nested data', body: input({ shape: [2, 4], data: [SETOSA, [1, 2, 3]] }), status: 400, error: 'data[1] has 3 elements where shape [2,4] expects 4' },
  { name: 'nested data deeper than the shape', body: input({ shape: [1, 4], data: [[[1], [2], [3], [4]]] }), status: 400, error: 'has no further dimension' },
  { name: 'nested data shallower than the shape', body: input({ shape: [2, 4], data: [SETOSA, 7] }), status: 400, error: 'data[1] is 7 but shape [2,4] expects a nested array there' },
  { name: 'wrong feature count', body: input({ shape: [1, 3], data: [1, 2, 3] }), status: 400, error: 'dimension 1 is 3, model expects 4' },
  { name: 'wrong rank', body: input({ shape: [4], data: SETOSA }), status: 400, error: 'shape [4] has rank 1, model expects rank 2 [-1,4]' },
  { name: 'zero-sized batch', body: input({ shape: [0, 4], data: [] }), status: 400, error: 'shape [0,4] has no elements' },
  { name: 'negative dimension', body: input({ shape: [-1, 4] }), status: 400, error: 'body/inputs/0/shape/0 must be >= 0' },
  { name: 'fractional dimension', body: input({ shape: [1.5, 4] }), status: 400, error: 'body/inputs/0/shape/0 must be integer' },
  { name: 'string dimension', body: input({ shape: ['1', 4] }), status: 400, error: 'body/inputs/0/shape/0 must be integer' },
  { name: 'shape claiming a huge tensor', body: input({ shape: [1e9, 4], data: SETOSA }), status: 400, error: 'exceeds 10000000 elements' },
  // names
  { name: 'unknown input name', body: input({ name: 'features' }), status: 400, error: 'unknown input "features"; the model\'s inputs are: input' },
  { name: 'input given twice', body: { inputs: [input({}).inputs[0], input({}).inputs[0]] }, status: 400, error: 'input "input" is given twice' },
  { name: 'unknown requested output', body: { ...input({}), outputs: [{ name: 'logits' }] }, status: 400, error: 'unknown output "logits"; the model\'s outputs are: label, probabilities' },
  // routing
  { name: 'unknown model', url: '/v2/models/roses/infer', body: input({}), status: 404, error: 'model "roses" not found; this server serves "iris"' },
  { name: 'unknown version with an invalid body', url: '/v2/models/iris/versions/9/infer', body: {}, status: 404, error: 'version "9" not found' },
  { name: 'unknown route', url: '/v3/models/iris/infer', body: input({}), status: 404, error: 'no route for POST /v3/models/iris/infer' },
  { name: 'wrong method', url: V2, method: 'GET', status: 404, error: 'no route for GET /v2/models/iris/infer' },
  // V1
  { name: 'V1 without instances', url: V1, body: { inputs: [] }, status: 400, error: "body must have required property 'instances'" },
  { name: 'V1 instances not an array', url: V1, body: { instances: 'x' }, status: 400, error: 'body/instances must be array' },
  { name: 'V1 empty instances', url: V1, body: { instances: [] }, status: 400, error: 'body/instances must NOT have fewer than 1 items' },
  { name: 'V1 ragged instances', url: V1, body: { instances: [SETOSA, [1, 2]] }, status: 400, error: 'instances: data[1] has 2 elements where shape [2,4] expects 4' },
  { name: 'V1 wrong feature count', url: V1, body: { instances: [[1, 2, 3]] }, status: 400, error: 'instances: shape [1,3] dimension 1 is 3, model expects 4' },
  { name: 'V1 non-numeric instance', url: V1, body: { instances: [[1, 'x', 3, 4]] }, status: 400, error: 'instances: data element 1 ("x") is not a number' },
  { name: 'V1 instances nested 2000 deep', url: V1, raw: `{"instances":${'['.repeat(2000)}1${']'.repeat(2000)}}`, status: 400, error: 'request body nests arrays or objects more than 64 levels deep' },
  { name: 'V1 instances nested 40 deep (within the body bound, above the rank bound)', url: V1, raw: `{"instances":${'['.repeat(40)}1${']'.repeat(40)}}`, status: 400, error: 'instances: nested more than 32 levels deep' },
  { name: 'V2 data nested 1900 deep', raw: `{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":${'['.repeat(1900)}1${']'.repeat(1900)}}]}`, status: 400, error: 'request body nests arrays or objects more than 64 levels deep' },
  { name: 'V2 data nested 40 deep', raw: `{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":${'['.repeat(40)}1${']'.repeat(40)}}]}`, status: 400, error: 'data[0] has 1 elements where shape [1,4] expects 4' },
  { name: 'V2 rank above 32', body: input({ shape: new Array(33).fill(1), data: [1] }), status: 400, error: 'body/inputs/0/shape must NOT have more than 32 items' },
  { name: 'V1 flat instances for a rank-2 model', url: V1, body: { instances: SETOSA }, status: 400, error: 'instances: shape [4] has rank 1, model expects rank 2' },
];

test('there are at least 30 bad-input cases', () => {
  expect(cases.length).toBeGreaterThanOrEqual(30);
});

test.each(cases.map((c) => [c.name, c] as const))('%s → its 4xx status and an error naming the problem', async (_name, c) => {
  const res = await t.app.inject({
    method: c.method ?? 'POST',
    url: c.url ?? V2,
    headers: c.contentType === '' ? {} : { 'content-type': c.contentType ?? 'application/json' },
    payload: c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body)),
  });
  expect(res.statusCode).toBe(c.status);
  const body = res.json();
  expect(Object.keys(body)).toEqual(['error']);
  expectMatchesOip('inference_error_response', body);
  if (typeof c.error === 'string') expect(body.error).toContain(c.error);
  else expect(body.error).toMatch(c.error);
});

test('arrays nested 250000 deep (fits the default 1 MB body limit) are a 400, not a stack overflow', async () => {
  const big = await buildTestApp();
  try {
    const deep = `${'['.repeat(250000)}1${']'.repeat(250000)}`;
    const v1 = await big.app.inject({ method: 'POST', url: V1, headers: { 'content-type': 'application/json' }, payload: `{"instances":${deep}}` });
    expect([v1.statusCode, v1.json()]).toEqual([400, { error: 'request body nests arrays or objects more than 64 levels deep' }]);
    const v2 = await big.app.inject({
      method: 'POST', url: V2, headers: { 'content-type': 'application/json' },
      payload: `{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":${deep}}]}`,
    });
    expect(v2.statusCode).toBe(400);
  } finally {
    await big.app.close();
  }
});

test('after every bad input the server still answers a valid inference with 200', async () => {
  const res = await t.app.inject({ method: 'POST', url: V2, payload: input({}) });
  expect(res.statusCode).toBe(200);
});
