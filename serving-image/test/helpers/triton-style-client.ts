/**
 * Requests and response parsing exactly as tritonclient's HTTP client does them (its source:
 * triton-inference-server/client, src/python/library/tritonclient/http/_utils.py
 * `_get_inference_request`, _infer_input.py, _requested_output.py, _infer_result.py; neither it
 * nor KServe's Python client can be installed here), so the tests speak to the server the way
 * the most common Open Inference Protocol client does:
 *
 * - inputs `{name, shape, datatype, parameters: {binary_data_size}}` with the bytes appended in
 *   input order (numpy `tobytes()`: little-endian, row-major; BYTES as 4-byte LE length + bytes);
 * - requested outputs `{name, parameters: {binary_data: true|false}}`; with no outputs named, the
 *   request parameter `binary_data_output: true`;
 * - compact JSON, its length in `Inference-Header-Content-Length`, and **no Content-Type header**
 *   (geventhttpclient adds none); `Content-Length` is the whole body;
 * - the response: JSON up to its Inference-Header-Content-Length (all of it when absent), then
 *   each output with `parameters.binary_data_size` takes that many bytes, in output order.
 */
import type { Datatype } from '../../src/runtime/datatypes';

/** One input as tritonclient's InferInput after set_data_from_numpy(…, binary_data=True|False). */
export interface ClientInput {
  readonly name: string;
  readonly shape: number[];
  readonly datatype: Datatype;
  /** The tensor's bytes (binary) or its JSON data. */
  readonly bytes?: Uint8Array;
  readonly data?: unknown[];
}

/** One requested output (InferRequestedOutput). */
export interface ClientOutput {
  readonly name: string;
  readonly binary: boolean;
}

/** The request body and headers tritonclient would send. */
export function tritonRequest(inputs: ClientInput[], outputs?: ClientOutput[], id?: string): { body: Buffer; headers: Record<string, string> } {
  const request: Record<string, unknown> = {};
  const parameters: Record<string, unknown> = {};
  if (id !== undefined) request.id = id;
  request.inputs = inputs.map((i) => (i.bytes !== undefined
    ? { name: i.name, shape: i.shape, datatype: i.datatype, parameters: { binary_data_size: i.bytes.byteLength } }
    : { name: i.name, shape: i.shape, datatype: i.datatype, data: i.data }));
  if (outputs && outputs.length > 0) request.outputs = outputs.map((o) => ({ name: o.name, parameters: { binary_data: o.binary } }));
  else parameters.binary_data_output = true;
  if (Object.keys(parameters).length > 0) request.parameters = parameters;
  const json = Buffer.from(JSON.stringify(request));
  const binaries = inputs.filter((i) => i.bytes !== undefined).map((i) => Buffer.from(i.bytes!));
  if (binaries.length === 0) return { body: json, headers: {} };
  return { body: Buffer.concat([json, ...binaries]), headers: { 'inference-header-content-length': String(json.byteLength) } };
}

/** A response output as InferResult exposes it: JSON data, or the raw bytes of a binary one. */
export interface ClientResult {
  readonly json: { model_name: string; model_version?: string; id?: string; outputs: Array<Record<string, unknown>> };
  readonly bytes: Map<string, Buffer>;
}

/** Parses a response body the way InferResult does. */
export function parseTritonResponse(body: Buffer, headers: Record<string, unknown>): ClientResult {
  const declared = headers['inference-header-content-length'];
  const headerLength = declared === undefined ? body.byteLength : Number(declared);
  const json = JSON.parse(body.subarray(0, headerLength).toString('utf8')) as ClientResult['json'];
  const bytes = new Map<string, Buffer>();
  let offset = headerLength;
  for (const output of json.outputs) {
    const size = (output.parameters as { binary_data_size?: number } | undefined)?.binary_data_size;
    if (size === undefined) continue;
    bytes.set(output.name as string, body.subarray(offset, offset + size));
    offset += size;
  }
  if (offset !== body.byteLength) throw new Error(`response has ${body.byteLength - offset} bytes no output claims`);
  return { json, bytes };
}

/** Little-endian FP32 bytes of `values` (numpy float32 tobytes()). */
export const fp32Bytes = (values: number[]) => Buffer.from(Float32Array.from(values).buffer);
/** Values of little-endian FP32 bytes. */
export const fp32Values = (bytes: Buffer) => Array.from(new Float32Array(Uint8Array.from(bytes).buffer));
/** Values of little-endian INT64 bytes, as numbers. */
export const int64Values = (bytes: Buffer) => Array.from(new BigInt64Array(Uint8Array.from(bytes).buffer), Number);
