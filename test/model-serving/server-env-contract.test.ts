/**
 * The construct and the model server share one env contract (lib/model-serving/server-env.ts). This
 * test closes the loop: for the extreme values of every prop that reaches the env, it synthesizes
 * the pods and feeds each server container's env to the serving image's real config loader, which
 * must start with exactly those settings — a value the construct accepts but the server refuses
 * would be a pod in CrashLoopBackOff.
 */
import type { ModelServingProps } from '../../lib';
import { loadConfig } from '../../serving-image/src/operations/config';
import { irisProps, K8sObject, ofKind, synthModel } from '../support/synth';

const LONG_VERSION = `1.0.0-${'r'.repeat(40)}`; // a 46-character label value, the name stays within 63

/** gRPC on `port`, its GRPCRoute on a hostname of its own. */
function withGrpc(port: number | undefined): Partial<ModelServingProps> {
  return {
    gateway: { parentRefs: [{ name: 'public' }], hostnames: ['iris.example.com'] },
    grpc: { ...(port !== undefined ? { port } : {}), hostnames: ['grpc.iris.example.com'] },
  };
}

const EXTREMES: Array<[string, Partial<ModelServingProps>]> = [
  ['the defaults', {}],
  ['the shortest drain and request timeout', { drainDelaySeconds: 0, requestTimeoutSeconds: 1 }],
  ['the longest drain and request timeout', { drainDelaySeconds: 300, requestTimeoutSeconds: 3600 }],
  ['the lowest ports', { port: 1, metricsPort: 2 }],
  ['the highest ports', { port: 65535, metricsPort: 65534 }],
  ['a long model name and version', {
    modelName: `m${'o'.repeat(10)}`,
    versions: [{ version: LONG_VERSION, image: 'ghcr.io/example/iris-server:1.0.0' }],
  }],
  ['gRPC on the lowest ports', { port: 1, metricsPort: 2, ...withGrpc(3) }],
  ['gRPC on the highest ports', { port: 65535, metricsPort: 65534, ...withGrpc(65533) }],
  ['gRPC on its default port', withGrpc(undefined)],
  ['a model fetched from a URI', { versions: [{ version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0', modelUri: 's3://models/iris/1.0.0' }] }],
];

const containerEnv = (deployment: K8sObject): Record<string, string> => Object.fromEntries(
  deployment.spec.template.spec.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));

describe.each(EXTREMES)('with %s, every server container starts with what the construct wrote', (_what, overrides) => {
  const props = irisProps(overrides);
  for (const deployment of ofKind(synthModel(props), 'Deployment')) {
    test(deployment.metadata.name, () => {
      const env = containerEnv(deployment);
      const config = loadConfig(env);
      const pod = deployment.spec.template.spec;
      expect(config).toMatchObject({
        modelName: env.MODEL_NAME,
        modelVersion: env.MODEL_VERSION,
        port: pod.containers[0].ports.find((p: any) => p.name === 'http').containerPort,
        metricsPort: pod.containers[0].ports.find((p: any) => p.name === 'metrics').containerPort,
        drainDelaySeconds: props.drainDelaySeconds ?? 5,
        requestTimeoutSeconds: props.requestTimeoutSeconds ?? 30,
      });
      if (env.MODEL_DIR !== undefined) expect(config.modelDir).toBe(env.MODEL_DIR);
      if (props.grpc) {
        expect(env.GRPC_PORT).toBeDefined();
        expect(config.grpcPort).toBe(pod.containers[0].ports.find((p: any) => p.name === 'grpc').containerPort);
      } else {
        expect(env.GRPC_PORT).toBeUndefined();
      }
      // The server's own shutdown deadline ends before Kubernetes' SIGKILL.
      expect(config.shutdownTimeoutSeconds).toBeLessThan(pod.terminationGracePeriodSeconds);
      expect(config.shutdownTimeoutSeconds).toBeGreaterThanOrEqual(config.drainDelaySeconds + config.requestTimeoutSeconds);
    });
  }
});

test('the construct refuses in `env` every variable it controls, so a user value cannot break the contract', () => {
  for (const name of ['REQUEST_TIMEOUT_SECONDS', 'SHUTDOWN_TIMEOUT_SECONDS', 'DRAIN_DELAY_SECONDS', 'PORT', 'GRPC_PORT']) {
    expect(() => synthModel(irisProps({ env: { [name]: '1' } }))).toThrow(`env.${name} must not be set`);
  }
});
