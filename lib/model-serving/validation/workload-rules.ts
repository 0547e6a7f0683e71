/** Rules of the pods and their workload objects: ports, resources, scaling, rollout, probes, security, placement, labels. */
import { isIP } from 'net';
import { DNS_1123_LABEL, DNS_1123_SUBDOMAIN, DURATION, LABEL_VALUE, POSITIVE_DURATION } from '../../core/validation/patterns';
import { serverSettings } from '../defaults';
import { DRAIN_DELAY_SECONDS, METRICS_PORT, PORT, REQUEST_TIMEOUT_SECONDS } from '../server-env';
import { checkEnv, checkImage, checkLabels, checkResources } from './field-checks';
import type { Rule } from './rule';

/** A key of a Secret's data (apimachinery's config-map key rule). */
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/** An IPv4 or IPv6 network in CIDR notation. */
function isCidr(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const [address, prefix, ...rest] = value.split('/');
  if (rest.length > 0 || prefix === undefined || !/^\d{1,3}$/.test(prefix)) return false;
  const family = isIP(address);
  return family !== 0 && Number(prefix) <= (family === 4 ? 32 : 128);
}

export const ports: Rule = (p, c) => {
  c.integer('port', p.port, PORT.min, PORT.max);
  c.integer('metricsPort', p.metricsPort, METRICS_PORT.min, METRICS_PORT.max);
  c.integer('servicePort', p.servicePort, 1, 65535);
  const settings = serverSettings(p);
  if (settings.port === settings.metricsPort) c.fail('metricsPort', 'differ from port', settings.metricsPort);
  // The version Services expose both as port numbers; the API server refuses a repeated one.
  if (settings.servicePort === settings.metricsPort) c.fail('servicePort', `differ from metricsPort (${settings.metricsPort}): the version Services expose both`, settings.servicePort);
  c.oneOf('serviceType', p.serviceType, ['ClusterIP', 'LoadBalancer', 'NodePort'] as const);
};

export const modelResources: Rule = (p, c) => {
  checkResources(c.at('resources'), p.resources);
  checkEnv(c.at('env'), p.env);
};

export const autoscaling: Rule = (p, c) => {
  const a = p.autoscaling;
  if (!a) return;
  const at = c.at('autoscaling');
  const minOk = at.integer('minReplicas', a.minReplicas, 1, 1000);
  const maxOk = at.integer('maxReplicas', a.maxReplicas ?? NaN, 1, 1000);
  if (minOk && maxOk && (a.minReplicas ?? 1) > a.maxReplicas) {
    at.fail('minReplicas', `be at most autoscaling.maxReplicas (${a.maxReplicas})`, a.minReplicas);
  }
  at.integer('targetCpuUtilizationPercent', a.targetCpuUtilizationPercent, 1, 100);
  at.integer('targetMemoryUtilizationPercent', a.targetMemoryUtilizationPercent, 1, 100);
  at.integer('scaleDownStabilizationSeconds', a.scaleDownStabilizationSeconds, 0, 3600);
  (p.versions ?? []).forEach((v, i) => {
    if (maxOk && v.replicas !== undefined && v.replicas > a.maxReplicas) {
      c.at('versions', i).fail('replicas', `be at most autoscaling.maxReplicas (${a.maxReplicas}) as it is the version's HPA minimum`, v.replicas);
    }
  });
};

export const operations: Rule = (p, c) => {
  c.at('disruptionBudget').integer('maxUnavailable', p.disruptionBudget?.maxUnavailable, 1, 1000);
  const r = p.rollout ?? {};
  const rollout = c.at('rollout');
  rollout.integer('maxSurge', r.maxSurge, 0, 100);
  rollout.integer('maxUnavailable', r.maxUnavailable, 0, 100);
  if (r.maxSurge === 0 && r.maxUnavailable === 0) rollout.fail('maxUnavailable', 'be above 0 when rollout.maxSurge is 0 (or the rollout cannot progress)', 0);
  rollout.integer('minReadySeconds', r.minReadySeconds, 0, 3600);
  rollout.integer('progressDeadlineSeconds', r.progressDeadlineSeconds, 1, 86400);
  rollout.integer('revisionHistoryLimit', r.revisionHistoryLimit, 0, 100);
  const probes = c.at('probes');
  probes.matches('readinessPath', p.probes?.readinessPath, /^\/\S*$/, 'an absolute path');
  probes.matches('livenessPath', p.probes?.livenessPath, /^\/\S*$/, 'an absolute path');
  probes.integer('startupTimeoutSeconds', p.probes?.startupTimeoutSeconds, 5, 86400);
  c.integer('drainDelaySeconds', p.drainDelaySeconds, DRAIN_DELAY_SECONDS.min, DRAIN_DELAY_SECONDS.max);
  c.integer('requestTimeoutSeconds', p.requestTimeoutSeconds, REQUEST_TIMEOUT_SECONDS.min, REQUEST_TIMEOUT_SECONDS.max);
};

