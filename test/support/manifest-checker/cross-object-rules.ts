/**
 * Rules that need the whole set of objects: selectors that select something, HPA/PDB/HTTPRoute references
 * that resolve, no HPA-vs-replicas fight, no duplicates. References are only checked when the set contains
 * the kind they point to, so a test may check e.g. a lone Service without its Deployment.
 */
import { podTemplateOf, PodTemplate } from './pod-templates';
import { mapSelector, selectorIsEmpty, selectorMatches } from './selectors';
import { apiGroup, K8sObject, objectId, Violation, violationsFor } from './types';

interface Workload {
  readonly obj: K8sObject;
  readonly namespace: string;
  readonly template: PodTemplate;
}

const SELECTOR_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/** What the per-kind checks need to know about the whole set. */
interface SetContext {
  readonly objects: K8sObject[];
  readonly workloads: Workload[];
  /** Identities of the objects some HPA scales (filled while checking HPAs). */
  readonly hpaTargets: Set<string>;
}

export function checkCrossObject(objects: K8sObject[]): Violation[] {
  const workloads: Workload[] = [];
  for (const obj of objects) {
    const template = podTemplateOf(obj);
    if (template) workloads.push({ obj, namespace: namespaceOf(obj), template });
  }
  const context: SetContext = { objects, workloads, hpaTargets: new Set() };
  const violations: Violation[] = [];
  for (const obj of objects) {
    if (SELECTOR_KINDS.has(obj?.kind) || (obj?.kind === 'Job' && obj.spec?.selector)) violations.push(...checkWorkloadSelector(obj));
    if (obj?.kind === 'Service') violations.push(...checkServiceSelection(obj, context));
    if (obj?.kind === 'HorizontalPodAutoscaler') violations.push(...checkHpa(obj, context));
    if (obj?.kind === 'PodDisruptionBudget') violations.push(...checkPdb(obj, context));
    if (obj?.kind === 'HTTPRoute' || obj?.kind === 'GRPCRoute') violations.push(...checkRouteBackends(obj, objects));
  }
  for (const obj of objects) {
    // Deployments first of all, but the same fight happens with any scale target (StatefulSet, ReplicaSet).
    if (context.hpaTargets.has(identity(obj)) && obj.spec?.replicas !== undefined) {
      violations.push(violationsFor(obj)('semantic/hpa-replicas', `spec.replicas is ${obj.spec.replicas} but an HPA scales this ${obj.kind}; every sync would reset the HPA's choice`));
    }
  }
  violations.push(...checkDuplicates(objects));
  return violations;
}

function checkWorkloadSelector(obj: K8sObject): Violation[] {
  const report = violationsFor(obj);
  const selector = obj.spec?.selector;
  const labels = podTemplateOf(obj)?.metadata.labels;
  if (selectorIsEmpty(selector)) return [report('semantic/selector-template', 'spec.selector is empty; it must select this workload\'s pods only')];
  if (!selectorMatches(selector, labels)) {
    return [report('semantic/selector-template', `spec.selector ${JSON.stringify(selector)} does not match the pod template labels ${JSON.stringify(labels ?? {})}`)];
  }
  return [];
}

function checkServiceSelection(service: K8sObject, { workloads }: SetContext): Violation[] {
  const spec = service.spec ?? {};
  if (spec.type === 'ExternalName' || !spec.selector || workloads.length === 0) return [];
  const namespace = namespaceOf(service);
  const selected = workloads.filter((w) => w.namespace === namespace && selectorMatches(mapSelector(spec.selector), w.template.metadata.labels));
  if (selected.length === 0) {
    return [violationsFor(service)('semantic/service-selector', `spec.selector ${JSON.stringify(spec.selector)} matches no pod template in namespace "${namespace}"`)];
  }
  return checkNamedTargetPorts(service, selected);
}

