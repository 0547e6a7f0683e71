/**
 * The Open Inference Protocol gRPC messages as @grpc/proto-loader hands them to the handlers
 * (protos.ts: field names as in the .proto, int64 as decimal strings, bytes as Buffers, absent
 * messages as null, absent repeated fields as empty arrays), and as the handlers return them.
 * Only the fields this server reads or writes are typed.
 */

/** A 64-bit integer: a decimal string when decoded; a number or string when encoded. */
export type Int64 = string | number;

/** `InferTensorContents`: one repeated field per element type. */
export interface InferTensorContents {
  bool_contents: boolean[];
  int_contents: number[];
  int64_contents: Int64[];
  uint_contents: number[];
  uint64_contents: Int64[];
  fp32_contents: number[];
  fp64_contents: number[];
  bytes_contents: Uint8Array[];
}

/** `ModelInferRequest.InferInputTensor`. */
export interface InferInputTensor {
  name: string;
  datatype: string;
  shape: Int64[];
  contents: InferTensorContents | null;
}

/** `ModelInferRequest`. */
export interface ModelInferRequest {
  model_name: string;
  model_version: string;
  id: string;
  inputs: InferInputTensor[];
  outputs: { name: string }[];
  raw_input_contents: Uint8Array[];
}

/** `ModelInferResponse.InferOutputTensor` (contents only when the response is not raw). */
export interface InferOutputTensor {
  name: string;
  datatype: string;
  shape: Int64[];
  contents?: Partial<InferTensorContents>;
}

/** `ModelInferResponse`. */
export interface ModelInferResponse {
  model_name: string;
  model_version: string;
  id: string;
  outputs: InferOutputTensor[];
  raw_output_contents: Uint8Array[];
}

/** `ModelReadyRequest` and `ModelMetadataRequest`. */
export interface ModelRequest {
  name: string;
  version: string;
}

/** `ModelMetadataResponse.TensorMetadata`. */
export interface TensorMetadata {
  name: string;
  datatype: string;
  shape: Int64[];
}

/** `ModelMetadataResponse`. */
export interface ModelMetadataResponse {
  name: string;
  versions: string[];
  platform: string;
  inputs: TensorMetadata[];
  outputs: TensorMetadata[];
  properties: Record<string, string>;
}

/** `grpc.health.v1.HealthCheckResponse.ServingStatus` (enums decode and encode as their names). */
export type ServingStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';
