/**
 * Rule families `pss-baseline/*`, `pss-restricted/*` (Pod Security Standards, Kubernetes 1.28 profile:
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/) and `policy/*` (this project's
 * additions: read-only root filesystem, cpu+memory requests and limits). Applied to every pod template,
 * every container including init and ephemeral containers.
 */
import { allContainers, ContainerRef, podTemplateOf, PodTemplate } from './pod-templates';
import { K8sObject, Violation, violationsFor } from './types';

type Report = (rule: string, message: string) => void;

const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
// The "safe" sysctl set of the 1.28 baseline profile (the tcp_keepalive_* ones were only added in 1.29).
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
]);
const ALLOWED_SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const ALLOWED_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

export function checkPodSecurity(obj: K8sObject): Violation[] {
  const pod = podTemplateOf(obj);
  if (!pod) return [];
  const violations: Violation[] = [];
  const make = violationsFor(obj);
  const report: Report = (rule, message) => violations.push(make(rule, message));
  const containers = allContainers(pod);
  checkBaselinePod(pod, report);
  checkRestrictedPod(pod, containers, report);
  for (const ref of containers) {
    checkBaselineContainer(ref, report);
    checkRestrictedContainer(ref, report);
    checkProjectPolicy(ref, report);
  }
  return violations;
}

function checkBaselinePod(pod: PodTemplate, report: Report): void {
  const { spec, specPath } = pod;
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[field] === true) report('pss-baseline/host-namespaces', `${specPath}.${field} is true; host namespaces are forbidden`);
  }
  const podSecurity = spec.securityContext ?? {};
  if (podSecurity.windowsOptions?.hostProcess === true) {
    report('pss-baseline/hostProcess', `${specPath}.securityContext.windowsOptions.hostProcess is true`);
  }
  checkSeLinux(podSecurity.seLinuxOptions, `${specPath}.securityContext.seLinuxOptions`, report);
  for (const [index, sysctl] of (podSecurity.sysctls ?? []).entries()) {
    if (!SAFE_SYSCTLS.has(sysctl?.name)) {
      report('pss-baseline/sysctls', `${specPath}.securityContext.sysctls[${index}].name "${sysctl?.name}" is not a safe sysctl`);
    }
  }
  for (const [key, value] of Object.entries<any>(pod.metadata.annotations ?? {})) {
    if (key.startsWith(APPARMOR_PREFIX) && value !== 'runtime/default' && !String(value).startsWith('localhost/')) {
      report('pss-baseline/appArmor', `annotation ${key} is "${value}"; only runtime/default or localhost/* are allowed`);
    }
  }
  for (const [index, volume] of (spec.volumes ?? []).entries()) {
    const sources = Object.keys(volume ?? {}).filter((key) => key !== 'name');
    const where = `${specPath}.volumes[${index}](${volume?.name})`;
    if (sources.includes('hostPath')) report('pss-baseline/hostPath', `${where} is a hostPath volume`);
    for (const source of sources.filter((s) => !RESTRICTED_VOLUME_TYPES.has(s))) {
      report('pss-restricted/volumeTypes', `${where} uses volume type "${source}"; allowed: ${[...RESTRICTED_VOLUME_TYPES].join(', ')}`);
    }
  }
}

function checkRestrictedPod(pod: PodTemplate, containers: ContainerRef[], report: Report): void {
  const podSecurity = pod.spec.securityContext ?? {};
  const where = `${pod.specPath}.securityContext`;
  // runAsNonRoot: pod-level true covers every container; otherwise each container must say true itself.
  if (podSecurity.runAsNonRoot === false) report('pss-restricted/runAsNonRoot', `${where}.runAsNonRoot is false`);
  if (podSecurity.runAsNonRoot !== true) {
    for (const { container, path } of containers) {
      if (container.securityContext?.runAsNonRoot === undefined) {
        report('pss-restricted/runAsNonRoot', `${path}: runAsNonRoot is set neither on the pod nor on the container`);
      }
    }
  }
  if (podSecurity.runAsUser === 0) report('pss-restricted/runAsUser', `${where}.runAsUser is 0 (root)`);
  const podSeccomp = podSecurity.seccompProfile?.type;
  if (podSeccomp !== undefined && !ALLOWED_SECCOMP.has(podSeccomp)) {
    report('pss-restricted/seccompProfile', `${where}.seccompProfile.type is "${podSeccomp}"; must be RuntimeDefault or Localhost`);
  }
  if (podSeccomp === undefined) {
    for (const { container, path } of containers) {
      if (container.securityContext?.seccompProfile?.type === undefined) {
        report('pss-restricted/seccompProfile', `${path}: seccompProfile.type is set neither on the pod nor on the container`);
      }
    }
  }
}

