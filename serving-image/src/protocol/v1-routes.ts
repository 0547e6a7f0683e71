/** KServe V1 protocol routes: model status and `{"instances": …}` → `{"predictions": …}`. */
import type { FastifyInstance } from 'fastify';
import { modelParams } from './common-schemas';
import { checkModelPath, loadedModel } from './model-lookup';
import type { ModelParams, RouteOptions } from './route-types';
import { predictV1 } from './v1-predict';
import { v1ModelResponse, v1PredictRequest, v1PredictResponse } from './v1-schemas';

/** Registers GET /v1/models/{m} and POST /v1/models/{m}:predict. */
export async function v1Routes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { config, state } = opts;
  const tags = ['v1'];

  app.get<{ Params: ModelParams }>('/v1/models/:model', {
    config: { protocol: 'v1', endpoint: 'metadata' },
    schema: { tags, summary: 'Model status', params: modelParams, response: v1ModelResponse },
  }, async (request) => {
    checkModelPath(config, request.params);
    return { name: config.modelName, ready: state.ready };
  });

  // '::' escapes the colon (the path is /v1/models/<model>:predict); the regex stops the
  // parameter from swallowing ':predict' (same character set as MODEL_NAME).
  app.post<{ Params: ModelParams; Body: { instances: unknown[] } }>('/v1/models/:model(^[A-Za-z0-9_.-]+)::predict', {
    config: { protocol: 'v1', endpoint: 'predict' },
    schema: { tags, summary: 'Predict', params: modelParams, body: v1PredictRequest, response: v1PredictResponse },
  }, async (request) => predictV1(loadedModel(config, state, request.params), request.body.instances));
}
