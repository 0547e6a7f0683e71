/**
 * The REST protocols' one error shape, `{"error": "..."}`, and the error type whose message is
 * safe to send to the client in it.
 */

/** JSON schema of every REST error body. */
export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' } },
  required: ['error'],
} as const;

/** An error whose message is safe to return to the client as `{"error": message}`. */
export class HttpError extends Error {
  constructor(readonly statusCode: number, message: string, readonly retryAfterSeconds?: number) {
    super(message);
  }
}

/** 400 with a message that names the offending field. */
export const badRequest = (message: string) => new HttpError(400, message);
/** 404 with a message that names what was not found. */
export const notFound = (message: string) => new HttpError(404, message);
