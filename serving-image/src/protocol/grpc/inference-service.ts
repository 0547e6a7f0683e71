/**
 * `inference.GRPCInferenceService`: the Open Inference Protocol over gRPC, on the same model,
 * model lookup, validation and inference path as the REST routes (v2-routes.ts), so both
 * protocols give the same answers and refuse the same mistakes (with the codes of status.ts).
 */
import type { sendUnaryData, ServerUnaryCall, ServiceError, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { ServerConfig } from '../../operations/config';
import { SERVER_METADATA } from '../server-metadata';
import type { ServerState } from '../../operations/state';
import type { TensorSpec } from '../../runtime/tensor';
import { checkModelPath, loadedModel } from '../model-lookup';
import type { ModelParams } from '../route-types';
import { runModel } from '../run-inference';
import { requestedOutputNames } from '../v2-inference';
import { CONTENTS_FIELD, encodeContents, encodeRaw } from './contents';
import { isRaw, requestInputs } from './infer-request';
import type {
  ModelInferRequest, ModelInferResponse, ModelMetadataResponse, ModelRequest, TensorMetadata,
} from './messages';
import { GrpcError, toStatus } from './status';
import { status as Status } from '@grpc/grpc-js';

/** What the service reads. */
export interface InferenceServiceParts {
  readonly config: ServerConfig;
  readonly state: ServerState;
  readonly log: Logger;
}

type Handler<Req, Res> = (request: Req) => Res | Promise<Res>;

/** A unary handler whose thrown errors become the mapped status (status.ts). */
function unary<Req, Res>(log: Logger, handler: Handler<Req, Res>) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    const fail = (err: unknown) => {
      const status = toStatus(err, (fault) => log.error({ err: fault, method: call.getPath() }, 'grpc call failed'));
      callback(Object.assign(new Error(status.details), status) as ServiceError);
    };
    try {
      Promise.resolve(handler(call.request)).then((response) => callback(null, response), fail);
    } catch (err) {
      fail(err);
    }
  };
}

/** The model named by a ModelReady/ModelMetadata/ModelInfer request, as the REST path parameters would name it. */
function modelParams(name: string, version: string): ModelParams {
  if (name === '') throw new GrpcError(Status.INVALID_ARGUMENT, 'the model name is empty; name the model (this server serves one model)');
  return { model: name, ...(version === '' ? {} : { version }) };
}

const metadataOf = (spec: TensorSpec): TensorMetadata => ({ name: spec.name, datatype: spec.datatype, shape: [...spec.shape] });

/** The service implementation, for `server.addService(definitions.inference, …)`. */
export function inferenceService(parts: InferenceServiceParts): UntypedServiceImplementation {
  const { config, state, log } = parts;
  return {
    ServerLive: unary(log, () => ({ live: true })),

    ServerReady: unary(log, () => ({ ready: state.ready })),

    ServerMetadata: unary(log, () => ({ ...SERVER_METADATA, extensions: [...SERVER_METADATA.extensions] })),

    // Ready is a field, not a status: false while loading or draining, like the REST 503.
    ModelReady: unary(log, (request: ModelRequest) => {
      checkModelPath(config, modelParams(request.name, request.version));
      return { ready: state.ready };
    }),

    ModelMetadata: unary(log, (request: ModelRequest): ModelMetadataResponse => {
      const model = loadedModel(config, state, modelParams(request.name, request.version));
      return {
        name: config.modelName,
        versions: [config.modelVersion],
        platform: 'onnxruntime_onnx',
        inputs: model.inputs.map(metadataOf),
        outputs: model.outputs.map(metadataOf),
        properties: { ...model.properties },
      };
    }),

    ModelInfer: unary(log, async (request: ModelInferRequest): Promise<ModelInferResponse> => {
      const model = loadedModel(config, state, modelParams(request.model_name, request.model_version));
      const inputs = requestInputs(request);
      const outputs = await runModel(model, inputs, requestedOutputNames(model, request.outputs));
      // Raw in, raw out (KServe's rule); FP16 has no typed field, so an FP16 output makes the whole response raw.
      const raw = isRaw(request) || outputs.some((o) => CONTENTS_FIELD[o.tensor.datatype] === undefined);
      return {
        model_name: config.modelName,
        model_version: config.modelVersion,
        id: request.id,
        outputs: outputs.map(({ name, tensor }) => ({
          name,
          datatype: tensor.datatype,
          shape: [...tensor.shape],
          ...(raw ? {} : { contents: encodeContents(tensor) }),
        })),
        raw_output_contents: raw ? outputs.map((o) => encodeRaw(o.tensor)) : [],
      };
    }),
  };
}
