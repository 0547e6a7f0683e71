/**
 * What every gRPC call goes through, in one server interceptor (the gRPC counterpart of the
 * REST request hooks): admission (calls cap and load shedding; never for the probes), the
 * REQUEST_TIMEOUT_SECONDS deadline, the request metrics with protocol="grpc", and the access log.
 *
 * It sees every final status, including the ones grpc-js sends by itself (the client's deadline
 * passed, a message above BODY_LIMIT_BYTES, a corrupt compressed message): it wraps the
 * `sendStatus` of the call it is given, which those paths call too. So metrics and logs miss no
 * call, and the framework's INTERNAL for a client's malformed input is sent as INVALID_ARGUMENT.
 */
import {
  Metadata, ServerInterceptingCall, status as Status,
  type ServerInterceptingCallInterface, type ServerInterceptor, type StatusObject,
} from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { ServerConfig } from '../../operations/config';
import type { EventLoopDelaySampler } from '../../operations/load-shedding';
import type { ServingMetrics } from '../../operations/metrics';
import type { ServerState } from '../../operations/state';
import { CallDeadlines } from './call-deadlines';
import { MalformedMessage } from './protos';
import { codeName, statusOf } from './status';

/** What the interceptor consults. */
export interface CallInterceptorParts {
  readonly config: ServerConfig;
  readonly state: ServerState;
  readonly metrics: ServingMetrics;
  readonly sampler: EventLoopDelaySampler;
  readonly log: Logger;
}

interface MethodInfo {
  readonly name: string;
  /** Liveness/readiness: never refused, counted or logged (like the REST probes). */
  readonly probe?: boolean;
  /** Long-lived by design (health Watch): no REQUEST_TIMEOUT_SECONDS. */
  readonly streaming?: boolean;
  /** The `endpoint` label of the request metrics; unset = not a model request (no metrics). */
  readonly endpoint?: string;
}

const METHODS = new Map<string, MethodInfo>([
  ['/inference.GRPCInferenceService/ServerLive', { name: 'ServerLive', probe: true }],
  ['/inference.GRPCInferenceService/ServerReady', { name: 'ServerReady', probe: true }],
  ['/inference.GRPCInferenceService/ModelReady', { name: 'ModelReady', endpoint: 'ready' }],
  ['/inference.GRPCInferenceService/ServerMetadata', { name: 'ServerMetadata' }],
  ['/inference.GRPCInferenceService/ModelMetadata', { name: 'ModelMetadata', endpoint: 'metadata' }],
  ['/inference.GRPCInferenceService/ModelInfer', { name: 'ModelInfer', endpoint: 'infer' }],
  ['/grpc.health.v1.Health/Check', { name: 'Health/Check', probe: true }],
  ['/grpc.health.v1.Health/Watch', { name: 'Health/Watch', probe: true, streaming: true }],
]);

type SentStatus = Partial<StatusObject> & { code: Status; details: string };

/** One call in flight. */
export interface CallRecord {
  readonly call: ServerInterceptingCallInterface;
  readonly method: MethodInfo;
  readonly started: number;
  reqId: string;
  model: string;
  version: string;
  /** Whether the request message arrived (a timeout before it is a stalled upload). */
  received: boolean;
  ended: boolean;
  /** Counted against the calls cap (admitted non-probe calls). */
  counted: boolean;
  /** Under REQUEST_TIMEOUT_SECONDS (every admitted call but Watch: a probe's stalled upload must not hold a stream either). */
  tracked: boolean;
}

const LARGER_THAN_MAX = /^Received message (?:larger than max \((\d+) vs\.? \d+\)|that decompresses to a size larger than \d+)/;

/** The server interceptor and its state (calls in flight, their deadlines). */
export class CallInterceptor {
  private inflight = 0;
  private nextId = 0;
  readonly deadlines: CallDeadlines;

  constructor(private readonly parts: CallInterceptorParts) {
    this.deadlines = new CallDeadlines(parts.config.requestTimeoutSeconds * 1000, parts.metrics, parts.log);
  }

  /** Admitted, non-probe calls in flight. */
  get callsInFlight(): number {
    return this.inflight;
  }

