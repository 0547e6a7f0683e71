import { Construct } from 'constructs';
import { k8s } from '../../core/k8s';
import { publicPaths, STRICT_INGRESS_PATH } from './public-routes';
import type { RoutedVersion } from './routed-version';

/**
 * An Ingress (networking.k8s.io/v1) in front of the model.
 * @category Construct options
 */
export interface IngressOptions {
  /** Host name, lowercase and without a scheme, e.g. `iris.example.com`. */
  readonly host: string;
  /**
   * One path prefix routed to the model instead of its public paths — e.g. `/` for a hostname of
   * its own, where everything on the pod (`/docs`, health) becomes public.
   * @default - the model's API, `/v2/models/<model>` and `/v1/models/<model>` (with the KServe V1
   *   verbs `:predict` and `:explain`), plus `extraPublicPaths`
   */
  readonly path?: string;
  /**
   * Name of the TLS Secret for `host` (e.g. issued by cert-manager).
   * @default - no TLS
   */
  readonly tlsSecretName?: string;
  /**
   * IngressClass that implements the Ingress.
   * @default - the cluster's default IngressClass
   */
  readonly className?: string;
  /**
   * Extra annotations, e.g. for cert-manager. NGINX `*-snippet` annotations (raw NGINX configuration)
   * and the `canary*` annotations (written by `nginxCanary`) are refused.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
  /**
   * Split traffic exactly between two weighted versions with ingress-nginx canary annotations: the
   * Ingress routes to the heaviest version and a second `<model>-canary` Ingress carries the other
   * one's weight (`canary-weight` of `canary-weight-total`), and pins it with the version header.
   * NGINX allows one canary per rule, so more than two weighted versions need `gateway`.
   * @default false
   */
  readonly nginxCanary?: boolean;
}

/** Inputs to build the model's Ingresses. */
export interface IngressSpec {
  readonly modelName: string;
  readonly labels: Record<string, string>;
  readonly options: IngressOptions;
  /** Service port of every backend. */
  readonly servicePort: number;
  /** Versions with a weight above 0, in declaration order. */
  readonly weighted: RoutedVersion[];
  /** The model's stable Service, the backend when weights are realised by replica counts. */
  readonly stableServiceName: string;
  /** Header that pins the canary version. */
  readonly versionHeader: string;
  /** Path prefixes routed besides the model's API (`extraPublicPaths`). */
  readonly extraPublicPaths: readonly string[];
}

const NGINX = 'nginx.ingress.kubernetes.io';

/**
 * One weighted version: the Ingress sends everything to its Service. Two with `nginxCanary`: the
 * heavier one (the first declared on a tie) is primary, the other the canary. Otherwise the stable
 * Service, whose share by ready pods validation has checked to equal the weights.
 */
export function addIngresses(scope: Construct, spec: IngressSpec): k8s.KubeIngress[] {
  const { weighted, options } = spec;
  if (weighted.length === 1) return [ingress(scope, 'Ingress', spec, spec.modelName, weighted[0].serviceName, {})];
  if (!options.nginxCanary) return [ingress(scope, 'Ingress', spec, spec.modelName, spec.stableServiceName, {})];
  const primary = weighted.reduce((best, v) => (v.weight > best.weight ? v : best));
  const canary = weighted.find((v) => v !== primary)!;
  const total = weighted.reduce((sum, v) => sum + v.weight, 0);
  return [
    ingress(scope, 'Ingress', spec, spec.modelName, primary.serviceName, {}),
    ingress(scope, 'CanaryIngress', spec, `${spec.modelName}-canary`, canary.serviceName, {
      [`${NGINX}/canary`]: 'true',
      [`${NGINX}/canary-weight`]: String(canary.weight),
      [`${NGINX}/canary-weight-total`]: String(total),
      [`${NGINX}/canary-by-header`]: spec.versionHeader,
      [`${NGINX}/canary-by-header-value`]: canary.version,
    }),
  ];
}

function ingress(
  scope: Construct, id: string, spec: IngressSpec, name: string, serviceName: string, routingAnnotations: Record<string, string>,
): k8s.KubeIngress {
  const { options } = spec;
  const annotations = { ...options.annotations, ...routingAnnotations };
  const backend: k8s.IngressBackend = { service: { name: serviceName, port: { number: spec.servicePort } } };
  return new k8s.KubeIngress(scope, id, {
    metadata: { name, labels: spec.labels, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: {
      ...(options.className ? { ingressClassName: options.className } : {}),
      ...(options.tlsSecretName ? { tls: [{ hosts: [options.host], secretName: options.tlsSecretName }] } : {}),
      rules: [{ host: options.host, http: { paths: ingressPaths(spec).map((p) => ({ ...p, backend })) } }],
    },
  });
}

/**
 * An explicit `path` as one Prefix path; otherwise the model's public paths. Ingress has no type
 * that matches a prefix across a `:` (Prefix is whole segments, like Gateway API's PathPrefix), and
 * ingress-nginx refuses Exact or Prefix paths with characters outside `STRICT_INGRESS_PATH`: those
 * (the KServe verbs, `/openapi.json`) are ImplementationSpecific, which every controller matches at
 * least exactly, ingress-nginx as a plain prefix.
 */
function ingressPaths(spec: IngressSpec): { path: string; pathType: string }[] {
  if (spec.options.path !== undefined) return [{ path: spec.options.path, pathType: 'Prefix' }];
  return publicPaths(spec.modelName, spec.extraPublicPaths).map(({ type, value }) => ({
    path: value,
    pathType: !STRICT_INGRESS_PATH.test(value) ? 'ImplementationSpecific' : type === 'Exact' ? 'Exact' : 'Prefix',
  }));
}
