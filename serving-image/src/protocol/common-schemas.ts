/**
 * JSON-schema pieces every REST route uses: the model path parameters and the error responses.
 * Route schemas do three jobs: request validation (bad input becomes a precise 400 before any
 * handler runs), fast response serialisation, and the OpenAPI document behind /docs.
 */
import { errorSchema } from './errors';

/** Response schemas for the given error statuses, all in the one error shape. */
export const errorResponses = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, errorSchema]));

/** `{model}` and `{version}` path parameters. */
export const modelParams = {
  type: 'object',
  properties: { model: { type: 'string' }, version: { type: 'string' } },
  required: ['model'],
} as const;

/** Free-form `parameters` objects (V2 request, inputs and outputs). */
export const parameters = { type: 'object', additionalProperties: true } as const;

/** Tensor data: flat or nested arrays of numbers, strings or booleans (checked element by element later). */
export const tensorData = { type: 'array', items: {} } as const;