function checkHpa(hpa: K8sObject, { objects, hpaTargets }: SetContext): Violation[] {
  const report = violationsFor(hpa);
  const violations: Violation[] = [];
  const spec = hpa.spec ?? {};
  const min = spec.minReplicas ?? 1;
  if (typeof spec.maxReplicas === 'number' && min > spec.maxReplicas) {
    violations.push(report('semantic/hpa-min-max', `spec.minReplicas ${min} is greater than spec.maxReplicas ${spec.maxReplicas}`));
  }
  // Unlike other references, the target must be in the set even when the set has no workloads:
  // an HPA is only ever synthesized next to the workload it scales.
  const ref = spec.scaleTargetRef ?? {};
  const target = objects.find((o) => o?.kind === ref.kind && o?.metadata?.name === ref.name && namespaceOf(o) === namespaceOf(hpa)
    && (ref.apiVersion === undefined || o.apiVersion === ref.apiVersion));
  if (target) hpaTargets.add(identity(target));
  else violations.push(report('semantic/hpa-target', `spec.scaleTargetRef ${ref.apiVersion ?? ''} ${ref.kind}/${ref.name} is not in this set of objects`));
  return violations;
}

function checkPdb(pdb: K8sObject, { workloads }: SetContext): Violation[] {
  const report = violationsFor(pdb);
  const violations: Violation[] = [];
  const spec = pdb.spec ?? {};
  const namespace = namespaceOf(pdb);
  const budgets = ['minAvailable', 'maxUnavailable'].filter((field) => spec[field] !== undefined);
  if (budgets.length !== 1) {
    violations.push(report('semantic/pdb-budget', `exactly one of spec.minAvailable/spec.maxUnavailable must be set (found: ${budgets.join(', ') || 'none'})`));
  }
  if (selectorIsEmpty(spec.selector)) {
    violations.push(report('semantic/pdb-selector', 'spec.selector is empty; it would cover every pod in the namespace'));
  } else if (workloads.length > 0 && !workloads.some((w) => w.namespace === namespace && selectorMatches(spec.selector, w.template.metadata.labels))) {
    violations.push(report('semantic/pdb-selector', `spec.selector ${JSON.stringify(spec.selector)} matches no pod template in namespace "${namespace}"`));
  }
  return violations;
}

function checkRouteBackends(route: K8sObject, objects: K8sObject[]): Violation[] {
  const services = objects.filter((o) => o?.kind === 'Service' && apiGroup(o) === '');
  if (services.length === 0) return [];
  const report = violationsFor(route);
  const rule = `semantic/${route.kind.toLowerCase()}-backend`;
  const violations: Violation[] = [];
  const check = (ref: any, where: string): void => {
    if (!ref || (ref.group ?? '') !== '' || (ref.kind ?? 'Service') !== 'Service') return;
    const namespace = ref.namespace ?? namespaceOf(route);
    const service = services.find((s) => s.metadata?.name === ref.name && namespaceOf(s) === namespace);
    const port = (service?.spec?.ports ?? []).find((p: any) => p?.port === ref.port);
    if (!service) {
      violations.push(report(rule, `${where} names Service "${ref.name}" in namespace "${namespace}", which is not in this set of objects`));
    } else if (ref.port !== undefined && !port) {
      violations.push(report(rule, `${where} targets port ${ref.port}, which Service "${ref.name}" does not expose`));
    } else if (route.kind === 'GRPCRoute' && port && !speaksHttp2(port)) {
      violations.push(report(rule, `${where} targets port ${ref.port} of Service "${ref.name}", which is not marked HTTP/2 `
        + '(appProtocol kubernetes.io/h2c or grpc, or a grpc-/http2- port name): the proxy would speak HTTP/1.1 to a gRPC server'));
    }
  };
  (route.spec?.rules ?? []).forEach((routeRule: any, ruleIndex: number) => {
    (routeRule?.backendRefs ?? []).forEach((ref: any, refIndex: number) => check(ref, `spec.rules[${ruleIndex}].backendRefs[${refIndex}]`));
    (routeRule?.filters ?? []).forEach((filter: any, filterIndex: number) => {
      check(filter?.requestMirror?.backendRef, `spec.rules[${ruleIndex}].filters[${filterIndex}].requestMirror.backendRef`);
    });
  });
  return violations;
}

/** A Service port that Gateway API implementations reach over HTTP/2 (appProtocol, or Istio's port-name convention). */
function speaksHttp2(port: any): boolean {
  return ['kubernetes.io/h2c', 'grpc', 'h2c', 'http2'].includes(port?.appProtocol) || /^(grpc|http2)(-|$)/.test(port?.name ?? '');
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
