/**
 * Entry point (`node build/serving-image/src/server.js`, PID 1 in the image): reads the env
 * config, listens on PORT (API), METRICS_PORT (/metrics) and, when set, GRPC_PORT (the OIP gRPC
 * service), loads the model, turns Ready, and shuts down gracefully (operations/shutdown.ts).
 *
 * A bad env value or a missing/corrupt model logs one clear line and exits 1; it is never Ready.
 */
import pino from 'pino';
import { buildApp } from './app';
import { ConfigError, loadConfig, type ServerConfig } from './operations/config';
import { listenOn } from './operations/listen';
import { EventLoopDelaySampler } from './operations/load-shedding';
import { createLogger } from './operations/logging';
import { ServingMetrics } from './operations/metrics';
import { buildMetricsApp } from './operations/metrics-listener';
import { installShutdown, type GracefulClose } from './operations/shutdown';
import { ServerState } from './operations/state';
import { listenGrpc } from './protocol/grpc/grpc-server';
import { loadOnnxModel } from './runtime/onnx-model';

const invalidConfiguration = (err: ConfigError): never => {
  pino().fatal(`invalid configuration: ${err.message}`);
  process.exit(1);
};

function readConfig(): ServerConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return invalidConfiguration(err);
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const log = createLogger(config.logLevel, { model: config.modelName, version: config.modelVersion });
  const state = new ServerState();
  const metrics = new ServingMetrics();
  const sampler = new EventLoopDelaySampler();
  const app = await buildApp({ config, state, metrics, sampler, logger: log });
  const metricsApp = buildMetricsApp(metrics, log.child({ listener: 'metrics' }));
  const otherListeners: GracefulClose[] = [];
  installShutdown(config, state, [app, metricsApp], log, otherListeners);

  let host: string;
  let grpcPort: number | undefined;
  try {
    host = await listenOn(app, config.port, config.host);
    await listenOn(metricsApp, config.metricsPort, host);
    if (config.grpcPort !== undefined) {
      const grpc = await listenGrpc({ config, state, metrics, sampler, log: log.child({ listener: 'grpc' }) }, host, config.grpcPort);
      otherListeners.push(grpc.close);
      grpcPort = grpc.port;
    }
  } catch (err) {
    if (err instanceof ConfigError) return invalidConfiguration(err);
    throw err;
  }
  const address = (instance: typeof app) => {
    const a = instance.server.address();
    return typeof a === 'object' && a ? a.port : config.port;
  };
  log.info({ host, port: address(app), metricsPort: address(metricsApp), ...(grpcPort !== undefined ? { grpcPort } : {}) }, 'listening');

  try {
    const model = await loadOnnxModel(config.modelDir);
    // Ready only now, with the load-shedding sample restarted in the same tick: start-up work
    // (module loading, schema compilation, the model load) must not count as overload.
    sampler.settle();
    state.model = model;
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