export const monitoring: Rule = (p, c) => {
  const at = c.at('monitoring');
  at.matches('interval', p.monitoring?.interval, DURATION, 'a Prometheus duration such as "30s"');
  const rule = p.monitoring?.prometheusRule;
  if (!rule) return;
  const r = at.at('prometheusRule');
  r.matches('window', rule.window, POSITIVE_DURATION, 'a Prometheus duration such as "5m"');
  r.matches('for', rule.for, DURATION, 'a Prometheus duration such as "5m"');
  r.number('maxErrorRatio', rule.maxErrorRatio, 0, 1, true);
  r.number('maxLatencySeconds', rule.maxLatencySeconds, 0, 3600, true);
  r.integer('minRequests', rule.minRequests, 0, 1_000_000_000);
  r.matches('severity', rule.severity, LABEL_VALUE, 'a label value');
};

export const security: Rule = (p, c) => {
  const s = c.at('security');
  s.integer('runAsUser', p.security?.runAsUser, 1, 2147483647);
  s.integer('runAsGroup', p.security?.runAsGroup, 0, 2147483647);
  s.matches('serviceAccountName', p.security?.serviceAccountName, DNS_1123_SUBDOMAIN, 'a ServiceAccount name (DNS-1123 subdomain)');
  const np = c.at('networkPolicy');
  (p.networkPolicy?.routerNamespaces ?? []).forEach((ns, i) => np.at('routerNamespaces').matches(i, ns, DNS_1123_LABEL, 'a namespace name (DNS-1123 label)'));
  (p.networkPolicy?.routerCidrs ?? []).forEach((cidr, i) => {
    if (!isCidr(cidr)) np.at('routerCidrs').fail(i, 'be an IPv4 or IPv6 CIDR such as "10.0.0.0/16" or "fd00::/8"', cidr);
  });
  np.matches('prometheusNamespace', p.networkPolicy?.prometheusNamespace, DNS_1123_LABEL, 'a namespace name (DNS-1123 label)');
};

export const placement: Rule = (p, c) => {
  const pl = p.placement ?? {};
  const at = c.at('placement');
  at.matches('runtimeClassName', pl.runtimeClassName, DNS_1123_SUBDOMAIN, 'a RuntimeClass name (DNS-1123 subdomain)');
  at.matches('priorityClassName', pl.priorityClassName, DNS_1123_SUBDOMAIN, 'a PriorityClass name (DNS-1123 subdomain)');
  (pl.imagePullSecrets ?? []).forEach((s, i) => at.at('imagePullSecrets').matches(i, s, DNS_1123_SUBDOMAIN, 'a Secret name (DNS-1123 subdomain)'));
  checkLabels(at.at('nodeSelector'), pl.nodeSelector, false);
  const ms = p.modelStorage ?? {};
  const storage = c.at('modelStorage');
  if (ms.fetchImage !== undefined) checkImage(storage, 'fetchImage', ms.fetchImage, p.allowMutableImageTags ?? false);
  storage.matches('credentialsSecretName', ms.credentialsSecretName, DNS_1123_SUBDOMAIN, 'a Secret name (DNS-1123 subdomain)');
  storage.matches('gcsCredentialsKey', ms.gcsCredentialsKey, SECRET_KEY, 'a Secret key (letters, digits, "-", "_", ".")');
  storage.matches('mountPath', ms.mountPath, /^\/[^\s:]*$/, 'an absolute path');
  storage.quantity('sizeLimit', ms.sizeLimit);
};

export const labels: Rule = (p, c) => {
  c.matches('partOf', p.partOf, LABEL_VALUE, 'a label value');
  checkLabels(c.at('labels'), p.labels, true);
};
