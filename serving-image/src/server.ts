/**
 * Entry point (`node build/server.js`, PID 1 in the image): reads the env config, listens on
 * PORT (API) and METRICS_PORT (/metrics), loads the model, and shuts down gracefully:
 *
 *   SIGTERM → readiness 503 at once → keep serving for DRAIN_DELAY_SECONDS (kube-proxy and load
 *   balancers need a moment to stop sending) → close listeners → in-flight requests finish → exit 0.
 *   Anything longer than SHUTDOWN_TIMEOUT_SECONDS → exit 1.
 *
 * A bad env value or a missing/corrupt model logs one clear line and exits 1; it is never Ready.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { buildApp } from './app';
import { ConfigError, loadConfig, type ServerConfig } from './config';
import { ServingMetrics } from './metrics';
import { buildMetricsApp } from './metrics-server';
import { loadModel } from './model/onnx-model';
import { ServerState } from './state';

function readConfig(): ServerConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    pino().fatal(`invalid configuration: ${err.message}`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const log = pino({ level: config.logLevel, base: { model: config.modelName, version: config.modelVersion } });
  const state = new ServerState();
  const metrics = new ServingMetrics();
  const app = await buildApp({ config, state, metrics, logger: log });
  const metricsApp = buildMetricsApp(metrics, log.child({ listener: 'metrics' }));

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
    await Promise.all([app.close(), metricsApp.close()]);
    log.info('shutdown complete');
  });

  await app.listen({ port: config.port, host: config.host });
  await metricsApp.listen({ port: config.metricsPort, host: config.host });
  const address = (instance: typeof app) => {
    const a = instance.server.address();
    return typeof a === 'object' && a ? a.port : config.port;
  };
  log.info({ port: address(app), metricsPort: address(metricsApp) }, 'listening');

  try {
    state.model = await loadModel(config.modelDir);
  } catch (err) {
    log.fatal({ modelDir: config.modelDir }, `model failed to load: ${(err as Error).message}`);
    process.exit(1);
  }
  log.info({ inputs: state.model.inputs, outputs: state.model.outputs }, 'model loaded, ready');
}

main().catch((err) => {
  // Startup failures other than config/model (e.g. port in use) are fatal too.
  pino().fatal({ err }, `startup failed: ${(err as Error).message}`);
  process.exit(1);
});