  /** For `new Server({ interceptors: [calls.interceptor] })`. */
  readonly interceptor: ServerInterceptor = (descriptor, call) => {
    const method = METHODS.get(descriptor.path) ?? { name: descriptor.path };
    const record: CallRecord = {
      call, method, started: performance.now(), reqId: '', model: 'unknown', version: 'unknown', received: false, ended: false, counted: false, tracked: false,
    };
    const send = call.sendStatus.bind(call);
    call.sendStatus = (status) => {
      const sent = this.clientFacing(status as SentStatus);
      this.finish(record, sent);
      send(sent);
    };
    return new ServerInterceptingCall(call, {
      start: (next) => {
        const refusal = this.admit(record);
        if (refusal) {
          call.sendStatus(refusal); // the handler never runs
          return;
        }
        next({
          onReceiveMetadata: (metadata: Metadata, nextMetadata) => {
            const id = metadata.get('x-request-id')[0];
            record.reqId = typeof id === 'string' && id !== '' ? id.slice(0, 200) : `grpc-${++this.nextId}`;
            nextMetadata(metadata);
          },
          onReceiveMessage: (message: unknown, nextMessage) => {
            record.received = true;
            if (message instanceof MalformedMessage) {
              call.sendStatus(statusOf(Status.INVALID_ARGUMENT, `the request is not a valid protobuf message of this method's type: ${message.reason}`));
              return;
            }
            this.labelModel(record, message as Record<string, unknown>);
            nextMessage(message);
          },
          onCancel: () => this.finish(record, statusOf(Status.CANCELLED, 'cancelled by the client')),
        });
      },
    });
  };

  /** Stops the deadline sweep (after the server has closed). */
  stop(): void {
    this.deadlines.stop();
  }

  private admit(record: CallRecord): SentStatus | undefined {
    if (!record.method.streaming) {
      record.tracked = true;
      this.deadlines.track(record);
    }
    if (record.method.probe) return undefined;
    const { config, state, sampler, metrics } = this.parts;
    // gRPC multiplexes many calls on one connection, so the cap MAX_CONNECTIONS puts on REST's
    // concurrent requests applies to concurrent calls here; the probes are never refused.
    if (this.inflight >= config.maxConnections) {
      metrics.countOverLimit();
      return statusOf(Status.RESOURCE_EXHAUSTED, `server has MAX_CONNECTIONS (${config.maxConnections}) calls in flight; retry later`);
    }
    // Until the model has loaded, the sampler measures start-up work (server.ts settles it when
    // the server turns Ready), and the call's answer is UNAVAILABLE anyway: loading, not overload.
    const delay = sampler.delayMs;
    if (state.model !== undefined && delay > config.overloadEventLoopDelayMs) {
      const measured = Number.isFinite(delay) ? `${Math.round(delay)} ms` : 'a blocked loop';
      return statusOf(Status.RESOURCE_EXHAUSTED, `server overloaded (eventLoopDelay: ${measured}), retry later`);
    }
    this.inflight++;
    record.counted = true;
    return undefined;
  }

  /** Model labels as REST records them: a name or version this server does not serve is `unknown` (bounded cardinality). */
  private labelModel(record: CallRecord, message: Record<string, unknown>): void {
    const { modelName, modelVersion } = this.parts.config;
    const name = message.model_name ?? message.name;
    const version = message.model_version ?? message.version;
    record.model = name === modelName ? modelName : 'unknown';
    record.version = version === '' || version === modelVersion ? modelVersion : 'unknown';
  }

  /** grpc-js's own statuses for a client's mistakes, with the code and wording this server uses. */
  private clientFacing(status: SentStatus): SentStatus {
    const details = status.details ?? '';
    if (status.code === Status.RESOURCE_EXHAUSTED) {
      const tooLarge = LARGER_THAN_MAX.exec(details);
      if (tooLarge) {
        const size = tooLarge[1] ? ` of ${tooLarge[1]} bytes` : '';
        return statusOf(Status.RESOURCE_EXHAUSTED, `request message${size} exceeds BODY_LIMIT_BYTES (${this.parts.config.bodyLimitBytes} bytes)`);
      }
    }
    if (status.code === Status.INTERNAL && /^(Invalid grpc-timeout value|Failed to decompress message)/.test(details)) {
      return statusOf(Status.INVALID_ARGUMENT, details);
    }
    return status;
  }

  private finish(record: CallRecord, status: SentStatus): void {
    if (record.ended) return;
    record.ended = true;
    if (record.counted) this.inflight--;
    if (record.tracked) this.deadlines.untrack(record);
    const { method } = record;
    if (method.probe) return;
    const elapsed = performance.now() - record.started;
    const code = codeName(status.code);
    if (method.endpoint) {
      this.parts.metrics.observe({ model: record.model, version: record.version, protocol: 'grpc', endpoint: method.endpoint, status: code },
        elapsed / 1000);
    }
    this.parts.log.info({
      reqId: record.reqId || `grpc-${++this.nextId}`,
      grpc: { method: method.name, code, ...(status.code === Status.OK ? {} : { message: status.details }) },
      peer: record.call.getPeer(),
      responseTime: elapsed,
    }, 'grpc call completed');
  }
}
