/** Open Inference Protocol V2 REST routes: server metadata, model metadata/ready, inference (plain and versioned paths). */
import type { FastifyInstance } from 'fastify';
import { SERVER_METADATA } from './server-metadata';
import { modelParams } from './common-schemas';
import { HttpError } from './errors';
import { HEADER_LENGTH_HEADER } from './binary-framing';
import { binaryTensorData } from './body-parsers';
import { checkModelPath, loadedModel } from './model-lookup';
import type { ModelParams, RouteOptions } from './route-types';
import { inferV2, type V2InferenceRequest } from './v2-inference';
import { inferenceRequest, inferenceResponse, modelMetadataResponse, modelReadyResponse, serverMetadataResponse } from './v2-schemas';

/** What /docs says about the binary tensor data extension on the inference routes. */
const BINARY_EXTENSION_DOC = 'Inputs and outputs can also travel as raw bytes (binary tensor data extension, as in Triton and KServe): '
  + 'send `Content-Type: application/octet-stream` (or none) with `Inference-Header-Content-Length: <bytes of the JSON header>`, '
  + 'the JSON header, then the little-endian, row-major bytes of each input that has `parameters.binary_data_size` instead of `data`, '
  + 'in input order (BOOL one byte per element, BYTES a 4-byte little-endian length before each element). '
  + 'An output with `parameters.binary_data: true`, or every output when `parameters.binary_data_output` is true, is returned the same way: '
  + 'an `application/octet-stream` response with `Inference-Header-Content-Length`, the JSON response (that output has '
  + '`parameters.binary_data_size` instead of `data`), then its bytes. `Inference-Header-Content-Length: 0` is a raw binary request: '
  + 'the whole body is the data of the model\'s only input (shape deduced from the size, at most one variable dimension), all outputs binary.';

/** Registers every V2 route except the health probes (see operations/health.ts). */
export async function v2Routes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { config, state } = opts;
  const tags = ['v2'];

  app.get('/v2', {
    schema: { tags, summary: 'Server metadata', response: serverMetadataResponse },
  }, async () => SERVER_METADATA);

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
        tags, summary: `Inference${suffix}`, description: BINARY_EXTENSION_DOC, params: modelParams,
        consumes: ['application/json', 'application/octet-stream'], produces: ['application/json', 'application/octet-stream'],
        body: inferenceRequest, response: inferenceResponse,
      },
    }, async (request, reply) => {
      const model = loadedModel(config, state, request.params);
      const answer = await inferV2(model, config.modelName, config.modelVersion, request.body, binaryTensorData(request));
      if (!('headerLength' in answer)) return answer;
      reply.header(HEADER_LENGTH_HEADER, String(answer.headerLength)).type('application/octet-stream');
      return answer.body;
    });
  }
}
