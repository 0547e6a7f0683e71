/** JSON schemas of the KServe V1 REST routes. */
import { errorResponses } from './common-schemas';

/** GET /v1/models/{m} */
export const v1ModelResponse = {
  200: { type: 'object', properties: { name: { type: 'string' }, ready: { type: 'boolean' } }, required: ['name', 'ready'] },
  ...errorResponses(404),
} as const;

/** POST /v1/models/{m}:predict request body. */
export const v1PredictRequest = {
  type: 'object',
  properties: { instances: { type: 'array', minItems: 1, items: {} } },
  required: ['instances'],
  examples: [{ instances: [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]] }],
} as const;

/** POST /v1/models/{m}:predict responses. */
export const v1PredictResponse = {
  200: { type: 'object', properties: { predictions: { type: 'array', items: {} } }, required: ['predictions'] },
  ...errorResponses(400, 404, 413, 503),
} as const;
