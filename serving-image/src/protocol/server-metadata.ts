/**
 * The server metadata both protocols answer (GET /v2 and gRPC ServerMetadata), from one place so
 * they cannot drift. `extensions` lists the protocol extensions the server supports, as Triton
 * lists them on both protocols: clients such as tritonclient read it to decide whether to send
 * tensors as binary data.
 */
import { SERVER_NAME, SERVER_VERSION } from '../operations/package-info';

/** The V2 server metadata response. */
export interface ServerMetadata {
  readonly name: string;
  readonly version: string;
  readonly extensions: readonly string[];
}

export const SERVER_METADATA: ServerMetadata = Object.freeze({
  name: SERVER_NAME,
  version: SERVER_VERSION,
  extensions: Object.freeze(['binary_tensor_data']),
});
