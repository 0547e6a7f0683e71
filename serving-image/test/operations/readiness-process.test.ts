/**
 * Readiness of the real process: it answers on both address families with HOST unset, and the
 * first ready 200 means model requests are served — start-up work is not taken for overload.
 */
import { rmSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { call, INFER } from '../helpers/http-client';
import { killLeftoverServers, startServer } from '../helpers/server-process';
import { writeSlowModel } from '../helpers/slow-model';
import { waitFor } from '../helpers/wait-for';

jest.setTimeout(60_000);
afterEach(killLeftoverServers);

const hasIpv6Loopback = Object.values(networkInterfaces()).flat().some((i) => i?.address === '::1');

(hasIpv6Loopback ? test : test.skip)(
  `with HOST unset, readiness answers on 127.0.0.1 and on ::1 (dual-stack ::)${hasIpv6Loopback ? '' : ' — SKIPPED: this machine has no ::1'}`,
  async () => {
    const server = startServer({ HOST: undefined, DRAIN_DELAY_SECONDS: '0' });
    const { port, metricsPort } = await server.listening;
    expect(server.logs.find((l) => l.msg === 'listening')?.host).toBe('::');
    await server.logged('model loaded, ready');
    expect((await call(port, '/v2/health/ready', { host: '127.0.0.1' })).status).toBe(200);
    expect((await call(port, '/v2/health/ready', { host: '::1' })).status).toBe(200);
    expect((await call(metricsPort, '/metrics', { host: '::1' })).status).toBe(200);
    expect((await call(metricsPort, '/metrics', { host: '127.0.0.1' })).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  },
);

test('requests fired the moment a slow-loading model turns ready are never shed (OVERLOAD_EVENT_LOOP_DELAY_MS=50)', async () => {
  // ~1 s of synchronous graph optimisation at load: under the old sampler the first one-second
  // sample after ready covered it and shed requests with "server overloaded".
  const dir = writeSlowModel(3000);
  try {
    const server = startServer({ MODEL_DIR: dir, OVERLOAD_EVENT_LOOP_DELAY_MS: '50', DRAIN_DELAY_SECONDS: '0' });
    const { port } = await server.listening;
    await waitFor('readiness 200', async () => (await call(port, '/v2/health/ready', { timeoutMs: 5000 })).status === 200,
      { timeoutMs: 30_000, intervalMs: 5 });
    // Straight after the first ready 200, across the next sample boundaries.
    const statuses = new Map<number, number>();
    const until = Date.now() + 2500;
    while (Date.now() < until) {
      for (const reply of await Promise.all([
        call(port, '/v2/models/iris/infer', { body: INFER }),
        call(port, '/v2/models/iris'),
      ])) statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
    }
    expect([...statuses.keys()]).toEqual([200]);
    expect(statuses.get(200)).toBeGreaterThan(20);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
