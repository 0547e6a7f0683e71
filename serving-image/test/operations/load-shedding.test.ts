/** Load shedding on an overloaded event loop: model routes get 503 + Retry-After, probes never do; start-up is forgotten. */
import { EventLoopDelaySampler, SAMPLE_INTERVAL_MS } from '../../src/operations/load-shedding';
import { buildTestApp, SETOSA } from '../helpers/test-app';

// Up to five 1.2 s blocks of the event loop; jest.config's testTimeout is ignored under the root projects run.
jest.setTimeout(30_000);

/** Blocks the event loop, as a CPU-starved or overloaded process (or a synchronous model load) would. */
const blockEventLoop = (ms: number) => { const end = Date.now() + ms; while (Date.now() < end) { /* busy */ } };
const nextSample = () => new Promise((resolve) => setTimeout(resolve, SAMPLE_INTERVAL_MS + 100));
const payload = { inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: SETOSA }] };

test('an overloaded event loop sheds model requests with 503 + Retry-After, never the probes', async () => {
  const t = await buildTestApp({ OVERLOAD_EVENT_LOOP_DELAY_MS: '10' });
  try {
    let shed: Awaited<ReturnType<typeof t.app.inject>> | undefined;
    // The delay is sampled once a second; block through a sample boundary, then ask.
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
  } finally {
    await t.app.close();
  }
});

describe('EventLoopDelaySampler', () => {
  test('a sample that spans a 1.2 s block reads as overload', async () => {
    const sampler = new EventLoopDelaySampler();
    try {
      blockEventLoop(1200);
      await new Promise((r) => setTimeout(r, 20)); // the overdue sample closes first
      expect(sampler.delayMs).toBeGreaterThan(100);
    } finally {
      sampler.stop();
    }
  });

  test('settle() right after a 1.2 s start-up block forgets it: the reading is 0 at once and stays low in the next sample', async () => {
    const sampler = new EventLoopDelaySampler();
    try {
      blockEventLoop(1200); // module loading, schema compilation, a synchronous model load
      sampler.settle();
      expect(sampler.delayMs).toBe(0);
      await nextSample();
      expect(sampler.delayMs).toBeLessThan(50);
    } finally {
      sampler.stop();
    }
  });
});
