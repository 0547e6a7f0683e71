/**
 * Rules that need the whole set of objects: selectors that select something, HPA/PDB/HTTPRoute references
 * that resolve, no HPA-vs-replicas fight, no duplicates. References are only checked when the set contains
 * the kind they point to, so a test may check e.g. a lone Service without its Deployment.
 */
import { podTemplateOf, PodTemplate } from './pod-templates';
import { LabelSelector, mapSelector, selectorIsEmpty, selectorMatches } from './selectors';
import { apiGroup, K8sObject, objectId, Violation, violationsFor } from './types';

interface Workload {
  readonly obj: K8sObject;
  readonly namespace: string;
  readonly template: PodTemplate;
}

const SELECTOR_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

export function checkCrossObject(objects: K8sObject[]): Violation[] {
  const violations: Violation[] = [];
  const workloads: Workload[] = [];
  for (const obj of objects) {
    const template = podTemplateOf(obj);
    if (template) workloads.push({ obj, namespace: namespaceOf(obj), template });
  }
  const selectsAPod = (selector: LabelSelector, namespace: string): boolean =>
    workloads.some((w) => w.namespace === namespace && selectorMatches(selector, w.template.metadata.labels));
  const hpaTargets = new Set<string>();

  for (const obj of objects) {
    const report = violationsFor(obj);
    const namespace = namespaceOf(obj);
    const spec = obj?.spec ?? {};
    if (SELECTOR_KINDS.has(obj?.kind) || (obj?.kind === 'Job' && spec.selector)) {
      const labels = podTemplateOf(obj)?.metadata.labels;
      if (selectorIsEmpty(spec.selector)) violations.push(report('semantic/selector-template', 'spec.selector is empty; it must select this workload\'s pods only'));
      else if (!selectorMatches(spec.selector, labels)) {
        violations.push(report('semantic/selector-template', `spec.selector ${JSON.stringify(spec.selector)} does not match the pod template labels ${JSON.stringify(labels ?? {})}`));
      }
    }
    if (obj?.kind === 'Service' && spec.type !== 'ExternalName' && spec.selector && workloads.length > 0) {
      if (!selectsAPod(mapSelector(spec.selector), namespace)) {
        violations.push(report('semantic/service-selector', `spec.selector ${JSON.stringify(spec.selector)} matches no pod template in namespace "${namespace}"`));
      }
      violations.push(...checkNamedTargetPorts(obj, workloads.filter((w) => w.namespace === namespace && selectorMatches(mapSelector(spec.selector), w.template.metadata.labels))));
    }
    if (obj?.kind === 'HorizontalPodAutoscaler') {
      const min = spec.minReplicas ?? 1;
      if (typeof spec.maxReplicas === 'number' && min > spec.maxReplicas) {
        violations.push(report('semantic/hpa-min-max', `spec.minReplicas ${min} is greater than spec.maxReplicas ${spec.maxReplicas}`));
      }
      const ref = spec.scaleTargetRef ?? {};
      const target = objects.find((o) => o?.kind === ref.kind && o?.metadata?.name === ref.name && namespaceOf(o) === namespace
        && (ref.apiVersion === undefined || o.apiVersion === ref.apiVersion));
      if (target) hpaTargets.add(identity(target));
      else violations.push(report('semantic/hpa-target', `spec.scaleTargetRef ${ref.apiVersion ?? ''} ${ref.kind}/${ref.name} is not in this set of objects`));
    }
    if (obj?.kind === 'PodDisruptionBudget') {
      const budgets = ['minAvailable', 'maxUnavailable'].filter((field) => spec[field] !== undefined);
      if (budgets.length !== 1) {
        violations.push(report('semantic/pdb-budget', `exactly one of spec.minAvailable/spec.maxUnavailable must be set (found: ${budgets.join(', ') || 'none'})`));
      }
      if (selectorIsEmpty(spec.selector)) violations.push(report('semantic/pdb-selector', 'spec.selector is empty; it would cover every pod in the namespace'));
      else if (workloads.length > 0 && !selectsAPod(spec.selector, namespace)) {
        violations.push(report('semantic/pdb-selector', `spec.selector ${JSON.stringify(spec.selector)} matches no pod template in namespace "${namespace}"`));
      }
    }
    if (obj?.kind === 'HTTPRoute') violations.push(...checkRouteBackends(obj, objects));
  }

  for (const obj of objects) {
    // Deployments first of all, but the same fight happens with any scale target (StatefulSet, ReplicaSet).
    if (hpaTargets.has(identity(obj)) && obj.spec?.replicas !== undefined) {
      violations.push(violationsFor(obj)('semantic/hpa-replicas', `spec.replicas is ${obj.spec.replicas} but an HPA scales this ${obj.kind}; every sync would reset the HPA's choice`));
    }
  }
  violations.push(...checkDuplicates(objects));
  return violations;
}

