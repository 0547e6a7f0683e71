/** /metrics on the metrics listener: request count and latency labels, process metrics. */
import { Counter, Histogram, Registry } from 'prom-client';
import { ServingMetrics, type RequestLabels } from '../../src/operations/metrics';
import { buildMetricsApp } from '../../src/operations/metrics-listener';
import { DURATION_BUCKETS } from '../../src/operations/request-metrics';
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

describe('the request metrics render exactly as prom-client\'s own Counter and Histogram would', () => {
  test('same observations, same exposition text (series order, bucket edges, +Inf, sum, count, label escaping)', async () => {
    const ours = new ServingMetrics();
    const registry = new Registry();
    const labelNames = ['model', 'version', 'protocol', 'endpoint', 'status'];
    const counter = new Counter({ name: 'model_server_requests_total', help: 'Requests to model endpoints (V1, V2 and gRPC), by model, version, protocol, endpoint and status (HTTP status or gRPC code)', labelNames, registers: [registry] });
    const histogram = new Histogram({ name: 'model_server_request_duration_seconds', help: 'Latency of requests to model endpoints, from request received to response sent', labelNames, buckets: [...DURATION_BUCKETS], registers: [registry] });
    const observations: Array<[RequestLabels, number]> = [
      [{ model: 'iris', version: '1.0.0', protocol: 'v2', endpoint: 'infer', status: '200' }, 0.0003],
      [{ model: 'iris', version: '1.0.0', protocol: 'v2', endpoint: 'infer', status: '200' }, 0.0005], // exactly on a bound
      [{ model: 'iris', version: '1.0.0', protocol: 'v1', endpoint: 'predict', status: '400' }, 0.02],
      [{ model: 'iris', version: '1.0.0', protocol: 'v2', endpoint: 'infer', status: '200' }, 42], // above every bound
      [{ model: 'unknown', version: 'a"b\\c\nd', protocol: 'v2', endpoint: 'metadata', status: '404' }, 0.001],
    ];
    for (const [labels, seconds] of observations) {
      ours.observe(labels, seconds);
      counter.inc({ ...labels });
      histogram.observe({ ...labels }, seconds);
    }
    // Sections split at blank lines; the last one of a registry ends with the text's final newline.
    const section = (text: string, name: string) => text.split('\n\n').find((block) => block.includes(`# TYPE ${name} `))?.trimEnd();
    const theirs = await registry.metrics();
    const mine = await ours.text();
    for (const name of ['model_server_requests_total', 'model_server_request_duration_seconds']) {
      expect(section(mine, name)).toBeDefined();
      expect(section(mine, name)).toBe(section(theirs, name));
    }
  });
});
