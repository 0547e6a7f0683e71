/** Readiness and liveness while the model loads and while draining. */
import { buildTestApp, SETOSA } from '../helpers/test-app';

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
