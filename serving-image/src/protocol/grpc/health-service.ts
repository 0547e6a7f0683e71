/**
 * `grpc.health.v1.Health`, the service Kubernetes' gRPC probes, grpc-health-probe and service
 * meshes call. It reports readiness — SERVING only while the model is loaded and the server is
 * not draining — for the whole server (service "") and for `inference.GRPCInferenceService`;
 * any other name is NOT_FOUND (Check) or SERVICE_UNKNOWN (Watch), as the proto specifies.
 *
 * Watch streams are pushed every change (ServerState.onChange) and ended at shutdown with
 * UNAVAILABLE, which tells the client to retry elsewhere; an open Watch must not hold the
 * listener open until the shutdown deadline.
 */
import {
  status as Status, type sendUnaryData, type ServerUnaryCall, type ServerWritableStream, type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { ServerState } from '../../operations/state';
import { excerpt } from '../excerpt';
import type { ServingStatus } from './messages';
import { INFERENCE_SERVICE } from './protos';
import { statusOf } from './status';

interface HealthCheckRequest { service: string }
interface HealthCheckResponse { status: ServingStatus }

/** Service names the health service answers for. */
export const HEALTH_SERVICE_NAMES: readonly string[] = ['', INFERENCE_SERVICE];

/** The health service and the means to end its Watch streams. */
export interface HealthService {
  readonly implementation: UntypedServiceImplementation;
  /** Ends every open Watch stream (UNAVAILABLE, after a last NOT_SERVING); later Watch calls end at once. */
  shutdown(): void;
}

/** Builds the health service over `state`. */
export function healthService(state: ServerState): HealthService {
  const watchers = new Set<() => void>();
  let shutDown = false;
  const statusOfService = (service: string): ServingStatus | undefined => {
    if (!HEALTH_SERVICE_NAMES.includes(service)) return undefined;
    return state.ready ? 'SERVING' : 'NOT_SERVING';
  };
  const endWatch = (call: ServerWritableStream<HealthCheckRequest, HealthCheckResponse>) =>
    call.emit('error', Object.assign(new Error('server is shutting down'), statusOf(Status.UNAVAILABLE, 'server is shutting down')));

  const check = (call: ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>, callback: sendUnaryData<HealthCheckResponse>): void => {
    const status = statusOfService(call.request.service);
    if (status) {
      callback(null, { status });
      return;
    }
    const details = `unknown service ${excerpt(call.request.service)}; health is reported for "" (the server) and "${INFERENCE_SERVICE}"`;
    callback(Object.assign(new Error(details), statusOf(Status.NOT_FOUND, details)));
  };

  const watch = (call: ServerWritableStream<HealthCheckRequest, HealthCheckResponse>): void => {
    if (shutDown) {
      endWatch(call);
      return;
    }
    const service = call.request.service;
    let last: ServingStatus | undefined;
    const push = () => {
      const status = statusOfService(service) ?? 'SERVICE_UNKNOWN';
      if (status !== last) call.write({ status });
      last = status;
    };
    const stop = () => {
      unsubscribe();
      watchers.delete(end);
    };
    const end = () => {
      stop();
      endWatch(call);
    };
    const unsubscribe = state.onChange(push);
    watchers.add(end);
    call.once('cancelled', stop);
    push();
  };

  return {
    implementation: { Check: check, Watch: watch },
    shutdown: () => {
      shutDown = true;
      for (const end of [...watchers]) end();
    },
  };
}
