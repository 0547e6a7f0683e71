import { Construct } from 'constructs';
import { k8s } from '../../core/k8s';

/**
 * Who may open connections to the model server pods.
 * @category Construct options
 */
export interface NetworkPolicyOptions {
  /**
   * Emit the NetworkPolicy. Turn off only where a mesh or a namespace-wide policy already restricts traffic.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Namespaces whose pods (the ingress controller, the Gateway's proxies) may reach the serving port,
   * besides callers in the model's own namespace.
   * @default - `ingress-nginx` when `ingress` is set, plus each `gateway.parentRefs[].namespace`
   */
  readonly routerNamespaces?: string[];
  /**
   * Namespace of the Prometheus that scrapes the metrics port.
   * @default "monitoring"
   */
  readonly prometheusNamespace?: string;
}

/** Inputs to build the model's NetworkPolicy. */
export interface ModelNetworkPolicySpec {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly podSelector: Record<string, string>;
  readonly servingPortName: string;
  readonly metricsPortName: string;
  readonly routerNamespaces: string[];
  readonly prometheusNamespace: string;
}

/**
 * Admits same-namespace callers and the router namespaces on the serving port, and Prometheus on
 * the metrics port; everything else inbound is denied. Egress is left open (model downloads,
 * telemetry), which is the common ask; restrict it with a namespace policy if needed.
 */
export function addNetworkPolicy(scope: Construct, spec: ModelNetworkPolicySpec): k8s.KubeNetworkPolicy {
  const servingPeers: k8s.NetworkPolicyPeer[] = [
    { podSelector: {} },
    ...spec.routerNamespaces.map(namespaceByName),
  ];
  return new k8s.KubeNetworkPolicy(scope, 'NetworkPolicy', {
    metadata: { name: spec.name, labels: spec.labels },
    spec: {
      podSelector: { matchLabels: spec.podSelector },
      policyTypes: ['Ingress'],
      ingress: [
        { from: servingPeers, ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromString(spec.servingPortName) }] },
        {
          from: [namespaceByName(spec.prometheusNamespace)],
          ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromString(spec.metricsPortName) }],
        },
      ],
    },
  });
}

function namespaceByName(namespace: string): k8s.NetworkPolicyPeer {
  // `kubernetes.io/metadata.name` is set by the API server on every namespace since 1.22.
  return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } };
}
