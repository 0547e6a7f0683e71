/**
 * The generated CRD classes of imports/, each loaded on first use. They are large (the Gateway API
 * import alone is 8,000 lines, Argo CD's 5,900) and every `require` of them costs start-up time in
 * every synth, so a chart without an HTTPRoute, a ServiceMonitor or GitOps objects never loads
 * them. Types come from `import type`, which costs nothing at run time; Node caches each module
 * after its first `require`.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as ArgoCd from '../../imports/argocd-argoproj.io';
import type * as FluxKustomize from '../../imports/fluxkustomize-kustomize.toolkit.fluxcd.io';
import type * as FluxSource from '../../imports/fluxsource-source.toolkit.fluxcd.io';
import type * as Gateway from '../../imports/gateway-gateway.networking.k8s.io';
import type * as Monitoring from '../../imports/monitoring-monitoring.coreos.com';
import type * as PrometheusRules from '../../imports/prometheusrule-monitoring.coreos.com';

/** Gateway API (gateway.networking.k8s.io): HTTPRoute. */
export const gatewayApi = (): typeof Gateway => require('../../imports/gateway-gateway.networking.k8s.io');
/** Prometheus Operator (monitoring.coreos.com): ServiceMonitor. */
export const monitoringApi = (): typeof Monitoring => require('../../imports/monitoring-monitoring.coreos.com');
/** Prometheus Operator (monitoring.coreos.com): PrometheusRule. */
export const prometheusRuleApi = (): typeof PrometheusRules => require('../../imports/prometheusrule-monitoring.coreos.com');
/** Argo CD (argoproj.io): Application. */
export const argoCdApi = (): typeof ArgoCd => require('../../imports/argocd-argoproj.io');
/** Flux (source.toolkit.fluxcd.io): GitRepository. */
export const fluxSourceApi = (): typeof FluxSource => require('../../imports/fluxsource-source.toolkit.fluxcd.io');
/** Flux (kustomize.toolkit.fluxcd.io): Kustomization. */
export const fluxKustomizeApi = (): typeof FluxKustomize => require('../../imports/fluxkustomize-kustomize.toolkit.fluxcd.io');
