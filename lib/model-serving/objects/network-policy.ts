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
   * Namespaces whose pods (the ingress controller, the Gateway's proxies) may reach the serving port.
   * Setting it (or `routerCidrs`) narrows the serving port to these, plus callers in the model's own
   * namespace; where each implementation runs its proxies is tabled in the README.
   * @default - the serving port admits any source: a router whose proxies run elsewhere (or outside
   *   the cluster, like cloud load balancers and Cilium's Envoy) is never blocked
   */
  readonly routerNamespaces?: string[];
  /**
   * Address ranges (CIDR) that may reach the serving port: cloud load balancers, a proxy-only subnet,
   * node addresses. Narrows the serving port like `routerNamespaces`, and combines with it.
   * @default - the serving port admits any source
   */
  readonly routerCidrs?: string[];
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
  /** The gRPC port's name (with `grpc`): admitted from the same sources as the serving port. */
  readonly grpcPortName?: string;
  readonly metricsPortName: string;
  /** Namespaces admitted on the serving port; with `routerCidrs` both empty, any source is. */
  readonly routerNamespaces: string[];
  readonly routerCidrs: string[];
  readonly prometheusNamespace: string;
}

/**
 * The serving port admits any source unless the router's sources are given: a policy that only
 * admits an assumed namespace drops every request of a router whose proxies run elsewhere (Envoy
 * Gateway's in envoy-gateway-system, Cilium's in the node, a cloud load balancer's outside the
 * cluster), and nothing in git would say why. Given `routerNamespaces` or `routerCidrs`, it admits
 * those plus callers in the model's own namespace. The metrics port admits only Prometheus; all
 * other inbound traffic is denied. Egress is left open (model downloads, telemetry), which is the
 * common ask; restrict it with a namespace policy if needed.
 */
export function addNetworkPolicy(scope: Construct, spec: ModelNetworkPolicySpec): k8s.KubeNetworkPolicy {
  const narrowed = spec.routerNamespaces.length > 0 || spec.routerCidrs.length > 0;
  const servingPeers: k8s.NetworkPolicyPeer[] = [
    { podSelector: {} },
    ...spec.routerNamespaces.map(namespaceByName),
    ...spec.routerCidrs.map((cidr) => ({ ipBlock: { cidr } })),
  ];
  // gRPC is the same API on another port: the same routers and in-cluster callers reach it.
  const servingPorts = [spec.servingPortName, ...(spec.grpcPortName ? [spec.grpcPortName] : [])]
    .map((name) => ({ protocol: 'TCP', port: k8s.IntOrString.fromString(name) }));
  return new k8s.KubeNetworkPolicy(scope, 'NetworkPolicy', {
    metadata: { name: spec.name, labels: spec.labels },
    spec: {
      podSelector: { matchLabels: spec.podSelector },
      policyTypes: ['Ingress'],
      ingress: [
        // A rule without `from` admits every source, pods and addresses alike.
        narrowed ? { from: servingPeers, ports: servingPorts } : { ports: servingPorts },
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
