/**
 * Bodies built to break the server rather than to be served: deep objects, huge strings, mixed
 * nesting, anywhere in the request, plus a seeded random mix. Every one must get a 4xx whose
 * message quotes at most a short excerpt of the input, and the server must answer normally
 * after each one. (The bad-input table checks the exact status and message of ordinary mistakes.)
 */
import { EXCERPT_MAX_CHARS } from '../../src/protocol/excerpt';
import { MAX_JSON_DEPTH, MAX_OBJECT_KEYS } from '../../src/protocol/json-body';
import { buildTestApp, SETOSA, type TestApp } from '../helpers/test-app';

let t: TestApp;
// 4 MiB: room for the huge strings, which a 1 MiB default would already refuse with 413.
beforeAll(async () => { t = await buildTestApp({ BODY_LIMIT_BYTES: String(4 * 1024 * 1024) }); });
afterAll(async () => { await t.app.close(); });

const V2 = '/v2/models/iris/infer';
const V1 = '/v1/models/iris:predict';
const nest = (depth: number, open: (inner: string) => string, leaf = '1') => {
  let text = leaf;
  for (let i = 0; i < depth; i++) text = open(text);
  return text;
};
const deepObject = (depth: number) => nest(depth, (inner) => `{"a":${inner}}`);
const mixed = (depth: number) => nest(depth, (inner) => (inner.length % 2 ? `[{"k":${inner}}]` : `{"k":[${inner}]}`));
const v2Body = (data: string, extra = '') => `{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":${data}}]${extra}}`;
const huge = 'x'.repeat(1024 * 1024);

interface Hostile { name: string; url?: string; payload: string; contentType?: string; status: number; error: string | RegExp }

