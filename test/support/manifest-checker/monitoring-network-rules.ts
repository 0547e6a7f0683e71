/**
 * Cross-object rules for the objects that select by labels without an error when nothing matches:
 * a NetworkPolicy that isolates no pod, and a ServiceMonitor that scrapes no Service or an unnamed port.
 * Both fail silently on a cluster (no traffic is protected, no metrics arrive), so they are caught here.
 * As elsewhere, they only run when the set holds what they point to (workloads, Services).
 */
import { podTemplateOf } from './pod-templates';
import { selectorMatches } from './selectors';
import { K8sObject, Violation, violationsFor } from './types';

export function checkMonitoringAndNetwork(objects: K8sObject[]): Violation[] {
  const violations: Violation[] = [];
  const templates = objects.flatMap((obj) => {
    const template = podTemplateOf(obj);
    return template ? [{ namespace: namespaceOf(obj), labels: template.metadata.labels }] : [];
  });
  const services = objects.filter((obj) => obj?.kind === 'Service' && obj.apiVersion === 'v1');

  for (const obj of objects) {
    const report = violationsFor(obj);
    if (obj?.kind === 'NetworkPolicy' && templates.length > 0) {
      const namespace = namespaceOf(obj);
      const selector = obj.spec?.podSelector ?? {};
      if (!templates.some((t) => t.namespace === namespace && selectorMatches(selector, t.labels))) {
        violations.push(report('semantic/networkpolicy-selector', `spec.podSelector ${JSON.stringify(selector)} matches no pod template in namespace "${namespace}"; the policy protects nothing`));
      }
    }
    if (obj?.kind === 'ServiceMonitor' && services.length > 0) {
      const namespaces: string[] | 'any' = obj.spec?.namespaceSelector?.any === true ? 'any' : obj.spec?.namespaceSelector?.matchNames ?? [namespaceOf(obj)];
      const selected = services.filter((s) => (namespaces === 'any' || namespaces.includes(namespaceOf(s))) && selectorMatches(obj.spec?.selector, s.metadata?.labels));
      if (selected.length === 0) {
        violations.push(report('semantic/servicemonitor-target', `spec.selector ${JSON.stringify(obj.spec?.selector ?? {})} matches no Service's labels in ${namespaces === 'any' ? 'any namespace' : `namespace(s) ${namespaces.join(', ')}`}`));
        continue;
      }
      (obj.spec?.endpoints ?? []).forEach((endpoint: any, index: number) => {
        if (typeof endpoint?.port !== 'string') return;
        if (!selected.some((s) => (s.spec?.ports ?? []).some((p: any) => p?.name === endpoint.port))) {
          violations.push(report('semantic/servicemonitor-target', `spec.endpoints[${index}].port "${endpoint.port}" is not a port name of the selected Service(s) ${selected.map((s) => s.metadata?.name).join(', ')}`));
        }
      });
    }
  }
  return violations;
}

function namespaceOf(obj: K8sObject): string {
  return obj?.metadata?.namespace ?? '';
}
