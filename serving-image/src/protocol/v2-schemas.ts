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

/** POST /v2/models/{m}/infer request body. */
export const inferenceRequest = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    parameters,
    inputs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          name: { type: 'string', minLength: 1 },
          shape: { type: 'array', maxItems: MAX_RANK, items: { type: 'integer', minimum: 0 } },
          datatype: { type: 'string', enum: DATATYPES },
          parameters,
          data: tensorData,
        },
        required: ['name', 'shape', 'datatype', 'data'],
      },
    },
    outputs: {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string' }, parameters }, required: ['name'] },
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
            data: tensorData,
          },
          required: ['name', 'shape', 'datatype', 'data'],
        },
      },
    },
    required: ['model_name', 'outputs'],
  },
  ...errorResponses(400, 404, 413, 503),
} as const;
