import { LabelKeys, versionResourceName } from '../../core/labels';
import { parseModelUri } from '../objects/model-artifacts';
import { replicasOf, weightOf } from '../model-version';
import { ModelServingProps } from '../props';
import { ResourceOptions } from '../objects/resources';
import { weightProblem } from './traffic';
import { MAX_BACKENDS_PER_RULE } from '../objects/gateway';
import { parseQuantity } from '../../core/quantities';
import {
  DNS_1035_LABEL, DNS_1123_LABEL, DNS_1123_SUBDOMAIN, DURATION, ENV_NAME, HEADER_NAME, HOSTNAME, IMAGE_REFERENCE,
  LABEL_KEY, LABEL_VALUE, PropChecker,
} from '../../core/validation/checker';

type Rule = (props: ModelServingProps, check: PropChecker) => void;

/** Environment variables the construct sets itself; a user value would be silently overridden. */
const RESERVED_ENV = ['MODEL_NAME', 'MODEL_VERSION', 'MODEL_DIR', 'PORT', 'METRICS_PORT', 'DRAIN_DELAY_SECONDS', 'SHUTDOWN_TIMEOUT_SECONDS'];
const MAX_WEIGHT = 1_000_000; // Gateway API's bound on backendRef weights.

/** The rules of `ModelServingProps`, one concern each; all are checked and reported together. */
const RULES: Rule[] = [
  function modelName(p, c) {
    c.matches('modelName', p.modelName, DNS_1035_LABEL, 'a DNS-1035 label (lowercase letters, digits and "-", starting with a letter, at most 63 characters)');
  },
  function versionList(p, c) {
    if (!Array.isArray(p.versions) || p.versions.length === 0) c.fail('versions', 'list at least one version', p.versions);
  },
  function eachVersion(p, c) {
    const several = (p.versions ?? []).length > 1;
    (p.versions ?? []).forEach((v, i) => {
      const at = `versions[${i}]`;
      if (c.matches(`${at}.version`, v.version, LABEL_VALUE, 'a label value (letters, digits, ".", "-", "_", at most 63 characters, alphanumeric at both ends)')
        && DNS_1035_LABEL.test(p.modelName ?? '')) {
        const name = versionResourceName(p.modelName, v.version);
        if (name.length > 63) c.fail(`${at}.version`, `keep the object name "${name}" within 63 characters`, v.version);
      }
      checkImage(c, `${at}.image`, v.image, p.allowMutableImageTags ?? false);
      if (several && v.weight === undefined) c.fail(`${at}.weight`, 'be set when several versions are served', v.weight);
      c.integer(`${at}.weight`, v.weight, 0, MAX_WEIGHT);
      c.integer(`${at}.replicas`, v.replicas, 0, 1000);
      if (v.modelUri !== undefined && (typeof v.modelUri !== 'string' || !parseModelUri(v.modelUri))) {
        c.fail(`${at}.modelUri`, 'be an s3://bucket/path, gs://bucket/path, https://host/path or pvc://claim/path URI', v.modelUri);
      }
      checkResources(c, `${at}.resources`, v.resources, p.resources);
      checkEnv(c, `${at}.env`, v.env);
    });
  },
  function uniqueVersions(p, c) {
    const seen = new Map<string, string>();
    (p.versions ?? []).forEach((v, i) => {
      if (typeof v.version !== 'string') return;
      const key = v.version.toLowerCase().replace(/[^a-z0-9-]/g, '-');
      const earlier = seen.get(key);
      if (earlier !== undefined) c.fail(`versions[${i}].version`, `be unique (it maps to the same object names as ${earlier})`, v.version);
      else seen.set(key, `versions[${seen.size}] "${v.version}"`);
    });
  },
  function someTraffic(p, c) {
    const versions = p.versions ?? [];
    if (versions.length > 0 && versions.every((v) => v.weight === 0)) {
      c.fail('versions[].weight', 'give at least one version a weight above 0', versions.map((v) => v.weight));
    }
  },
  function ports(p, c) {
    c.integer('port', p.port, 1, 65535);
    c.integer('metricsPort', p.metricsPort, 1, 65535);
    c.integer('servicePort', p.servicePort, 1, 65535);
    if ((p.port ?? 8080) === (p.metricsPort ?? 9090)) c.fail('metricsPort', 'differ from port', p.metricsPort ?? 9090);
    c.oneOf('serviceType', p.serviceType, ['ClusterIP', 'LoadBalancer', 'NodePort'] as const);
  },
  function modelResources(p, c) {
    checkResources(c, 'resources', p.resources);
    checkEnv(c, 'env', p.env);
  },
  function ingress(p, c) {
    const ing = p.ingress;
    if (!ing) return;
    if (!c.matches('ingress.host', ing.host, HOSTNAME, 'a lowercase host name without scheme, port or path (e.g. "iris.example.com")')) return;
    c.matches('ingress.path', ing.path, /^\/[^\s]*$/, 'an absolute path starting with "/"');
    c.matches('ingress.tlsSecretName', ing.tlsSecretName, DNS_1123_SUBDOMAIN, 'a Secret name (DNS-1123 subdomain)');
    c.matches('ingress.className', ing.className, DNS_1123_SUBDOMAIN, 'an IngressClass name (DNS-1123 subdomain)');
  },
  function gateway(p, c) {
    const g = p.gateway;
    if (!g) return;
    if (!Array.isArray(g.parentRefs) || g.parentRefs.length === 0) c.fail('gateway.parentRefs', 'list at least one Gateway', g.parentRefs);
    (g.parentRefs ?? []).forEach((ref, i) => {
      c.matches(`gateway.parentRefs[${i}].name`, ref.name ?? '', DNS_1123_SUBDOMAIN, 'a Gateway name (DNS-1123 subdomain)');
      c.matches(`gateway.parentRefs[${i}].namespace`, ref.namespace, DNS_1123_LABEL, 'a namespace name (DNS-1123 label)');
      c.matches(`gateway.parentRefs[${i}].sectionName`, ref.sectionName, DNS_1123_SUBDOMAIN, 'a listener name (DNS-1123 subdomain)');
    });
    (g.hostnames ?? []).forEach((h, i) => c.matches(`gateway.hostnames[${i}]`, h, HOSTNAME, 'a lowercase host name without scheme or port'));
    c.matches('gateway.versionHeader', g.versionHeader, HEADER_NAME, 'an HTTP header name');
    const weighted = (p.versions ?? []).filter((v) => weightOf(v) > 0).length;
    if (weighted > MAX_BACKENDS_PER_RULE) {
      c.problem(`gateway: ${weighted} versions have a weight above 0, but a Gateway API rule holds at most ${MAX_BACKENDS_PER_RULE} backends; set the weight of retired versions to 0 or remove them`);
    }
  },
  function mirror(p, c) {
    const m = p.mirror;
    if (!m) return;
    if (!p.gateway) c.fail('mirror', 'be used together with gateway (mirroring is a Gateway API filter)', m);
    const known = (p.versions ?? []).map((v) => v.version);
    if (!known.includes(m.version)) c.fail('mirror.version', `name one of the versions (${known.join(', ')})`, m.version);
    c.integer('mirror.percent', m.percent, 1, 100);
  },
  function autoscaling(p, c) {
    const a = p.autoscaling;
    if (!a) return;
    const minOk = c.integer('autoscaling.minReplicas', a.minReplicas, 1, 1000);
    const maxOk = c.integer('autoscaling.maxReplicas', a.maxReplicas ?? NaN, 1, 1000);
    if (minOk && maxOk && (a.minReplicas ?? 1) > a.maxReplicas) {
      c.fail('autoscaling.minReplicas', `be at most autoscaling.maxReplicas (${a.maxReplicas})`, a.minReplicas);
    }
    c.integer('autoscaling.targetCpuUtilizationPercent', a.targetCpuUtilizationPercent, 1, 100);
    c.integer('autoscaling.targetMemoryUtilizationPercent', a.targetMemoryUtilizationPercent, 1, 100);
    c.integer('autoscaling.scaleDownStabilizationSeconds', a.scaleDownStabilizationSeconds, 0, 3600);
    (p.versions ?? []).forEach((v, i) => {
      if (maxOk && v.replicas !== undefined && v.replicas > a.maxReplicas) {
        c.fail(`versions[${i}].replicas`, `be at most autoscaling.maxReplicas (${a.maxReplicas}) as it is the version's HPA minimum`, v.replicas);
      }
    });
  },
  function operations(p, c) {
    c.integer('disruptionBudget.maxUnavailable', p.disruptionBudget?.maxUnavailable, 1, 1000);
    const r = p.rollout ?? {};
    c.integer('rollout.maxSurge', r.maxSurge, 0, 100);
    c.integer('rollout.maxUnavailable', r.maxUnavailable, 0, 100);
    if (r.maxSurge === 0 && r.maxUnavailable === 0) c.fail('rollout.maxUnavailable', 'be above 0 when rollout.maxSurge is 0 (or the rollout cannot progress)', 0);
    c.integer('rollout.minReadySeconds', r.minReadySeconds, 0, 3600);
    c.integer('rollout.progressDeadlineSeconds', r.progressDeadlineSeconds, 1, 86400);
    c.integer('rollout.revisionHistoryLimit', r.revisionHistoryLimit, 0, 100);
    c.matches('probes.readinessPath', p.probes?.readinessPath, /^\/\S*$/, 'an absolute path');
    c.matches('probes.livenessPath', p.probes?.livenessPath, /^\/\S*$/, 'an absolute path');
    c.integer('probes.startupTimeoutSeconds', p.probes?.startupTimeoutSeconds, 5, 86400);
    c.integer('drainDelaySeconds', p.drainDelaySeconds, 0, 300);
    c.integer('requestTimeoutSeconds', p.requestTimeoutSeconds, 1, 3600);
    c.matches('monitoring.interval', p.monitoring?.interval, DURATION, 'a Prometheus duration such as "30s"');
  },
  function security(p, c) {
    c.integer('security.runAsUser', p.security?.runAsUser, 1, 2147483647);
    c.integer('security.runAsGroup', p.security?.runAsGroup, 0, 2147483647);
    c.matches('security.serviceAccountName', p.security?.serviceAccountName, DNS_1123_SUBDOMAIN, 'a ServiceAccount name (DNS-1123 subdomain)');
    (p.networkPolicy?.routerNamespaces ?? []).forEach((ns, i) => c.matches(`networkPolicy.routerNamespaces[${i}]`, ns, DNS_1123_LABEL, 'a namespace name (DNS-1123 label)'));
    c.matches('networkPolicy.prometheusNamespace', p.networkPolicy?.prometheusNamespace, DNS_1123_LABEL, 'a namespace name (DNS-1123 label)');
  },
  function placement(p, c) {
    const pl = p.placement ?? {};
    c.matches('placement.runtimeClassName', pl.runtimeClassName, DNS_1123_SUBDOMAIN, 'a RuntimeClass name (DNS-1123 subdomain)');
    c.matches('placement.priorityClassName', pl.priorityClassName, DNS_1123_SUBDOMAIN, 'a PriorityClass name (DNS-1123 subdomain)');
    (pl.imagePullSecrets ?? []).forEach((s, i) => c.matches(`placement.imagePullSecrets[${i}]`, s, DNS_1123_SUBDOMAIN, 'a Secret name (DNS-1123 subdomain)'));
    checkLabels(c, 'placement.nodeSelector', pl.nodeSelector, false);
    const ms = p.modelStorage ?? {};
    if (ms.fetchImage !== undefined) checkImage(c, 'modelStorage.fetchImage', ms.fetchImage, p.allowMutableImageTags ?? false);
    c.matches('modelStorage.credentialsSecretName', ms.credentialsSecretName, DNS_1123_SUBDOMAIN, 'a Secret name (DNS-1123 subdomain)');
    c.matches('modelStorage.mountPath', ms.mountPath, /^\/[^\s:]*$/, 'an absolute path');
    c.quantity('modelStorage.sizeLimit', ms.sizeLimit);
  },
  function labels(p, c) {
    c.matches('partOf', p.partOf, LABEL_VALUE, 'a label value');
    checkLabels(c, 'labels', p.labels, true);
  },
  function traffic(p, c) {
    const versions = p.versions ?? [];
    if (versions.length === 0 || versions.some((v) => typeof v.weight !== 'number' && versions.length > 1)) return;
    const problem = weightProblem(
      versions.map((v) => ({ version: v.version, weight: weightOf(v), replicas: replicasOf(v, p.autoscaling) })),
      { gateway: !!p.gateway, ingress: !!p.ingress, nginxCanary: !!p.ingress?.nginxCanary, autoscaling: !!p.autoscaling },
    );
    if (problem) c.problem(`versions: ${problem}`);
  },
];