const DEPTH_ERROR = `request body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep`;
const hostile: Hostile[] = [
  { name: 'an object 10,000 deep as a tensor element', payload: v2Body(`[1,${deepObject(10000)},3,4]`), status: 400, error: DEPTH_ERROR },
  { name: 'an object 10,000 deep as a V1 instance element', url: V1, payload: `{"instances":[[1,2,3,${deepObject(10000)}]]}`, status: 400, error: DEPTH_ERROR },
  { name: 'an object 10,000 deep in parameters', payload: v2Body('[1,2,3,4]', `,"parameters":${deepObject(10000)}`), status: 400, error: DEPTH_ERROR },
  { name: 'an object 10,000 deep under an unknown key', payload: v2Body('[1,2,3,4]', `,"extra":${deepObject(10000)}`), status: 400, error: DEPTH_ERROR },
  { name: 'an object 10,000 deep as the input name', payload: `{"inputs":[{"name":${deepObject(10000)},"shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}`, status: 400, error: DEPTH_ERROR },
  { name: 'arrays and objects alternating 10,000 deep in data', payload: v2Body(`[1,${mixed(10000)},3,4]`), status: 400, error: DEPTH_ERROR },
  { name: 'arrays and objects alternating 10,000 deep in V1 instances', url: V1, payload: `{"instances":${mixed(10000)}}`, status: 400, error: DEPTH_ERROR },
  { name: `an object exactly ${MAX_JSON_DEPTH - 5} deep as a tensor element (within the bound)`, payload: v2Body(`[1,${deepObject(MAX_JSON_DEPTH - 5)},3,4]`), status: 400, error: /^inputs\[0\] \(input\): data element 1 \(\{"a":\{"a":.*…\) is not a number$/ },
  { name: `an object with ${MAX_OBJECT_KEYS + 1} keys`, payload: v2Body('[1,2,3,4]', `,"parameters":{${Array.from({ length: MAX_OBJECT_KEYS + 1 }, (_, i) => `"k${i}":1`).join(',')}}`), status: 400, error: `request body has an object with more than ${MAX_OBJECT_KEYS} keys` },
  { name: 'a "__proto__" key', payload: v2Body('[1,2,3,4]', ',"parameters":{"__proto__":{"polluted":true}}'), status: 400, error: 'request body contains a forbidden "__proto__" key' },
  { name: 'a "constructor.prototype" key', payload: v2Body('[1,2,3,4]', ',"parameters":{"constructor":{"prototype":{}}}'), status: 400, error: 'forbidden "constructor.prototype" key' },
  { name: 'a 1 MiB string as a tensor element', payload: v2Body(`[1,"${huge}",3,4]`), status: 400, error: /^inputs\[0\] \(input\): data element 1 \("x+…\) is not a number$/ },
  { name: 'a 1 MiB string as the input name', payload: `{"inputs":[{"name":"${huge}","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}`, status: 400, error: /^inputs\[0\]: unknown input "x+…; the model's inputs are: input$/ },
  { name: 'a 1 MiB string as a requested output', payload: v2Body('[1,2,3,4]', `,"outputs":[{"name":"${huge}"}]`), status: 400, error: /^outputs\[0\]: unknown output "x+…; the model's outputs are/ },
  { name: 'a 1 MiB string nested where the shape expects an array', payload: `{"inputs":[{"name":"input","shape":[2,4],"datatype":"FP32","data":[[1,2,3,4],"${huge}"]}]}`, status: 400, error: /^inputs\[0\] \(input\): data\[1\] is "x+… but shape \[2,4\] expects a nested array there$/ },
  { name: 'a 1 MiB object as a V1 instance', url: V1, payload: `{"instances":[[1,2,3,{"k":"${huge}"}]]}`, status: 400, error: /^instances: data element 3 \(\{"k":"x+…\) is not a number$/ },
  { name: 'a 1 MiB string as the datatype', payload: `{"inputs":[{"name":"input","shape":[1,4],"datatype":"${huge}","data":[1,2,3,4]}]}`, status: 400, error: 'datatype must be equal to one of the allowed values' },
  { name: 'a 2,000-character model name in the path', url: `/v2/models/${'m'.repeat(2000)}/infer`, payload: v2Body('[1,2,3,4]'), status: 414, error: /^a path segment of \/v2\/models\/m+… is longer than 100 characters$/ },
  { name: 'a malformed percent-encoding in the path', url: '/v2/models/%E0%A4%A/infer', payload: v2Body('[1,2,3,4]'), status: 400, error: 'invalid URL /v2/models/%E0%A4%A/infer' },
  { name: 'a 2,000-character path', url: `/v2/${'p'.repeat(2000)}`, payload: v2Body('[1,2,3,4]'), status: 404, error: /^no route for POST \/v2\/p+…$/ },
  { name: 'a 2,000-character content-type', payload: v2Body('[1,2,3,4]'), contentType: `text/${'p'.repeat(2000)}`, status: 415, error: /^unsupported content-type text\/p+…; send application\/json, or application\/octet-stream with Inference-Header-Content-Length \(binary tensor data extension\)$/ },
];

/** The longest run of client input a message may quote: one excerpt, or the 100-character path/content-type quote. */
const longestQuote = (message: string) => Math.max(0, ...(message.match(/[xmpa{}":k]{2,}…?/g) ?? []).map((s) => s.length));

const healthy = async () => {
  const live = await t.app.inject('/v2/health/live');
  const infer = await t.app.inject({ method: 'POST', url: V2, payload: { inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: SETOSA }] } });
  return [live.statusCode, infer.statusCode];
};

test.each(hostile.map((h) => [h.name, h] as const))('%s → 4xx with a short message; the server keeps answering', async (_name, h) => {
  const res = await t.app.inject({ method: 'POST', url: h.url ?? V2, headers: { 'content-type': h.contentType ?? 'application/json' }, payload: h.payload });
  expect(res.statusCode).toBe(h.status);
  const { error } = res.json();
  if (typeof h.error === 'string') expect(error).toContain(h.error);
  else expect(error).toMatch(h.error);
  expect(error.length).toBeLessThanOrEqual(250);
  expect(longestQuote(error)).toBeLessThanOrEqual(100);
  expect(await healthy()).toEqual([200, 200]);
});

test(`excerpts of element values are at most ${EXCERPT_MAX_CHARS} characters`, async () => {
  const res = await t.app.inject({ method: 'POST', url: V2, headers: { 'content-type': 'application/json' }, payload: v2Body(`[1,"${huge}",3,4]`) });
  const quoted = /\((".*")\) is not a number/.exec(res.json().error)?.[1] ?? /\(("x+…)\)/.exec(res.json().error)?.[1];
  expect(quoted?.length).toBeLessThanOrEqual(EXCERPT_MAX_CHARS);
});

/** Deterministic PRNG (mulberry32), so a failure names a reproducible seed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random JSON value: scalars, long strings, and arrays/objects up to 120 deep, at most ~400 nodes. */
function randomValue(rand: () => number, depth = 0, budget = { nodes: 400 }): string {
  const pick = rand();
  if (depth > 120 || --budget.nodes < 0 || pick < 0.3) {
    const scalars = ['1', '-0.5', '1e39', 'true', 'null', '"s"', `"${'y'.repeat(Math.floor(rand() * 5000))}"`, '""'];
    return scalars[Math.floor(rand() * scalars.length)];
  }
  // Mostly one child, so some branches reach the depth bound while the total stays small.
  if (pick < 0.65) return `[${Array.from({ length: 1 + Math.floor(rand() * 3) }, () => randomValue(rand, depth + 1, budget)).join(',')}]`;
  return `{${Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, i) => `"${['a', 'name', 'data', 'shape', 'datatype', 'constructor'][i % 6]}":${randomValue(rand, depth + 1, budget)}`).join(',')}}`;
}

test('300 seeded random bodies in every field of V2 and V1 requests: never a 5xx', async () => {
  const rand = random(20261130);
  const templates = [
    (v: string) => [V2, v2Body(v)],
    (v: string) => [V2, v2Body(`[1,${v},3,4]`)],
    (v: string) => [V2, `{"inputs":[{"name":${v},"shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}`],
    (v: string) => [V2, `{"inputs":[{"name":"input","shape":${v},"datatype":"FP32","data":[1,2,3,4]}]}`],
    (v: string) => [V2, v2Body('[1,2,3,4]', `,"outputs":${v}`)],
    (v: string) => [V2, v2Body('[1,2,3,4]', `,"parameters":${v}`)],
    (v: string) => [V2, `{"inputs":${v}}`],
    (v: string) => [V1, `{"instances":${v}}`],
    (v: string) => [V1, `{"instances":[[1,2,3,${v}]]}`],
  ];
  const statuses = new Map<number, number>();
  for (let i = 0; i < 300; i++) {
    const [url, payload] = templates[i % templates.length](randomValue(rand));
    const res = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload });
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
    if (res.statusCode >= 500) throw new Error(`case ${i} got ${res.statusCode} ${res.body}: ${payload.slice(0, 300)}`);
    expect(Object.keys(res.json())).toEqual(res.statusCode === 200 ? expect.any(Array) : ['error']);
  }
  expect(statuses.get(400)).toBeGreaterThan(100); // the generator mostly produces garbage, as intended
  expect(await healthy()).toEqual([200, 200]);
});
