/**
 * The vendored protos (serving-image/proto/, see its README for their origin), loaded once with
 * @grpc/proto-loader into the service definitions the gRPC server registers.
 *
 * One change to what proto-loader generates: a request that is not a valid protobuf message of
 * its type would make grpc-js answer INTERNAL ("Error deserializing request"), a server fault.
 * It is a client mistake, so the deserializer returns a `MalformedMessage` instead and the call
 * interceptor answers INVALID_ARGUMENT.
 */
import { join } from 'node:path';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { loadSync, type Options } from '@grpc/proto-loader';
import { PACKAGE_ROOT } from '../../operations/package-info';

/** serving-image/proto (copied next to the build in the image). */
export const PROTO_DIR = join(PACKAGE_ROOT, 'proto');
/** The Open Inference Protocol's gRPC service, as a path under PROTO_DIR. */
export const INFERENCE_PROTO = 'open_inference_grpc.proto';
/** The standard health service, as a path under PROTO_DIR. */
export const HEALTH_PROTO = 'grpc/health/v1/health.proto';

/** Full names of the services this server registers. */
export const INFERENCE_SERVICE = 'inference.GRPCInferenceService';
export const HEALTH_SERVICE = 'grpc.health.v1.Health';

/**
 * Field names as in the .proto (what the messages.ts types and every OIP client use), int64 as
 * decimal strings (numbers would silently round INT64 tensor elements above 2^53), enums by
 * name, and every field present with its default (so handlers need no undefined checks).
 */
export const LOADER_OPTIONS: Options = {
  keepCase: true, longs: String, enums: String, defaults: true, arrays: true, objects: true, oneofs: true, includeDirs: [PROTO_DIR],
};

/** What the deserializer returns for bytes that are not a valid message of the request type. */
export class MalformedMessage {
  constructor(readonly reason: string) {}
}

function withSafeDeserializers(service: ServiceDefinition): ServiceDefinition {
  const safe: Record<string, ServiceDefinition[string]> = {};
  for (const [name, method] of Object.entries(service)) {
    const deserialize = method.requestDeserialize;
    safe[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer) => {
        try {
          return deserialize(bytes);
        } catch (err) {
          return new MalformedMessage((err as Error).message);
        }
      },
    };
  }
  return safe as ServiceDefinition;
}

let loaded: { inference: ServiceDefinition; health: ServiceDefinition } | undefined;

/** The two service definitions (loaded on first use: a server without GRPC_PORT never parses the protos). */
export function serviceDefinitions(): { inference: ServiceDefinition; health: ServiceDefinition } {
  if (!loaded) {
    const definition = loadSync([INFERENCE_PROTO, HEALTH_PROTO], LOADER_OPTIONS);
    loaded = {
      inference: withSafeDeserializers(definition[INFERENCE_SERVICE] as ServiceDefinition),
      health: withSafeDeserializers(definition[HEALTH_SERVICE] as ServiceDefinition),
    };
  }
  return loaded;
}
