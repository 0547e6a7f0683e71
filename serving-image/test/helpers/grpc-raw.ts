/**
 * A gRPC call made by hand over node:http2, for what a gRPC library will not do: send a request
 * message only in part and finish it later (a stalled upload, a call held in flight across a
 * SIGTERM), send bytes that are not a valid message, or a corrupt compressed message.
 */
import { connect, type ClientHttp2Session } from 'node:http2';
import { loadSync } from '@grpc/proto-loader';
import { HEALTH_PROTO, INFERENCE_PROTO, LOADER_OPTIONS } from '../../src/protocol/grpc/protos';

const definition = loadSync([INFERENCE_PROTO, HEALTH_PROTO], LOADER_OPTIONS) as unknown as Record<string, Record<string, {
  requestSerialize(value: unknown): Buffer; responseDeserialize(bytes: Buffer): unknown;
}>>;

/** Serializes a request message of `method` (e.g. 'ModelInfer') of the inference service. */
export const serializeRequest = (method: string, message: unknown): Buffer =>
  definition['inference.GRPCInferenceService'][method].requestSerialize(message);

/** Deserializes a response message of `method` of the inference service. */
export const deserializeResponse = (method: string, bytes: Buffer): unknown =>
  definition['inference.GRPCInferenceService'][method].responseDeserialize(bytes);

/** What came back: the gRPC status (from trailers, or trailers-only headers) and the response message bytes. */
export interface RawResult { status: number | undefined; message: string; body: Buffer; elapsedMs: number }

/** A call whose request message is sent only up to `sentBytes`; `finish()` sends the rest. */
export interface RawCall {
  readonly session: ClientHttp2Session;
  /** Resolves when the call ended (status received or stream closed). */
  readonly result: Promise<RawResult>;
  finish(): void;
  close(): void;
}

export interface RawCallOptions {
  /** Bytes of the framed message sent at once (default all). */
  sentBytes?: number;
  headers?: Record<string, string>;
  /** Sets the compressed flag of the frame (the caller also sets grpc-encoding). */
  compressed?: boolean;
  /** The whole call must end within this, or `result` rejects (default 15 s). */
  timeoutMs?: number;
}

/** Starts a call of `path` with `message` (the unframed request bytes) on a new connection. */
export function rawCall(port: number, path: string, message: Buffer, options: RawCallOptions = {}): RawCall {
  const { headers = {}, compressed = false, timeoutMs = 15_000 } = options;
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt8(compressed ? 1 : 0, 0);
  frame.writeUInt32BE(message.length, 1);
  message.copy(frame, 5);
  const sentBytes = options.sentBytes ?? frame.length;
  const session = connect(`http://127.0.0.1:${port}`);
  session.on('error', () => undefined); // a refused or reset connection shows as the result
  const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers', ...headers });
  const started = performance.now();
  const result = new Promise<RawResult>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let status: number | undefined;
    let statusMessage = '';
    const take = (h: Record<string, unknown>) => {
      if (h['grpc-status'] !== undefined) status = Number(h['grpc-status']);
      if (h['grpc-message'] !== undefined) statusMessage = decodeURIComponent(String(h['grpc-message']));
    };
    const timer = setTimeout(() => { stream.close(); reject(new Error(`raw call ${path}: no end within ${timeoutMs} ms`)); }, timeoutMs);
    stream.on('response', take);
    stream.on('trailers', take);
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.resume();
    stream.on('error', () => undefined);
    const done = () => {
      clearTimeout(timer);
      const body = Buffer.concat(chunks);
      resolve({ status, message: statusMessage, body: body.length >= 5 ? body.subarray(5) : body, elapsedMs: performance.now() - started });
    };
    // The server's end of stream is the end of the call, even while our half (a stalled upload) is still open.
    stream.on('end', done);
    stream.on('close', done);
  });
  stream.write(frame.subarray(0, sentBytes));
  if (sentBytes >= frame.length) stream.end();
  return {
    session,
    result,
    finish: () => stream.end(frame.subarray(sentBytes)),
    close: () => session.destroy(),
  };
}
