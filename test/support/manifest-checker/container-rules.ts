/** Rules on containers and ports: port names, probes aimed at declared ports, requests ≤ limits. */
import { allContainers, ContainerRef, podTemplateOf } from './pod-templates';
import { portNameProblem } from './name-rules';
import { compareQuantities, parseQuantity } from './quantity';
import { K8sObject, Violation, violationsFor } from './types';

type Report = (rule: string, message: string) => void;
const PROBES = ['startupProbe', 'readinessProbe', 'livenessProbe'];

export function checkContainers(obj: K8sObject): Violation[] {
  const violations: Violation[] = [];
  const make = violationsFor(obj);
  const report: Report = (rule, message) => violations.push(make(rule, message));
  if (obj?.kind === 'Service') checkServicePortNames(obj.spec?.ports ?? [], report);
  const pod = podTemplateOf(obj);
  if (!pod) return violations;
  for (const ref of allContainers(pod)) {
    checkPortNames(ref, report);
    checkProbePorts(ref, report);
    checkRequestsWithinLimits(ref, report);
  }
  return violations;
}

/**
 * Service port names are held to the same IANA_SVC_NAME rule as container ports (stricter than the API's
 * DNS label), so they can be used as named targets by ServiceMonitors and routes alike.
 */
function checkServicePortNames(ports: any[], report: Report): void {
  const seen = new Set<string>();
  for (const [index, port] of ports.entries()) {
    if (port?.name === undefined) {
      // A single unnamed Service port is legal; with several, the API server requires every one to be named.
      if (ports.length > 1) report('semantic/port-name', `spec.ports[${index}] has no name; a Service with several ports must name each`);
      continue;
    }
    const problem = portNameProblem(port.name) ?? (seen.has(port.name) ? `port name "${port.name}" is used twice` : undefined);
    if (problem) report('semantic/port-name', `spec.ports[${index}]: ${problem}`);
    seen.add(port.name);
  }
  // The API server refuses a Service whose ports repeat a port number and protocol ("Duplicate value").
  const numbers = new Map<string, number>();
  for (const [index, port] of ports.entries()) {
    const key = `${port?.port}/${port?.protocol ?? 'TCP'}`;
    const first = numbers.get(key);
    if (first !== undefined) report('semantic/service-port-number', `spec.ports[${index}] repeats port ${key} of spec.ports[${first}]; the API server refuses the Service`);
    else numbers.set(key, index);
  }
}

function checkPortNames({ container, path }: ContainerRef, report: Report): void {
  const seen = new Set<string>();
  for (const [index, port] of (container.ports ?? []).entries()) {
    if (port?.name === undefined) continue;
    const problem = portNameProblem(port.name) ?? (seen.has(port.name) ? `port name "${port.name}" is used twice` : undefined);
    if (problem) report('semantic/port-name', `${path}.ports[${index}]: ${problem}`);
    seen.add(port.name);
  }
}

/** A probe aimed at an undeclared port probes nothing: the pod never becomes ready, or is never restarted. */
function checkProbePorts({ container, path }: ContainerRef, report: Report): void {
  const ports: any[] = container.ports ?? [];
  for (const probeName of PROBES) {
    const probe = container[probeName];
    if (!probe) continue;
    for (const action of ['httpGet', 'tcpSocket', 'grpc']) {
      const target = probe[action]?.port;
      if (target === undefined) continue;
      const declared = typeof target === 'string'
        ? ports.some((p) => p?.name === target)
        : ports.some((p) => p?.containerPort === target);
      if (!declared) {
        const list = ports.map((p) => (p?.name ? `${p.name}=${p.containerPort}` : `${p?.containerPort}`)).join(', ') || 'none';
        report('semantic/probe-port', `${path}.${probeName}.${action}.port ${JSON.stringify(target)} is not a declared container port (declared: ${list})`);
      }
    }
  }
}

function checkRequestsWithinLimits({ container, path }: ContainerRef, report: Report): void {
  const requests = container.resources?.requests ?? {};
  const limits = container.resources?.limits ?? {};
  for (const [resource, requested] of Object.entries(requests)) {
    if (limits[resource] === undefined) continue;
    const request = parseQuantity(requested);
    const limit = parseQuantity(limits[resource]);
    // Unparseable values are reported by semantic/canonical-quantity; nothing to compare here.
    if (!request || !limit) continue;
    if (compareQuantities(request, limit) > 0) {
      report('semantic/requests-limits', `${path}.resources.requests.${resource} ${JSON.stringify(requested)} exceeds limits.${resource} ${JSON.stringify(limits[resource])}`);
    }
  }
}
