/** Env configuration: defaults, the construct's env contract, and errors that name the variable and the bad value. */
import * as contract from '../../../lib/model-serving/server-env';
import { BUNDLED_MODEL_DIR, ConfigError, loadConfig, SHUTDOWN_SLACK_SECONDS } from '../../src/operations/config';

test('loadConfig({}) returns the documented defaults', () => {
  expect(loadConfig({})).toEqual({
    modelDir: BUNDLED_MODEL_DIR,
    modelName: 'iris',
    modelVersion: '1.0.0',
    host: undefined,
    port: 8080,
    metricsPort: 9090,
    grpcPort: undefined, // no gRPC listener unless GRPC_PORT is set
    drainDelaySeconds: 5,
    requestTimeoutSeconds: 30,
    shutdownTimeoutSeconds: 38,
    bodyLimitBytes: 1048576,
    maxConnections: 1000,
    overloadEventLoopDelayMs: 250,
    docsEnabled: true,
    logLevel: 'info',
  });
});

test('every variable set in the environment is read and converted', () => {
  const config = loadConfig({
    MODEL_DIR: '/models/x', MODEL_NAME: 'churn', MODEL_VERSION: 'v2', PORT: '8000', HOST: '127.0.0.1', GRPC_PORT: '9000',
    METRICS_PORT: '9100', DRAIN_DELAY_SECONDS: '2.5', REQUEST_TIMEOUT_SECONDS: '10', SHUTDOWN_TIMEOUT_SECONDS: '20',
    BODY_LIMIT_BYTES: '2048', MAX_CONNECTIONS: '64', DOCS_ENABLED: 'false', LOG_LEVEL: 'warn',
  });
  expect(config).toMatchObject({
    modelDir: '/models/x', modelName: 'churn', modelVersion: 'v2', port: 8000, host: '127.0.0.1', metricsPort: 9100, grpcPort: 9000,
    drainDelaySeconds: 2.5, requestTimeoutSeconds: 10, shutdownTimeoutSeconds: 20, bodyLimitBytes: 2048, maxConnections: 64,
    docsEnabled: false, logLevel: 'warn',
  });
});

describe('the env contract with the construct (lib/model-serving/server-env.ts)', () => {
  const ranges = [contract.DRAIN_DELAY_SECONDS, contract.REQUEST_TIMEOUT_SECONDS, contract.PORT, contract.METRICS_PORT, contract.GRPC_PORT];
  const field: Record<string, string> = {
    DRAIN_DELAY_SECONDS: 'drainDelaySeconds', REQUEST_TIMEOUT_SECONDS: 'requestTimeoutSeconds',
    PORT: 'port', METRICS_PORT: 'metricsPort', GRPC_PORT: 'grpcPort',
  };
  // Ports must differ; move METRICS_PORT out of the way when PORT is the value under test.
  const env = (name: string, value: number) => ({ [name]: String(value), ...(name === 'PORT' ? { METRICS_PORT: String(value === 1 ? 2 : 1) } : {}) });

  test.each(ranges.map((r) => [r.name, r] as const))('%s: the default, min and max the construct can write are accepted as is', (_n, range) => {
    // GRPC_PORT's contract default is the construct's: unset, the server has no gRPC listener.
    expect((loadConfig({}) as unknown as Record<string, number>)[field[range.name]]).toBe(range === contract.GRPC_PORT ? undefined : range.default);
    for (const value of [range.min, range.max, range.default]) {
      expect((loadConfig(env(range.name, value)) as unknown as Record<string, number>)[field[range.name]]).toBe(value);
    }
  });

  test.each(ranges.map((r) => [r.name, r] as const))('%s: one above the contract max is rejected naming the variable', (_n, range) => {
    expect(() => loadConfig(env(range.name, range.max + 1))).toThrow(new RegExp(`^${range.name}="${range.max + 1}" is invalid`));
  });

  test('below the contract min: seconds are rejected; ports accept 0 (an ephemeral port, for tests)', () => {
    expect(() => loadConfig({ REQUEST_TIMEOUT_SECONDS: '0' })).toThrow('REQUEST_TIMEOUT_SECONDS="0" is invalid: expected a number of seconds from 1 to 3600');
    expect(loadConfig({ PORT: '0', METRICS_PORT: '0', GRPC_PORT: '0' })).toMatchObject({ port: 0, metricsPort: 0, grpcPort: 0 });
  });

  test('every combination of drain delay and request timeout the construct can write starts, and the default shutdown deadline stays inside the pod grace period', () => {
    for (const drain of [contract.DRAIN_DELAY_SECONDS.min, contract.DRAIN_DELAY_SECONDS.default, contract.DRAIN_DELAY_SECONDS.max]) {
      for (const timeout of [contract.REQUEST_TIMEOUT_SECONDS.min, contract.REQUEST_TIMEOUT_SECONDS.default, contract.REQUEST_TIMEOUT_SECONDS.max]) {
        const config = loadConfig({ DRAIN_DELAY_SECONDS: String(drain), REQUEST_TIMEOUT_SECONDS: String(timeout) });
        expect(config.shutdownTimeoutSeconds).toBe(drain + timeout + SHUTDOWN_SLACK_SECONDS);
        expect(config.shutdownTimeoutSeconds).toBeLessThan(contract.terminationGracePeriodSeconds(drain, timeout));
      }
    }
  });

  test('the env the construct writes for a pod (no SHUTDOWN_TIMEOUT_SECONDS) is accepted', () => {
    // SHUTDOWN_TIMEOUT_SECONDS is in the list because the construct refuses it in `env`; it never writes it.
    const writes = contract.CONSTRUCT_WRITTEN_ENV.filter((name) => name !== contract.SHUTDOWN_TIMEOUT_SECONDS);
    const written = Object.fromEntries(writes.map((name) => [name, ({
      MODEL_NAME: 'churn', MODEL_VERSION: '2.1.0', MODEL_DIR: '/mnt/models', PORT: '8080', METRICS_PORT: '9090', GRPC_PORT: '8081',
      DRAIN_DELAY_SECONDS: '10', REQUEST_TIMEOUT_SECONDS: '60',
    } as Record<string, string>)[name]]));
    expect(Object.values(written).every((v) => v !== undefined)).toBe(true); // a new contract variable needs a value here
    expect(loadConfig(written)).toMatchObject({ modelName: 'churn', drainDelaySeconds: 10, requestTimeoutSeconds: 60, shutdownTimeoutSeconds: 73 });
  });
});

