/**
 * JSON schemas of every route: request validation (so bad input becomes a precise 400 before
 * any handler runs), fast response serialisation, and the OpenAPI document behind /docs.
 * Shapes follow the Open Inference Protocol REST spec (components/schemas of open_inference_rest.yaml).
 */
import { OIP_DATATYPES } from './model/datatypes';
import { MAX_RANK } from './model/request-tensors';

export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' } },
  required: ['error'],
} as const;

const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, errorSchema]));

const parameters = { type: 'object', additionalProperties: true } as const;
/** Tensor data: flat or nested arrays of numbers, strings or booleans. */
const tensorData = { type: 'array', items: {} } as const;

export const modelParams = {
  type: 'object',
  properties: { model: { type: 'string' }, version: { type: 'string' } },
  required: ['model'],
} as const;

export const liveResponse = {
  200: { type: 'object', properties: { live: { type: 'boolean' } }, required: ['live'] },
} as const;

export const readyResponse = {
  200: { type: 'object', properties: { ready: { type: 'boolean' } }, required: ['ready'] },
  ...errors(503),
} as const;

export const modelReadyResponse = {
  200: {
    type: 'object',
    properties: { name: { type: 'string' }, ready: { type: 'boolean' } },
    required: ['name', 'ready'],
  },
  ...errors(404, 503),
} as const;

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
  ...errors(404, 503),
} as const;

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
          datatype: { type: 'string', enum: OIP_DATATYPES },
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
  ...errors(400, 404, 413, 503),
} as const;

export const v1ModelResponse = {
  200: { type: 'object', properties: { name: { type: 'string' }, ready: { type: 'boolean' } }, required: ['name', 'ready'] },
  ...errors(404),
} as const;

export const v1PredictRequest = {
  type: 'object',
  properties: { instances: { type: 'array', minItems: 1, items: {} } },
  required: ['instances'],
  examples: [{ instances: [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]] }],
} as const;

export const v1PredictResponse = {
  200: { type: 'object', properties: { predictions: { type: 'array', items: {} } }, required: ['predictions'] },
  ...errors(400, 404, 413, 503),
} as const;
