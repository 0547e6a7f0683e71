import { Construct } from 'constructs';
import { k8s } from '../../core/k8s';
import { GRPC_APP_PROTOCOL, GRPC_PORT_NAME, METRICS_PORT_NAME, SERVING_PORT_NAME } from '../defaults';

/** Inputs to build one of the model's Services. */
export interface ModelServiceSpec {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly type: string;
  readonly servicePort: number;
  /** Also expose the metrics port (per-version Services: what a ServiceMonitor scrapes). */
  readonly metricsPort?: number;
  /** Also expose the gRPC port, as the same number (with `grpc`). */
  readonly grpcPort?: number;
}

/**
 * A Service forwarding the service port to the pods' named `http` port (and, for a version, the
 * `metrics` port; with gRPC, the `grpc` port marked h2c): named target ports keep working when
 * `port` changes.
 */
export function addService(scope: Construct, id: string, spec: ModelServiceSpec): k8s.KubeService {
  const ports: k8s.ServicePort[] = [
    { name: SERVING_PORT_NAME, port: spec.servicePort, targetPort: k8s.IntOrString.fromString(SERVING_PORT_NAME), protocol: 'TCP' },
  ];
  if (spec.grpcPort !== undefined) {
    ports.push({
      name: GRPC_PORT_NAME, port: spec.grpcPort, targetPort: k8s.IntOrString.fromString(GRPC_PORT_NAME), protocol: 'TCP', appProtocol: GRPC_APP_PROTOCOL,
    });
  }
  if (spec.metricsPort !== undefined) {
    ports.push({ name: METRICS_PORT_NAME, port: spec.metricsPort, targetPort: k8s.IntOrString.fromString(METRICS_PORT_NAME), protocol: 'TCP' });
  }
  return new k8s.KubeService(scope, id, {
    metadata: { name: spec.name, labels: spec.labels },
    spec: { type: spec.type, selector: spec.selector, ports },
  });
}