function checkBaselineContainer({ container, path }: ContainerRef, report: Report): void {
  const security = container.securityContext ?? {};
  if (security.privileged === true) report('pss-baseline/privileged', `${path}.securityContext.privileged is true`);
  if (security.windowsOptions?.hostProcess === true) {
    report('pss-baseline/hostProcess', `${path}.securityContext.windowsOptions.hostProcess is true`);
  }
  if (security.procMount !== undefined && security.procMount !== 'Default') {
    report('pss-baseline/procMount', `${path}.securityContext.procMount is "${security.procMount}"; must be Default`);
  }
  checkSeLinux(security.seLinuxOptions, `${path}.securityContext.seLinuxOptions`, report);
  for (const [index, port] of (container.ports ?? []).entries()) {
    if (port?.hostPort !== undefined && port.hostPort !== 0) {
      report('pss-baseline/hostPorts', `${path}.ports[${index}].hostPort is ${port.hostPort}; host ports are forbidden`);
    }
  }
}

function checkRestrictedContainer({ container, path }: ContainerRef, report: Report): void {
  const security = container.securityContext ?? {};
  if (security.allowPrivilegeEscalation !== false) {
    report('pss-restricted/allowPrivilegeEscalation', `${path}.securityContext.allowPrivilegeEscalation is ${JSON.stringify(security.allowPrivilegeEscalation)}; must be false`);
  }
  if (security.runAsNonRoot === false) report('pss-restricted/runAsNonRoot', `${path}.securityContext.runAsNonRoot is false`);
  if (security.runAsUser === 0) report('pss-restricted/runAsUser', `${path}.securityContext.runAsUser is 0 (root)`);
  const seccomp = security.seccompProfile?.type;
  if (seccomp !== undefined && !ALLOWED_SECCOMP.has(seccomp)) {
    report('pss-restricted/seccompProfile', `${path}.securityContext.seccompProfile.type is "${seccomp}"; must be RuntimeDefault or Localhost`);
  }
  const drop: unknown[] = security.capabilities?.drop ?? [];
  if (!drop.includes('ALL')) {
    report('pss-restricted/capabilities', `${path}.securityContext.capabilities.drop is ${JSON.stringify(drop)}; must include "ALL"`);
  }
  for (const capability of security.capabilities?.add ?? []) {
    if (capability !== 'NET_BIND_SERVICE') {
      report('pss-restricted/capabilities', `${path}.securityContext.capabilities.add has "${capability}"; only NET_BIND_SERVICE may be added`);
    }
  }
}

function checkProjectPolicy({ container, path }: ContainerRef, report: Report): void {
  if (container.securityContext?.readOnlyRootFilesystem !== true) {
    report('policy/readOnlyRootFilesystem', `${path}.securityContext.readOnlyRootFilesystem is ${JSON.stringify(container.securityContext?.readOnlyRootFilesystem)}; must be true`);
  }
  // Ephemeral (debug) containers cannot declare resources, so the rule does not apply to them.
  if (path.includes('.ephemeralContainers[')) return;
  for (const bound of ['requests', 'limits']) {
    for (const resource of ['cpu', 'memory']) {
      if (container.resources?.[bound]?.[resource] === undefined) {
        report('policy/resources', `${path}.resources.${bound}.${resource} is not set`);
      }
    }
  }
}

function checkSeLinux(options: any, where: string, report: Report): void {
  if (!options) return;
  if (options.type !== undefined && !ALLOWED_SELINUX_TYPES.has(options.type)) {
    report('pss-baseline/seLinux', `${where}.type is "${options.type}"; allowed: container_t, container_init_t, container_kvm_t`);
  }
  for (const field of ['user', 'role']) {
    if (options[field] !== undefined && options[field] !== '') report('pss-baseline/seLinux', `${where}.${field} is "${options[field]}"; must be unset`);
  }
}