/** Validates every prop of `ModelServing`; throws one Error that lists each violation. */
export function validateModelServingProps(owner: string, props: ModelServingProps): void {
  const check = new PropChecker(owner);
  for (const rule of RULES) rule(props, check);
  check.throwIfInvalid();
}

function checkImage(c: PropChecker, path: string, image: string, allowMutable: boolean): void {
  if (!c.matches(path, image, IMAGE_REFERENCE, 'an image reference such as "ghcr.io/org/server:1.0.0" or "repo@sha256:<digest>"')) return;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const digest = image.includes('@sha256:');
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1).split('@')[0] : undefined;
  if (!allowMutable && !digest && (tag === undefined || tag === 'latest')) {
    c.fail(path, 'name a fixed tag or a digest (":latest" and untagged images make a git revert a no-op; set allowMutableImageTags to accept them)', image);
  }
}

function checkResources(c: PropChecker, path: string, r: ResourceOptions | undefined, base: ResourceOptions = {}): void {
  if (!r) return;
  const cpuOk = c.quantity(`${path}.cpu`, r.cpu, true) && c.quantity(`${path}.cpuLimit`, r.cpuLimit, true);
  const memOk = c.quantity(`${path}.memory`, r.memory) && c.quantity(`${path}.memoryLimit`, r.memoryLimit);
  c.integer(`${path}.gpu`, r.gpu, 0, 64);
  const merged = { ...base, ...r };
  if (cpuOk && merged.cpu && merged.cpuLimit && larger(merged.cpu, merged.cpuLimit)) c.fail(`${path}.cpuLimit`, `be at least the CPU request (${merged.cpu})`, merged.cpuLimit);
  if (memOk && merged.memory && merged.memoryLimit && larger(merged.memory, merged.memoryLimit)) c.fail(`${path}.memoryLimit`, `be at least the memory request (${merged.memory})`, merged.memoryLimit);
}

function larger(a: string, b: string): boolean {
  const pa = parseQuantity(a);
  const pb = parseQuantity(b);
  return !!pa && !!pb && pa.nanos > pb.nanos;
}

function checkEnv(c: PropChecker, path: string, env: Record<string, string> | undefined): void {
  for (const [name, value] of Object.entries(env ?? {})) {
    if (c.matches(`${path} key`, name, ENV_NAME, 'an environment variable name (letters, digits, "_", not starting with a digit)')
      && RESERVED_ENV.includes(name)) {
      c.fail(`${path}.${name}`, `not be set: the construct sets ${RESERVED_ENV.join(', ')} from its props`, value);
    }
    if (typeof value !== 'string') c.fail(`${path}.${name}`, 'be a string', value);
  }
}

function checkLabels(c: PropChecker, path: string, labels: Record<string, string> | undefined, protect: boolean): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    c.matches(`${path} key`, key, LABEL_KEY, 'a label key');
    if (value !== '') c.matches(`${path}.${key}`, value, LABEL_VALUE, 'a label value');
    if (protect && Object.values(LabelKeys).includes(key as never)) c.fail(`${path} key`, 'not override the app.kubernetes.io labels the construct sets', key);
  }
}
