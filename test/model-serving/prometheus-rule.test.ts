import { DEFAULT_CANARY_METRICS } from '../../lib/cli/advance/analysis';
import { DEFAULT_SLO } from '../../lib/model-serving/slo';
import { expectValidManifests } from '../support/manifest-checker';
import { find, irisProps, ofKind, synthError, synthModel } from '../support/synth';

describe('monitoring.prometheusRule: alerts on the objectives advance checks, for every version', () => {
  test('absent by default', () => {
    expect(ofKind(synthModel(irisProps()), 'PrometheusRule')).toEqual([]);
  });

  // synthModel validates the object against the vendored PrometheusRule CRD (strict schema).
  const rule = find(synthModel(irisProps({ monitoring: { prometheusRule: {} } })), 'PrometheusRule', 'iris');
  const [group] = rule.spec.groups;
  const alert = (name: string) => group.rules.find((r: any) => r.alert === name);

  test('the object really is checked against the vendored CRD: a field the CRD lacks fails', () => {
    const broken = { ...rule, spec: { groups: [{ ...group, rules: [{ ...group.rules[0], forr: '5m' }] }] } };
    expect(() => expectValidManifests([broken])).toThrow(/forr/);
  });

  test('one group with an error-ratio and a latency alert, labelled for routing, after the workloads (sync wave 1)', () => {
    expect(rule.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(rule.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'iris' });
    expect(rule.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '1' });
    expect(group.name).toBe('model-serving.iris');
    expect(group.rules.map((r: any) => r.alert)).toEqual(['ModelServingErrorRatioHigh', 'ModelServingLatencyHigh']);
    for (const r of group.rules) expect(r).toMatchObject({ for: '5m', labels: { severity: 'warning', model: 'iris' } });
  });

  test('per version: grouped by namespace and version, narrowed to the model in the chart namespace', () => {
    for (const r of group.rules) {
      expect(r.expr).toContain('model="iris",namespace="models"');
      expect(r.expr).toContain('sum by (namespace, version');
      expect(r.expr).not.toContain('version="');
      // A version with fewer requests than the minimum in the window never pages.
      expect(r.expr).toMatch(/and on \(namespace, version\) \(sum by \(namespace, version\) \(increase\(model_server_requests_total\{[^}]*\}\[5m\]\)\) >= 100\)$/);
    }
    expect(alert('ModelServingErrorRatioHigh').expr).toMatch(/^\(sum by \(namespace, version\) \(rate\(model_server_requests_total\{model="iris",namespace="models",status=~"5\.\."\}\[5m\]\)\) \/ .* > 0\.01\) and /);
    expect(alert('ModelServingLatencyHigh').expr).toMatch(/^\(histogram_quantile\(0\.99, sum by \(namespace, version, le\) \(rate\(model_server_request_duration_seconds_bucket\{[^}]*\}\[5m\]\)\)\) > 0\.5\) and /);
  });

  test('its default thresholds are the ones advance checks a canary against (one home: lib/model-serving/slo.ts)', () => {
    const bound = (name: string) => DEFAULT_CANARY_METRICS.find((m) => m.name === name)!;
    expect(bound('error-rate').max).toBe(DEFAULT_SLO.maxErrorRatio);
    expect(bound('latency-p99').max).toBe(DEFAULT_SLO.maxLatencySeconds);
    expect(bound('requests').min).toBe(DEFAULT_SLO.minRequests);
    expect(alert('ModelServingErrorRatioHigh').expr).toContain(`> ${DEFAULT_SLO.maxErrorRatio})`);
    expect(alert('ModelServingLatencyHigh').expr).toContain(`> ${DEFAULT_SLO.maxLatencySeconds})`);
  });

  test('every objective and the alert timing can be changed', () => {
    const custom = find(synthModel(irisProps({
      monitoring: { prometheusRule: { window: '10m', for: '15m', maxErrorRatio: 0.05, maxLatencySeconds: 0.25, minRequests: 500, severity: 'critical' } },
    })), 'PrometheusRule', 'iris');
    const [errors, latency] = custom.spec.groups[0].rules;
    expect(errors).toMatchObject({ for: '15m', labels: { severity: 'critical' } });
    expect(errors.expr).toContain('[10m]');
    expect(errors.expr).toContain('> 0.05)');
    expect(errors.expr).toContain('>= 500)');
    expect(latency.expr).toContain('> 0.25)');
    expect(errors.annotations.summary).toBe('iris {{ $labels.version }} answers more than 5% of requests with 5xx');
  });

  test('bad values fail synth with the prop and the value', () => {
    expect(synthError(irisProps({ monitoring: { prometheusRule: { maxErrorRatio: 0, maxLatencySeconds: -1, window: '0s', for: 'soon', minRequests: 1.5, severity: 'page me' } } })).split('\n')).toEqual([
      'ModelServing "iris": monitoring.prometheusRule.window must be a Prometheus duration such as "5m", but "0s" was provided',
      'ModelServing "iris": monitoring.prometheusRule.for must be a Prometheus duration such as "5m", but "soon" was provided',
      'ModelServing "iris": monitoring.prometheusRule.maxErrorRatio must be a number above 0 and at most 1, but 0 was provided',
      'ModelServing "iris": monitoring.prometheusRule.maxLatencySeconds must be a number above 0 and at most 3600, but -1 was provided',
      'ModelServing "iris": monitoring.prometheusRule.minRequests must be an integer between 0 and 1000000000, but 1.5 was provided',
      'ModelServing "iris": monitoring.prometheusRule.severity must be a label value, but "page me" was provided',
    ]);
  });
});
