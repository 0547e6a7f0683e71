/**
 * Graceful shutdown on SIGTERM/SIGINT (close-with-grace):
 *
 *   readiness 503 at once → keep serving for DRAIN_DELAY_SECONDS (kube-proxy and load balancers
 *   need a moment to stop sending) → close listeners → in-flight requests finish → exit 0.
 *   Anything longer than SHUTDOWN_TIMEOUT_SECONDS → exit 1.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ServerConfig } from './config';
import type { ServerState } from './state';

/** Installs the signal handlers; `apps` are closed together once the drain delay is over. */
export function installShutdown(config: ServerConfig, state: ServerState, apps: readonly FastifyInstance[], log: Logger): void {
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
    await Promise.all(apps.map((app) => app.close()));
    log.info('shutdown complete');
  });
}
