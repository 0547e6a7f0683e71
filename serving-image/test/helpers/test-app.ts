/** Builds the real app (real model, real onnxruntime) for fastify.inject tests. */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { loadConfig, type ServerConfig } from '../../src/operations/config';
import { ServingMetrics } from '../../src/operations/metrics';
import { ServerState } from '../../src/operations/state';
import { loadOnnxModel } from '../../src/runtime/onnx-model';

export interface TestApp {
  app: FastifyInstance;
  state: ServerState;
  metrics: ServingMetrics;
  config: ServerConfig;
}

export async function buildTestApp(env: Record<string, string> = {}, { loadBundledModel = true } = {}): Promise<TestApp> {
  // Jest runs the test code on the app's own event loop: building a 1 MiB body or a 10,000-deep
  // object there would read as overload and shed the next request. load-shedding.test.ts sets its own.
  const config = loadConfig({ OVERLOAD_EVENT_LOOP_DELAY_MS: '60000', ...env });
  const state = new ServerState();
  if (loadBundledModel) state.model = await loadOnnxModel(config.modelDir);
  const metrics = new ServingMetrics();
  const app = await buildApp({ config, state, metrics });
  await app.ready();
  return { app, state, metrics, config };
}

/** Two Iris flowers: a setosa and a virginica. */
export const SETOSA = [5.1, 3.5, 1.4, 0.2];
export const VIRGINICA = [6.7, 3.0, 5.2, 2.3];
