/** /docs and /openapi.json, /metrics labels on the metrics listener only, readiness while loading and draining. */
import { buildMetricsApp } from '../src/metrics-server';
import { buildTestApp, SETOSA, type TestApp } from './helpers/test-app';

describe('docs', () => {
  let t: TestApp;
  beforeAll(async () => { t = await buildTestApp(); });
  afterAll(async () => { await t.app.close(); });

  test('/docs serves Swagger UI', async () => {
    const res = await t.app.inject('/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('swagger-ui');
  });

  test('/openapi.json documents every route with its schemas', async () => {
    const res = await t.app.inject('/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
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

  test('the main port does not expose /metrics', async () => {
    expect((await t.app.inject('/metrics')).statusCode).toBe(404);
  });
});

describe('metrics', () => {
  test('request count and latency carry model, version, protocol, endpoint and status; process metrics too', async () => {
    const t = await buildTestApp();
    const metricsApp = buildMetricsApp(t.metrics);
    const payload = { inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: SETOSA }] };
    await t.app.inject({ method: 'POST', url: '/v2/models/iris/versions/1.0.0/infer', payload });
    await t.app.inject({ method: 'POST', url: '/v2/models/iris/infer', payload: { inputs: [] } });
    await t.app.inject({ method: 'POST', url: '/v1/models/iris:predict', payload: { instances: [SETOSA] } });
    await t.app.inject({ method: 'POST', url: '/v2/models/someone-elses-model/infer', payload });
    await t.app.inject('/v2/health/ready');

    const res = await metricsApp.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(text).toContain('model_server_requests_total{model="iris",version="1.0.0",protocol="v2",endpoint="infer",status="200"} 1');
    expect(text).toContain('model_server_requests_total{model="iris",version="1.0.0",protocol="v2",endpoint="infer",status="400"} 1');
    expect(text).toContain('model_server_requests_total{model="iris",version="1.0.0",protocol="v1",endpoint="predict",status="200"} 1');
    // Unknown names collapse into one label value, so clients cannot blow up the series count.
    expect(text).toContain('model_server_requests_total{model="unknown",version="1.0.0",protocol="v2",endpoint="infer",status="404"} 1');
    expect(text).not.toContain('someone-elses-model');
    expect(text).toMatch(/model_server_request_duration_seconds_bucket\{le="0.005",model="iris",version="1.0.0",protocol="v2",endpoint="infer",status="200"\} \d/);
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).not.toContain('endpoint="health');
    await Promise.all([t.app.close(), metricsApp.close()]);
  });
});

describe('readiness', () => {
  test('before the model is loaded: live 200, ready 503 with Retry-After, model routes 503', async () => {
    const t = await buildTestApp({}, { loadBundledModel: false });
    expect((await t.app.inject('/v2/health/live')).statusCode).toBe(200);
    const ready = await t.app.inject('/v2/health/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['retry-after']).toBe('1');
    expect(ready.json()).toEqual({ error: 'model is not loaded yet' });
    const infer = await t.app.inject({ method: 'POST', url: '/v2/models/iris/infer', payload: { inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: SETOSA }] } });
    expect(infer.statusCode).toBe(503);
    expect(infer.json()).toEqual({ error: 'model "iris" is not loaded yet' });
    expect((await t.app.inject('/v1/models/iris')).json()).toEqual({ name: 'iris', ready: false });
    await t.app.close();
  });

  test('while draining: ready 503, requests still served, with Connection: close', async () => {
    const t = await buildTestApp();
    t.state.draining = true;
    const ready = await t.app.inject('/v2/health/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ error: 'server is shutting down' });
    expect((await t.app.inject('/v2/models/iris/ready')).statusCode).toBe(503);
    const infer = await t.app.inject({ method: 'POST', url: '/v2/models/iris/infer', payload: { inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: SETOSA }] } });
    expect(infer.statusCode).toBe(200);
    expect(infer.headers.connection).toBe('close');
    expect((await t.app.inject('/v2/health/live')).statusCode).toBe(200);
    await t.app.close();
  });
});

describe('load shedding', () => {
  // Up to five 1.2 s blocks of the event loop; jest.config's testTimeout is ignored under the root projects run.
  jest.setTimeout(30_000);

  /** Blocks the event loop, as a CPU-starved or overloaded process would. */
  const blockEventLoop = (ms: number) => { const end = Date.now() + ms; while (Date.now() < end) { /* busy */ } };

  test('an overloaded event loop sheds model requests with 503 + Retry-After, never the probes', async () => {
    const t = await buildTestApp({ OVERLOAD_EVENT_LOOP_DELAY_MS: '10' });
    const payload = { inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: SETOSA }] };
    let shed: Awaited<ReturnType<typeof t.app.inject>> | undefined;
    // under-pressure samples the delay once a second; block through a sample, then ask.
    for (let attempt = 0; attempt < 5 && !shed; attempt++) {
      blockEventLoop(1200);
      await new Promise((r) => setTimeout(r, 1));
      const res = await t.app.inject({ method: 'POST', url: '/v2/models/iris/infer', payload });
      if (res.statusCode === 503) shed = res;
      else expect(res.statusCode).toBe(200);
    }
    expect(shed?.headers['retry-after']).toBe('5');
    expect(shed?.json().error).toMatch(/^server overloaded \(eventLoopDelay: (\d+ ms|a blocked loop)\), retry later$/);
    expect((await t.app.inject('/v2/health/live')).statusCode).toBe(200);
    expect((await t.app.inject('/v2/health/ready')).statusCode).toBe(200);
    await t.app.close();
  });
});
