/** An error whose message is safe to return to the client as `{"error": message}`. */
export class HttpError extends Error {
  constructor(readonly statusCode: number, message: string, readonly retryAfterSeconds?: number) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, message);
export const notFound = (message: string) => new HttpError(404, message);
