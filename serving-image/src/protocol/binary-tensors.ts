/**
 * Tensors of the binary tensor data extension, both ways (the body framing is binary-framing.ts,
 * the byte codec runtime/tensor-bytes.ts):
 *
 * - inputs: each input with `parameters.binary_data_size` takes the next that many bytes after
 *   the JSON header, in input order. The sizes must add up to exactly the bytes sent, an input
 *   cannot have both `data` and `binary_data_size`, and the bytes must be exactly the input's
 *   shape × datatype (BYTES: length-prefixed elements, as many as the shape has).
 * - outputs: an output is returned as bytes when its request entry says `binary_data: true`,
 *   or when the request's `binary_data_output` is true and the output does not say false; its
 *   JSON entry then carries `parameters.binary_data_size` instead of `data`, and the bytes follow
 *   the JSON response in output order, with the JSON's length in Inference-Header-Content-Length.
 */
import type { Tensor } from '../runtime/tensor';
import { decodeTensor, encodeTensor, TensorBytesError } from '../runtime/tensor-bytes';
import { badRequest } from './errors';
import type { DecodedRequestInput, RequestInput } from './tensor-input';

/** `parameters.binary_data_size` of an input, or undefined when its data is JSON. */
export function binaryDataSize(input: RequestInput): number | undefined {
  const size = input.parameters?.binary_data_size;
  return size === undefined ? undefined : size as number;
}

/**
 * The bytes of every binary input, by input index, cut from `tensorBytes` (undefined: the
 * request had no bytes after a JSON header, i.e. was plain JSON).
 */
export function sliceBinaryInputs(inputs: readonly RequestInput[], tensorBytes: Uint8Array | undefined): Map<number, Uint8Array> {
  const slices = new Map<number, Uint8Array>();
  let offset = 0;
  inputs.forEach((input, i) => {
    const size = binaryDataSize(input);
    if (size === undefined) {
      if (input.data === undefined) {
        throw badRequest(`inputs[${i}]: needs data, or parameters.binary_data_size with the tensor's bytes after the JSON header`);
      }
      return;
    }
    if (input.data !== undefined) throw badRequest(`inputs[${i}]: has both data and parameters.binary_data_size; send one`);
    if (tensorBytes === undefined) {
      throw badRequest(`inputs[${i}]: parameters.binary_data_size needs the tensor's bytes after the JSON header, with the `
        + 'header\'s length in the Inference-Header-Content-Length request header');
    }
    if (offset + size > tensorBytes.byteLength) {
      throw badRequest(`inputs[${i}]: binary_data_size ${size} goes past the end of the body: only `
        + `${tensorBytes.byteLength - offset} bytes are left after the header and the inputs before it`);
    }
    slices.set(i, tensorBytes.subarray(offset, offset + size));
    offset += size;
  });
  if (tensorBytes !== undefined && offset !== tensorBytes.byteLength) {
    throw badRequest(`the body has ${tensorBytes.byteLength} bytes after the JSON header, but the inputs' binary_data_size `
      + `add up to ${offset}`);
  }
  return slices;
}

/**
 * One binary request input, decoded in its own datatype when the shared input checks (name,
 * datatype, shape) have passed; conversion to the model's datatype and the element rules are
 * the same as for gRPC's binary contents (tensor-input.ts).
 */
export function binaryInput(input: RequestInput, bytes: Uint8Array): DecodedRequestInput {
  return {
    name: input.name,
    shape: input.shape,
    datatype: input.datatype,
    decode(where: string): Tensor {
      try {
        return decodeTensor(bytes, input.datatype, [...input.shape]);
      } catch (err) {
        if (err instanceof TensorBytesError) throw badRequest(`${where}: binary data ${err.message}`);
        throw err;
      }
    },
  };
}

/** Per-request output parameters the extension reads. */
interface OutputRequest {
  readonly name: string;
  readonly parameters?: Record<string, unknown>;
}

/** Whether output `name` is returned as binary data (see the module comment). */
export function outputIsBinary(name: string, requested: readonly OutputRequest[] | undefined, binaryDataOutput: boolean): boolean {
  const entry = requested?.find((o) => o.name === name);
  const own = entry?.parameters?.binary_data;
  return own === undefined ? binaryDataOutput : own === true;
}

/** A response output in the extension's form: JSON without data, its bytes separately. */
export interface BinaryOutput {
  readonly json: { name: string; datatype: string; shape: number[]; parameters: { binary_data_size: number } };
  readonly bytes: Uint8Array;
}

/** The JSON entry and the bytes of a binary output. */
export function binaryOutput(name: string, tensor: Tensor): BinaryOutput {
  const bytes = encodeTensor(tensor);
  return { json: { name, datatype: tensor.datatype, shape: [...tensor.shape], parameters: { binary_data_size: bytes.byteLength } }, bytes };
}

/** The framed response body: the JSON response, then each binary output's bytes in order. */
export function framedResponse(json: unknown, binaries: readonly Uint8Array[]): { body: Buffer; headerLength: number } {
  const header = Buffer.from(JSON.stringify(json), 'utf8');
  return { body: Buffer.concat([header, ...binaries]), headerLength: header.byteLength };
}
