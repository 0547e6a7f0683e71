/** /metrics on the metrics listener: request count and latency labels, process metrics. */
import { buildMetricsApp } from '../../src/operations/metrics-listener';
import { buildTestApp, SETOSA } from '../helpers/test-app';

describe('metrics', () => {
  test('request count and latency carry model, version, protocol, endpoint and status; process metrics too', async () => {
    const t = await buildTestApp();
    const metricsApp = buildMetricsApp(t.metrics);
    try {
      const payload = { inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: SETOSA }] };
      await t.app.inject({ method: 'POST', url: '/v2/models/iris/versions/1.0.0/infer', payload });
      await t.app.inject({ method: 'POST', url: '/v2/models/iris/infer', payload: { inputs: [] } });
      await t.app.inject({ method: 'POST', url: '/v1/models/iris:predict', payload: { instances: [SETOSA] } });
      await t.app.inject({ method: 'POST', url: '/v2/models/someone-elses-model/infer', payload });
      await t.app.inject('/v2/health/ready');

      const res = await metricsApp.inject('/metrics');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain');
      const text = res.body;
      expect(text).toContain('model_server_requests_total{model="iris",version="1.0.0",protocol="v2",endpoint="infer",status="200"} 1');
      expect(text).toContain('model_server_requests_total{model="iris",version="1.0.0",protocol="v2",endpoint="infer",status="400"} 1');
      expect(text).toContain('model_server_requests_total{model="iris",version="1.0.0",protocol="v1",endpoint="predict",status="200"} 1');
      // Unknown names collapse into one label value, so clients cannot blow up the series count.
      expect(text).toContain('model_server_requests_total{model="unknown",version="1.0.0",protocol="v2",endpoint="infer",status="404"} 1');
      expect(text).not.toContain('someone-elses-model');
      expect(text).toMatch(/model_server_request_duration_seconds_bucket\{le="0.005",model="iris",version="1.0.0",protocol="v2",endpoint="infer",status="200"\} \d/);
      expect(text).toContain('process_cpu_seconds_total');
      expect(text).toContain('nodejs_eventloop_lag_seconds');
      expect(text).not.toContain('endpoint="health');
    } finally {
      await Promise.all([t.app.close(), metricsApp.close()]);
    }
  });
});
