/**
 * Entry point (`node build/server.js`, PID 1 in the image): reads the env config, listens on
 * PORT (API) and METRICS_PORT (/metrics), loads the model, and shuts down gracefully
 * (operations/shutdown.ts).
 *
 * A bad env value or a missing/corrupt model logs one clear line and exits 1; it is never Ready.
 */
import pino from 'pino';
import { buildApp } from './app';
import { ConfigError, loadConfig, type ServerConfig } from './operations/config';
import { ServingMetrics } from './operations/metrics';
import { buildMetricsApp } from './operations/metrics-listener';
import { installShutdown } from './operations/shutdown';
import { ServerState } from './operations/state';
import { loadOnnxModel } from './runtime/onnx-model';

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
  installShutdown(config, state, [app, metricsApp], log);

  await app.listen({ port: config.port, host: config.host });
  await metricsApp.listen({ port: config.metricsPort, host: config.host });
  const address = (instance: typeof app) => {
    const a = instance.server.address();
    return typeof a === 'object' && a ? a.port : config.port;
  };
  log.info({ port: address(app), metricsPort: address(metricsApp) }, 'listening');

  try {
    state.model = await loadOnnxModel(config.modelDir);
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
