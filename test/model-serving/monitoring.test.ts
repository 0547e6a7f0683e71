import { find, irisProps, synthModel } from '../support/synth';

describe('Prometheus', () => {
  test('scrape annotations by default; a ServiceMonitor over the per-version Services on request', () => {
    const objects = synthModel(irisProps({ monitoring: { serviceMonitor: true } }));
    expect(find(objects, 'Deployment', 'iris-1-0-0').spec.template.metadata.annotations).toEqual({
      'prometheus.io/path': '/metrics', 'prometheus.io/port': '9090', 'prometheus.io/scrape': 'true',
    });
    expect(find(objects, 'ServiceMonitor', 'iris').spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'iris' }, matchExpressions: [{ key: 'app.kubernetes.io/version', operator: 'Exists' }] },
      endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }],
      targetLabels: ['app.kubernetes.io/version'],
    });
  });
});
