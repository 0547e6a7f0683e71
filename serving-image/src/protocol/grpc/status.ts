/**
 * The one mapping from the server's errors to gRPC statuses, mirroring the REST status codes:
 * 400 → INVALID_ARGUMENT, 404 → NOT_FOUND, 503 (loading, draining) → UNAVAILABLE, and so on.
 * Only a genuine server fault becomes INTERNAL, and its details go to the log, not the client.
 */
import { status as Status, type StatusObject } from '@grpc/grpc-js';
import { HttpError } from '../errors';
import { truncate } from '../excerpt';

/** Longest status message sent (messages quote client input only in excerpts; this is a backstop). */
const MAX_DETAILS_CHARS = 500;

/** An error that already carries its gRPC status code; the message is safe to send to the client. */
export class GrpcError extends Error {
  constructor(readonly code: Status, message: string) {
    super(message);
  }
}

const FROM_HTTP: Readonly<Record<number, Status>> = {
  400: Status.INVALID_ARGUMENT,
  404: Status.NOT_FOUND,
  408: Status.DEADLINE_EXCEEDED,
  413: Status.RESOURCE_EXHAUSTED,
  429: Status.RESOURCE_EXHAUSTED,
  503: Status.UNAVAILABLE,
};

/** A status for the client: no metadata, the message capped. */
export function statusOf(code: Status, details: string): Partial<StatusObject> & { code: Status; details: string } {
  return { code, details: truncate(details, MAX_DETAILS_CHARS) };
}

/**
 * The status for `err` thrown by a handler; `onInternal` is told about server faults (to log
 * them) and the client gets a fixed message for those.
 */
export function toStatus(err: unknown, onInternal: (err: unknown) => void): { code: Status; details: string } {
  if (err instanceof GrpcError) return statusOf(err.code, err.message);
  if (err instanceof HttpError) {
    const code = FROM_HTTP[err.statusCode] ?? (err.statusCode < 500 ? Status.INVALID_ARGUMENT : Status.UNAVAILABLE);
    return statusOf(code, err.message);
  }
  onInternal(err);
  return statusOf(Status.INTERNAL, 'internal server error');
}

/** The name of a status code (OK, INVALID_ARGUMENT, …), as metrics and logs show it. */
export function codeName(code: Status): string {
  return Status[code] ?? String(code);
}
