/** Open Inference Protocol V2 REST routes: server metadata, model metadata/ready, inference (plain and versioned paths). */
import type { FastifyInstance } from 'fastify';
import { SERVER_NAME, SERVER_VERSION } from '../operations/package-info';
import { modelParams } from './common-schemas';
import { HttpError } from './errors';
import { checkModelPath, loadedModel } from './model-lookup';
import type { ModelParams, RouteOptions } from './route-types';
import { inferV2, type V2InferenceRequest } from './v2-inference';
import { inferenceRequest, inferenceResponse, modelMetadataResponse, modelReadyResponse, serverMetadataResponse } from './v2-schemas';

/** Registers every V2 route except the health probes (see operations/health.ts). */
export async function v2Routes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { config, state } = opts;
  const tags = ['v2'];

  app.get('/v2', {
    schema: { tags, summary: 'Server metadata', response: serverMetadataResponse },
  }, async () => ({ name: SERVER_NAME, version: SERVER_VERSION, extensions: [] }));

  for (const base of ['/v2/models/:model', '/v2/models/:model/versions/:version']) {
    const versioned = base.includes(':version');
    const suffix = versioned ? ' (versioned)' : '';

    app.get<{ Params: ModelParams }>(base, {
      config: { protocol: 'v2', endpoint: 'metadata' },
      schema: { tags, summary: `Model metadata${suffix}`, params: modelParams, response: modelMetadataResponse },
    }, async (request) => {
      const model = loadedModel(config, state, request.params);
      return {
        name: config.modelName,
        versions: [config.modelVersion],
        platform: 'onnxruntime_onnx',
        inputs: model.inputs,
        outputs: model.outputs,
        properties: model.properties,
      };
    });

    app.get<{ Params: ModelParams }>(`${base}/ready`, {
      config: { protocol: 'v2', endpoint: 'ready' },
      schema: { tags, summary: `Model ready${suffix}`, params: modelParams, response: modelReadyResponse },
    }, async (request) => {
      checkModelPath(config, request.params);
      if (!state.ready) throw new HttpError(503, state.notReadyReason, 1);
      return { name: config.modelName, ready: true };
    });

    app.post<{ Params: ModelParams; Body: V2InferenceRequest }>(`${base}/infer`, {
      config: { protocol: 'v2', endpoint: 'infer' },
      schema: {
        tags, summary: `Inference${suffix}`, params: modelParams, body: inferenceRequest, response: inferenceResponse,
      },
    }, async (request) => {
      const model = loadedModel(config, state, request.params);
      return inferV2(model, config.modelName, config.modelVersion, request.body);
    });
  }
}