function checkRouteBackends(route: K8sObject, objects: K8sObject[]): Violation[] {
  const services = objects.filter((o) => o?.kind === 'Service' && apiGroup(o) === '');
  if (services.length === 0) return [];
  const report = violationsFor(route);
  const violations: Violation[] = [];
  (route.spec?.rules ?? []).forEach((rule: any, ruleIndex: number) => {
    (rule?.backendRefs ?? []).forEach((ref: any, refIndex: number) => {
      if ((ref.group ?? '') !== '' || (ref.kind ?? 'Service') !== 'Service') return;
      const namespace = ref.namespace ?? namespaceOf(route);
      const where = `spec.rules[${ruleIndex}].backendRefs[${refIndex}]`;
      const service = services.find((s) => s.metadata?.name === ref.name && namespaceOf(s) === namespace);
      if (!service) {
        violations.push(report('semantic/httproute-backend', `${where} names Service "${ref.name}" in namespace "${namespace}", which is not in this set of objects`));
      } else if (ref.port !== undefined && !(service.spec?.ports ?? []).some((p: any) => p?.port === ref.port)) {
        violations.push(report('semantic/httproute-backend', `${where} targets port ${ref.port}, which Service "${ref.name}" does not expose`));
      }
    });
  });
  return violations;
}

/** A named targetPort that a selected pod does not declare gives that pod no endpoint: traffic silently skips it. */
function checkNamedTargetPorts(service: K8sObject, selected: Workload[]): Violation[] {
  const report = violationsFor(service);
  const violations: Violation[] = [];
  (service.spec?.ports ?? []).forEach((port: any, index: number) => {
    if (typeof port?.targetPort !== 'string') return;
    for (const workload of selected) {
      const declared = (workload.template.spec.containers ?? []).some((c: any) => (c?.ports ?? []).some((p: any) => p?.name === port.targetPort));
      if (!declared) {
        violations.push(report('semantic/service-target-port', `spec.ports[${index}].targetPort "${port.targetPort}" is not a container port name of ${objectId(workload.obj)}, which this Service selects`));
      }
    }
  });
  return violations;
}

function checkDuplicates(objects: K8sObject[]): Violation[] {
  const seen = new Set<string>();
  const violations: Violation[] = [];
  for (const obj of objects) {
    const key = identity(obj);
    if (seen.has(key)) violations.push(violationsFor(obj)('semantic/duplicate-object', `${objectId(obj)} (API group "${apiGroup(obj)}") appears more than once`));
    seen.add(key);
  }
  return violations;
}

function namespaceOf(obj: K8sObject): string {
  return obj?.metadata?.namespace ?? '';
}

/** Objects are the same cluster object when group, kind, namespace and name agree (the version does not matter). */
function identity(obj: K8sObject): string {
  return `${apiGroup(obj)}|${obj?.kind}|${namespaceOf(obj)}|${obj?.metadata?.name}`;
}
