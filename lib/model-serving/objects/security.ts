import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';

/** The identity and sandbox of the model server pods (Pod Security Standards "restricted"). */
export interface SecurityOptions {
  /**
   * UID the containers run as; must be non-zero. The sample image's user.
   * @default 65532
   */
  readonly runAsUser?: number;
  /**
   * GID the containers run as, and the owner group of mounted volumes (fsGroup).
   * @default 65532
   */
  readonly runAsGroup?: number;
  /**
   * Mount the container's root filesystem read-only; `/tmp` is an emptyDir either way.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Name of an existing ServiceAccount to run as. When omitted, a dedicated ServiceAccount named
   * after the model is created with `automountServiceAccountToken: false`.
   * @default - a dedicated ServiceAccount `<modelName>`
   */
  readonly serviceAccountName?: string;
}

/** Who may open connections to the model server pods. */
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

/** The resolved security settings used by every container. */
export interface ResolvedSecurity {
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly readOnlyRootFilesystem: boolean;
}

/** Resolves the defaults of `SecurityOptions`. */
export function resolveSecurity(options: SecurityOptions = {}): ResolvedSecurity {
  return {
    runAsUser: options.runAsUser ?? 65532,
    runAsGroup: options.runAsGroup ?? 65532,
    readOnlyRootFilesystem: options.readOnlyRootFilesystem ?? true,
  };
}

/** Pod-level security context satisfying Pod Security Standards "restricted". */
export function podSecurityContext(security: ResolvedSecurity): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: security.runAsUser,
    runAsGroup: security.runAsGroup,
    fsGroup: security.runAsGroup,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Container-level security context satisfying Pod Security Standards "restricted". */
export function containerSecurityContext(security: ResolvedSecurity): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: security.readOnlyRootFilesystem,
    runAsNonRoot: true,
  };
}

/** The dedicated ServiceAccount of a model: no API token is mounted, the server never calls the API. */
export function addServiceAccount(scope: Construct, name: string, labels: Record<string, string>): k8s.KubeServiceAccount {
  return new k8s.KubeServiceAccount(scope, 'ServiceAccount', {
    metadata: { name, labels },
    automountServiceAccountToken: false,
  });
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
