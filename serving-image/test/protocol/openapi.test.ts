/** /docs and /openapi.json on the main port; /metrics is not there. */
import { buildTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => { t = await buildTestApp(); });
afterAll(async () => { await t.app.close(); });

test('/docs serves Swagger UI', async () => {
  const res = await t.app.inject('/docs/');
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('text/html');
  expect(res.body).toContain('swagger-ui');
});

test('/openapi.json documents every route with its schemas and the server version from package.json', async () => {
  const res = await t.app.inject('/openapi.json');
  expect(res.statusCode).toBe(200);
  const doc = res.json();
  expect(doc.openapi).toMatch(/^3\./);
  expect(doc.info.version).toBe(require('../../package.json').version);
  expect(Object.keys(doc.paths).sort()).toEqual([
    '/v1/models/{model}', '/v1/models/{model}:predict',
    '/v2', '/v2/health/live', '/v2/health/ready',
    '/v2/models/{model}', '/v2/models/{model}/infer', '/v2/models/{model}/ready',
    '/v2/models/{model}/versions/{version}', '/v2/models/{model}/versions/{version}/infer',
    '/v2/models/{model}/versions/{version}/ready',
  ].sort());
  const infer = doc.paths['/v2/models/{model}/versions/{version}/infer'].post;
  expect(infer.requestBody.content['application/json'].schema.required).toEqual(['inputs']);
  expect(Object.keys(infer.responses)).toEqual(expect.arrayContaining(['200', '400', '404', '413', '503']));
});

test('/openapi.json describes the binary tensor data extension on both inference routes', async () => {
  const doc = (await t.app.inject('/openapi.json')).json();
  for (const path of ['/v2/models/{model}/infer', '/v2/models/{model}/versions/{version}/infer']) {
    const infer = doc.paths[path].post;
    expect(Object.keys(infer.requestBody.content)).toEqual(['application/json', 'application/octet-stream']);
    expect(Object.keys(infer.responses['200'].content)).toEqual(['application/json', 'application/octet-stream']);
    expect(infer.description).toContain('Inference-Header-Content-Length');
    const inputSchema = infer.requestBody.content['application/json'].schema.properties.inputs.items;
    expect(inputSchema.properties.parameters.properties.binary_data_size).toMatchObject({ type: 'integer', minimum: 0 });
  }
});

test('the main port does not expose /metrics (404)', async () => {
  expect((await t.app.inject('/metrics')).statusCode).toBe(404);
});

test('DOCS_ENABLED=false: /docs and /openapi.json are 404, the API still answers', async () => {
  const off = await buildTestApp({ DOCS_ENABLED: 'false' });
  try {
    expect((await off.app.inject('/docs/')).statusCode).toBe(404);
    expect((await off.app.inject('/openapi.json')).statusCode).toBe(404);
    expect((await off.app.inject('/v2')).statusCode).toBe(200);
  } finally {
    await off.app.close();
  }
});
