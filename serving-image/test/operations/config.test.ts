/** Env configuration: defaults, and errors that name the variable and the bad value. */
import { BUNDLED_MODEL_DIR, ConfigError, loadConfig } from '../../src/operations/config';

test('loadConfig({}) returns the documented defaults', () => {
  expect(loadConfig({})).toEqual({
    modelDir: BUNDLED_MODEL_DIR,
    modelName: 'iris',
    modelVersion: '1.0.0',
    host: '0.0.0.0',
    port: 8080,
    metricsPort: 9090,
    drainDelaySeconds: 5,
    shutdownTimeoutSeconds: 30,
    bodyLimitBytes: 1048576,
    overloadEventLoopDelayMs: 250,
    logLevel: 'info',
  });
});

test('every variable set in the environment is read and converted', () => {
  const config = loadConfig({
    MODEL_DIR: '/models/x', MODEL_NAME: 'churn', MODEL_VERSION: 'v2', PORT: '8000', HOST: '127.0.0.1',
    METRICS_PORT: '9100', DRAIN_DELAY_SECONDS: '2.5', SHUTDOWN_TIMEOUT_SECONDS: '20', LOG_LEVEL: 'warn',
  });
  expect(config).toMatchObject({
    modelDir: '/models/x', modelName: 'churn', modelVersion: 'v2', port: 8000, host: '127.0.0.1', metricsPort: 9100,
    drainDelaySeconds: 2.5, shutdownTimeoutSeconds: 20, logLevel: 'warn',
  });
});

test.each([
  [{ PORT: 'eighty' }, 'PORT="eighty" is invalid: expected an integer from 0 to 65535'],
  [{ PORT: '70000' }, 'PORT="70000" is invalid'],
  [{ PORT: '-1' }, 'PORT="-1" is invalid'],
  [{ METRICS_PORT: '8080' }, 'METRICS_PORT=8080 is invalid: it must differ from PORT'],
  [{ DRAIN_DELAY_SECONDS: 'soon' }, 'DRAIN_DELAY_SECONDS="soon" is invalid'],
  [{ SHUTDOWN_TIMEOUT_SECONDS: '-5' }, 'SHUTDOWN_TIMEOUT_SECONDS="-5" is invalid'],
  [{ DRAIN_DELAY_SECONDS: '30', SHUTDOWN_TIMEOUT_SECONDS: '30' }, 'SHUTDOWN_TIMEOUT_SECONDS=30 is invalid: it must exceed DRAIN_DELAY_SECONDS=30'],
  [{ MODEL_NAME: 'my model' }, 'MODEL_NAME="my model" is invalid'],
  [{ MODEL_VERSION: '../1' }, 'MODEL_VERSION="../1" is invalid'],
  [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL="loud" is invalid'],
  [{ BODY_LIMIT_BYTES: '10' }, 'BODY_LIMIT_BYTES="10" is invalid'],
  [{ OVERLOAD_EVENT_LOOP_DELAY_MS: '0' }, 'OVERLOAD_EVENT_LOOP_DELAY_MS="0" is invalid: expected an integer from 10 to 60000'],
])('%j is rejected with: %s', (env, message) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(message);
});
