/** Load shedding on an overloaded event loop: model routes get 503 + Retry-After, probes never do. */
import { buildTestApp, SETOSA } from '../helpers/test-app';

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
