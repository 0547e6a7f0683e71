/**
 * Graceful shutdown on SIGTERM/SIGINT (close-with-grace), in the order the pod's grace period
 * (drain + request timeout + 5 s, lib/model-serving/server-env.ts) is computed for:
 *
 *   1. readiness 503 at once;
 *   2. keep serving for DRAIN_DELAY_SECONDS (endpoints, kube-proxy and load balancers need a
 *      moment to stop sending);
 *   3. close the listeners; in-flight requests get at most REQUEST_TIMEOUT_SECONDS more — Node
 *      stops enforcing its own request timeouts once a server closes, so connections still
 *      open after that (a stalled upload, a client that never reads) are closed here;
 *   4. exit 0.
 *
 * SHUTDOWN_TIMEOUT_SECONDS (default drain + request timeout + 3 s) is the hard deadline behind
 * all of that: past it the process logs and exits 1, before the kubelet's SIGKILL would.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ServerConfig } from './config';
import type { ServerState } from './state';

async function closeWithin(app: FastifyInstance, ms: number, log: Logger): Promise<void> {
  const closed = app.close();
  const cancel = new AbortController();
  const outcome = await Promise.race([
    closed.then(() => 'closed' as const),
    sleep(ms, 'timeout' as const, { signal: cancel.signal }).catch(() => 'closed' as const),
  ]);
  cancel.abort();
  if (outcome === 'timeout') {
    log.warn({ afterSeconds: ms / 1000 }, 'connections still open after REQUEST_TIMEOUT_SECONDS; closing them');
    app.server.closeAllConnections();
    await closed;
  }
}

/** Closes a listener that is not a Fastify app (the gRPC server): in-flight work gets at most `withinMs`. */
export type GracefulClose = (withinMs: number) => Promise<void>;

/**
 * Installs the signal handlers; `apps` and `others` are closed together once the drain delay is
 * over. `others` is read at shutdown, so a listener started later (gRPC) can be pushed onto it.
 */
export function installShutdown(config: ServerConfig, state: ServerState, apps: readonly FastifyInstance[], log: Logger,
  others: readonly GracefulClose[] = []): void {
  closeWithGrace({
    delay: config.shutdownTimeoutSeconds * 1000,
    logger: { error: (message: string) => log.error(message) },
  }, async ({ signal, err }) => {
    state.draining = true;
    if (err) {
      log.error({ err }, 'fatal error, shutting down');
    } else {
      log.info({ signal, drainDelaySeconds: config.drainDelaySeconds }, 'shutdown: readiness now 503, draining');
      await sleep(config.drainDelaySeconds * 1000);
    }
    log.info('closing listeners, waiting for in-flight requests');
    const withinMs = config.requestTimeoutSeconds * 1000;
    await Promise.all([...apps.map((app) => closeWithin(app, withinMs, log)), ...others.map((close) => close(withinMs))]);
    log.info('shutdown complete');
  });
}
