/**
 * A gRPC client for the real-process tests, on the vendored protos (the same files the server
 * loads, with the same loader options): every call carries a deadline, so no test waits forever.
 */
import { credentials, loadPackageDefinition, Metadata, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { HEALTH_PROTO, INFERENCE_PROTO, LOADER_OPTIONS } from '../../src/protocol/grpc/protos';

type Callback = (err: ServiceError | null, response: unknown) => void;
type UnaryMethod = (request: unknown, metadata: Metadata, options: { deadline: number }, callback: Callback) => unknown;

const definition = loadPackageDefinition(loadSync([INFERENCE_PROTO, HEALTH_PROTO], LOADER_OPTIONS)) as unknown as {
  inference: { GRPCInferenceService: new (address: string, creds: ReturnType<typeof credentials.createInsecure>, options?: object) => Client };
  grpc: { health: { v1: { Health: new (address: string, creds: ReturnType<typeof credentials.createInsecure>, options?: object) => Client } } };
};

/** A failed call: its status code and message. */
export interface CallFailure { code: number; details: string }

/** Clients of both services on one address. */
export interface GrpcClients {
  readonly inference: Client;
  readonly health: Client;
  /** Calls `method` of `client`; resolves with the response or rejects with the ServiceError. */
  call<T = Record<string, unknown>>(client: Client, method: string, request: unknown, options?: { timeoutMs?: number; metadata?: Record<string, string> }): Promise<T>;
  /** Like call, but resolves with the failure (and rejects if the call succeeded). */
  fail(client: Client, method: string, request: unknown, options?: { timeoutMs?: number; metadata?: Record<string, string> }): Promise<CallFailure>;
  close(): void;
}

/** Connects to `port` on 127.0.0.1 (each call gets a 10 s deadline unless told otherwise). */
export function grpcClients(port: number, channelOptions: object = {}): GrpcClients {
  const address = `127.0.0.1:${port}`;
  // Separate channels unless asked otherwise; a large receive limit so the server's own limits are what is tested.
  const options = { 'grpc.max_receive_message_length': -1, 'grpc.max_send_message_length': -1, ...channelOptions };
  const inference = new definition.inference.GRPCInferenceService(address, credentials.createInsecure(), options);
  const health = new definition.grpc.health.v1.Health(address, credentials.createInsecure(), options);
  const call = <T>(client: Client, method: string, request: unknown,
    { timeoutMs = 10_000, metadata = {} as Record<string, string> } = {}) =>
    new Promise<T>((resolve, reject) => {
      const md = new Metadata();
      for (const [k, v] of Object.entries(metadata)) md.set(k, v);
      const fn = (client as unknown as Record<string, UnaryMethod>)[method];
      fn.call(client, request, md, { deadline: Date.now() + timeoutMs }, (err, response) => (err ? reject(err) : resolve(response as T)));
    });
  const fail = async (client: Client, method: string, request: unknown, options?: { timeoutMs?: number; metadata?: Record<string, string> }) => {
    try {
      await call(client, method, request, options);
    } catch (err) {
      const e = err as ServiceError;
      return { code: e.code, details: e.details };
    }
    throw new Error(`${method} succeeded, but a failure was expected`);
  };
  return { inference, health, call, fail, close: () => { inference.close(); health.close(); } };
}

/** The two Iris flowers of the REST tests (labels [0, 2]) as typed FP32 contents. */
export const TYPED_INFER = {
  model_name: 'iris',
  inputs: [{ name: 'input', datatype: 'FP32', shape: [2, 4], contents: { fp32_contents: [5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3] } }],
};

/** The same request with raw little-endian contents. */
export const RAW_INFER = {
  model_name: 'iris',
  inputs: [{ name: 'input', datatype: 'FP32', shape: [2, 4] }],
  raw_input_contents: [Buffer.from(new Float32Array([5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3]).buffer)],
};
