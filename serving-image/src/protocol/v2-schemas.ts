/**
 * JSON schemas of the Open Inference Protocol V2 REST routes, following components/schemas of
 * the official open_inference_rest.yaml.
 */
import { DATATYPES } from '../runtime/datatypes';
import { errorResponses, parameters, tensorData } from './common-schemas';
import { MAX_RANK } from './tensor-input';

/** GET /v2/models/{m}/ready */
export const modelReadyResponse = {
  200: {
    type: 'object',
    properties: { name: { type: 'string' }, ready: { type: 'boolean' } },
    required: ['name', 'ready'],
  },
  ...errorResponses(404, 503),
} as const;

/** GET /v2 */
export const serverMetadataResponse = {
  200: {
    type: 'object',
    properties: { name: { type: 'string' }, version: { type: 'string' }, extensions: { type: 'array', items: { type: 'string' } } },
    required: ['name', 'version', 'extensions'],
  },
} as const;

const metadataTensor = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    datatype: { type: 'string' },
    shape: { type: 'array', items: { type: 'integer' } },
  },
  required: ['name', 'datatype', 'shape'],
} as const;

/** GET /v2/models/{m} */
export const modelMetadataResponse = {
  200: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      versions: { type: 'array', items: { type: 'string' } },
      platform: { type: 'string' },
      inputs: { type: 'array', items: metadataTensor },
      outputs: { type: 'array', items: metadataTensor },
      properties: { type: 'object', additionalProperties: { type: 'string' } },
    },
    required: ['name', 'platform', 'inputs', 'outputs'],
  },
  ...errorResponses(404, 503),
} as const;

/** `parameters` with the binary tensor data extension's entries typed (the rest stays free-form). */
const parametersWith = (properties: Record<string, unknown>) => ({ ...parameters, properties });

/**
 * POST /v2/models/{m}/infer request body: the whole body as application/json, or the JSON header
 * of a binary-framed body (application/octet-stream, Inference-Header-Content-Length), where an
 * input carries `parameters.binary_data_size` instead of `data` (the code checks that each input
 * has exactly one of them).
 */
export const inferenceRequest = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    parameters: parametersWith({
      binary_data_output: { type: 'boolean', description: 'binary tensor data extension: return every output as binary data unless the output says otherwise' },
    }),
    inputs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          name: { type: 'string', minLength: 1 },
          shape: { type: 'array', maxItems: MAX_RANK, items: { type: 'integer', minimum: 0 } },
          datatype: { type: 'string', enum: DATATYPES },
          parameters: parametersWith({
            binary_data_size: { type: 'integer', minimum: 0, description: 'binary tensor data extension: the input\'s data is the next this many bytes after the JSON header' },
          }),
          data: tensorData,
        },
        required: ['name', 'shape', 'datatype'],
      },
    },
    outputs: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          parameters: parametersWith({
            binary_data: { type: 'boolean', description: 'binary tensor data extension: return this output as binary data after the JSON response' },
          }),
        },
        required: ['name'],
      },
    },
  },
  required: ['inputs'],
  examples: [{ inputs: [{ name: 'input', shape: [2, 4], datatype: 'FP32', data: [5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3] }] }],
} as const;

/** POST /v2/models/{m}/infer responses. */
export const inferenceResponse = {
  200: {
    type: 'object',
    properties: {
      model_name: { type: 'string' },
      model_version: { type: 'string' },
      id: { type: 'string' },
      outputs: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            shape: { type: 'array', items: { type: 'integer' } },
            datatype: { type: 'string' },
            // Absent for an output returned as binary data, which has parameters.binary_data_size instead.
            parameters: { type: 'object', properties: { binary_data_size: { type: 'integer' } } },
            data: tensorData,
          },
          required: ['name', 'shape', 'datatype'],
        },
      },
    },
    required: ['model_name', 'outputs'],
  },
  ...errorResponses(400, 404, 413, 503),
} as const;
