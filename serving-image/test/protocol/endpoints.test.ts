/** Every endpoint through fastify.inject against the real model, responses checked against the OIP spec. */
import { expectMatchesOip, oipPaths } from '../helpers/oip-spec';
import { buildTestApp, SETOSA, VIRGINICA, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => { t = await buildTestApp(); });
afterAll(async () => { await t.app.close(); });

const infer = (url: string, body: unknown) => t.app.inject({ method: 'POST', url, payload: body as object });
const twoFlowers = (datatype = 'FP32', data: unknown = [...SETOSA, ...VIRGINICA]) => ({
  inputs: [{ name: 'input', shape: [2, 4], datatype, data }],
});

describe('health', () => {
  test('live and ready answer 200 with the model loaded', async () => {
    const live = await t.app.inject('/v2/health/live');
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ live: true });
    const ready = await t.app.inject('/v2/health/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ready: true });
  });
});

describe('OIP V2 metadata', () => {
  test.each(['/v2', '/v2/'])('server metadata at %s names the server and the version from package.json', async (url) => {
    const res = await t.app.inject(url);
    expect(res.statusCode).toBe(200);
    expectMatchesOip('metadata_server_response', res.json());
    expect(res.json().name).toBe('cdk8s-model-serving');
    expect(res.json().version).toBe(require('../../package.json').version);
  });

  test.each(['/v2/models/iris', '/v2/models/iris/versions/1.0.0'])('model metadata at %s comes from the ONNX session', async (url) => {
    const res = await t.app.inject(url);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expectMatchesOip('metadata_model_response', body);
    expect(body).toEqual({
      name: 'iris',
      versions: ['1.0.0'],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [{ name: 'label', datatype: 'INT64', shape: [-1] }, { name: 'probabilities', datatype: 'FP32', shape: [-1, 3] }],
      properties: { class_labels: 'setosa,versicolor,virginica' },
    });
  });

  test.each(['/v2/models/iris/ready', '/v2/models/iris/versions/1.0.0/ready'])('model ready at %s answers 200 with ready: true', async (url) => {
    const res = await t.app.inject(url);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: 'iris', ready: true });
  });

  test('every path of the official spec answers 200', async () => {
    for (const path of oipPaths) {
      const url = path.replace('${MODEL_NAME}', 'iris').replace('${MODEL_VERSION}', '1.0.0');
      const res = url.endsWith('/infer') ? await infer(url, twoFlowers()) : await t.app.inject(url);
      expect({ url, status: res.statusCode }).toEqual({ url, status: 200 });
    }
  });
});

describe('OIP V2 inference', () => {
  test('the request example in /openapi.json is a valid OIP inference_request', async () => {
    const doc = (await t.app.inject('/openapi.json')).json();
    const { example } = doc.paths['/v2/models/{model}/infer'].post.requestBody.content['application/json'];
    expectMatchesOip('inference_request', example);
    expect((await infer('/v2/models/iris/infer', example)).statusCode).toBe(200);
  });

  test.each(['/v2/models/iris/infer', '/v2/models/iris/versions/1.0.0/infer'])('classifies two flowers at %s', async (url) => {
    const res = await infer(url, { id: 'req-42', ...twoFlowers() });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expectMatchesOip('inference_response', body);
    expect(body.model_name).toBe('iris');
    expect(body.model_version).toBe('1.0.0');
    expect(body.id).toBe('req-42');
    const label = body.outputs.find((o: { name: string }) => o.name === 'label');
    expect(label).toEqual({ name: 'label', datatype: 'INT64', shape: [2], data: [0, 2] });
    const probabilities = body.outputs.find((o: { name: string }) => o.name === 'probabilities');
    expect(probabilities.shape).toEqual([2, 3]);
    expect(probabilities.data[0]).toBeGreaterThan(0.9);
    expect(probabilities.data[5]).toBeGreaterThan(0.9);
    expect(probabilities.data.slice(0, 3).reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 5);
  });

  test('nested data along the shape gives the same answer as flat data', async () => {
    const res = await infer('/v2/models/iris/infer', twoFlowers('FP32', [SETOSA, VIRGINICA]));
    expect(res.statusCode).toBe(200);
    expect(res.json().outputs[0].data).toEqual([0, 2]);
  });

  test.each(['FP64', 'FP16'])('%s input is converted to the model\'s FP32', async (datatype) => {
    const res = await infer('/v2/models/iris/infer', twoFlowers(datatype));
    expect(res.statusCode).toBe(200);
    expect(res.json().outputs[0].data).toEqual([0, 2]);
  });

  test.each(['INT32', 'INT64', 'UINT8'])('integer datatype %s is accepted for a float input', async (datatype) => {
    const res = await infer('/v2/models/iris/infer', twoFlowers(datatype, [5, 3, 1, 0, 7, 3, 5, 2]));
    expect(res.statusCode).toBe(200);
    expect(res.json().outputs[0].data).toEqual([0, 2]);
  });

  test('requested outputs restrict the response to those outputs', async () => {
    const res = await infer('/v2/models/iris/infer', { ...twoFlowers(), outputs: [{ name: 'probabilities' }] });
    expect(res.statusCode).toBe(200);
    expectMatchesOip('inference_response', res.json());
    expect(res.json().outputs.map((o: { name: string }) => o.name)).toEqual(['probabilities']);
  });

  test('a batch of one row answers one label', async () => {
    const res = await infer('/v2/models/iris/infer', { inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: VIRGINICA }] });
    expect(res.json().outputs[0]).toEqual({ name: 'label', datatype: 'INT64', shape: [1], data: [2] });
  });
});

describe('versioned paths route only the served version', () => {
  test.each([
    ['GET', '/v2/models/iris/versions/2.0.0'],
    ['GET', '/v2/models/iris/versions/2.0.0/ready'],
    ['POST', '/v2/models/iris/versions/2.0.0/infer'],
  ])('%s %s is 404', async (method, url) => {
    const res = await t.app.inject({ method: method as 'GET' | 'POST', url, payload: method === 'POST' ? twoFlowers() : undefined });
    expect(res.statusCode).toBe(404);
    expectMatchesOip('inference_error_response', res.json());
    expect(res.json().error).toContain('version "2.0.0" not found');
  });
});

describe('KServe V1', () => {
  test('V1 model status answers name and ready: true', async () => {
    const res = await t.app.inject('/v1/models/iris');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: 'iris', ready: true });
  });

  test('V1 instances → predictions are class indices, like the sklearn server', async () => {
    const res = await infer('/v1/models/iris:predict', { instances: [SETOSA, VIRGINICA] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ predictions: [0, 2] });
  });

  test('unknown model is 404 on both V1 routes', async () => {
    expect((await t.app.inject('/v1/models/roses')).statusCode).toBe(404);
    const res = await infer('/v1/models/roses:predict', { instances: [SETOSA] });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'model "roses" not found; this server serves "iris"' });
  });
});
