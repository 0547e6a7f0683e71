import { find, irisProps, ofKind, synthModel } from '../support/synth';

describe('disruption budgets and network policy', () => {
  const objects = synthModel(irisProps());

  test('a PDB only for versions that can run two or more pods, evicting unhealthy pods always', () => {
    expect(ofKind(objects, 'PodDisruptionBudget').map((p) => [p.metadata.name, p.spec])).toEqual([['iris-1-0-0', {
      maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'iris', 'app.kubernetes.io/version': '1.0.0' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow',
    }]]);
    const autoscaled = synthModel(irisProps({ autoscaling: { minReplicas: 1, maxReplicas: 3 } }));
    expect(ofKind(autoscaled, 'PodDisruptionBudget')).toHaveLength(2);
  });

  const metricsRule = { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 'metrics' }] };

  test('by default the NetworkPolicy admits http from any source (whatever runs the router), metrics only from Prometheus', () => {
    // The Gateway's own namespace is not assumed: with Envoy Gateway, Cilium or a cloud load balancer the proxies are elsewhere.
    expect(find(objects, 'NetworkPolicy', 'iris').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'iris' } },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 'http' }] }, metricsRule],
    });
    const withIngress = synthModel(irisProps({ gateway: undefined, ingress: { host: 'iris.example.com', nginxCanary: true } }));
    expect(find(withIngress, 'NetworkPolicy', 'iris').spec.ingress[0]).toEqual({ ports: [{ protocol: 'TCP', port: 'http' }] });
  });

  test('routerNamespaces and routerCidrs narrow http to them and the model\'s own namespace; metrics stays restricted', () => {
    const narrowed = synthModel(irisProps({ networkPolicy: { routerNamespaces: ['envoy-gateway-system'], routerCidrs: ['10.0.0.0/16', 'fd00::/8'], prometheusNamespace: 'observability' } }));
    expect(find(narrowed, 'NetworkPolicy', 'iris').spec.ingress).toEqual([
      {
        from: [
          { podSelector: {} },
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } } },
          { ipBlock: { cidr: '10.0.0.0/16' } },
          { ipBlock: { cidr: 'fd00::/8' } },
        ],
        ports: [{ protocol: 'TCP', port: 'http' }],
      },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } }], ports: [{ protocol: 'TCP', port: 'metrics' }] },
    ]);
  });
});
