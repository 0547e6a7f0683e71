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
  const config = loadConfig(env);
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