test('GRPC_PORT unset or empty means no gRPC listener; set, it is validated like the other ports', () => {
  expect(loadConfig({ GRPC_PORT: '' }).grpcPort).toBeUndefined();
  expect(loadConfig({ GRPC_PORT: '8081' }).grpcPort).toBe(8081);
  expect(() => loadConfig({ GRPC_PORT: '65536' })).toThrow('GRPC_PORT="65536" is invalid: expected an integer from 0 to 65535');
});

test.each([
  [{ PORT: 'eighty' }, 'PORT="eighty" is invalid: expected an integer from 0 to 65535'],
  [{ PORT: '70000' }, 'PORT="70000" is invalid'],
  [{ PORT: '-1' }, 'PORT="-1" is invalid'],
  [{ METRICS_PORT: '8080' }, 'METRICS_PORT=8080 is invalid: it must differ from PORT'],
  [{ GRPC_PORT: 'grpc' }, 'GRPC_PORT="grpc" is invalid'],
  [{ GRPC_PORT: '8080' }, 'GRPC_PORT=8080 is invalid: it must differ from PORT and METRICS_PORT'],
  [{ GRPC_PORT: '9090' }, 'GRPC_PORT=9090 is invalid: it must differ from PORT and METRICS_PORT'],
  [{ DRAIN_DELAY_SECONDS: 'soon' }, 'DRAIN_DELAY_SECONDS="soon" is invalid'],
  [{ DRAIN_DELAY_SECONDS: '301' }, 'DRAIN_DELAY_SECONDS="301" is invalid: expected a number of seconds from 0 to 300'],
  [{ REQUEST_TIMEOUT_SECONDS: 'forever' }, 'REQUEST_TIMEOUT_SECONDS="forever" is invalid'],
  [{ SHUTDOWN_TIMEOUT_SECONDS: '-5' }, 'SHUTDOWN_TIMEOUT_SECONDS="-5" is invalid'],
  [{ DRAIN_DELAY_SECONDS: '30', SHUTDOWN_TIMEOUT_SECONDS: '30' }, 'SHUTDOWN_TIMEOUT_SECONDS=30 is invalid: it must exceed DRAIN_DELAY_SECONDS=30'],
  [{ MODEL_NAME: 'my model' }, 'MODEL_NAME="my model" is invalid'],
  [{ MODEL_VERSION: '../1' }, 'MODEL_VERSION="../1" is invalid'],
  [{ HOST: 'not_a_host' }, 'HOST="not_a_host" is invalid: expected an IP address (e.g. 0.0.0.0 or ::) or a hostname'],
  [{ HOST: 'http://0.0.0.0' }, 'HOST="http://0.0.0.0" is invalid'],
  [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL="loud" is invalid'],
  [{ BODY_LIMIT_BYTES: '10' }, 'BODY_LIMIT_BYTES="10" is invalid'],
  [{ MAX_CONNECTIONS: '0' }, 'MAX_CONNECTIONS="0" is invalid: expected an integer from 1 to 1000000'],
  [{ DOCS_ENABLED: 'no' }, 'DOCS_ENABLED="no" is invalid: expected true or false'],
  [{ OVERLOAD_EVENT_LOOP_DELAY_MS: '0' }, 'OVERLOAD_EVENT_LOOP_DELAY_MS="0" is invalid: expected an integer from 10 to 60000'],
])('%j is rejected with: %s', (env, message) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(message);
});

test.each(['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost', 'model-server.default.svc.cluster.local'])('HOST=%s is accepted', (host) => {
  expect(loadConfig({ HOST: host }).host).toBe(host);
});
