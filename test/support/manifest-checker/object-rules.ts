/**
 * Per-object rules that the OpenAPI schema cannot express: name syntax, label syntax, no `status`,
 * no empty metadata maps, canonical quantities. The last three are what makes Argo CD report OutOfSync
 * on a freshly applied object (the API server drops or rewrites them, so live ≠ desired forever).
 */
import { dns1035LabelProblem, dns1123LabelProblem, dns1123SubdomainProblem, labelKeyProblem, labelValueProblem } from './name-rules';
import { podTemplateOf } from './pod-templates';
import { canonicalQuantity, parseQuantity } from './quantity';
import { k8sDefinition } from './schema-registry';
import { K8sObject, Violation, violationsFor } from './types';

type Report = (rule: string, message: string) => void;
const QUANTITY_REF = '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity';
// Kinds whose names become DNS labels (Services get DNS-1035 names; namespaces are DNS-1123 labels).
const DNS1035_KINDS = new Set(['Service']);
const DNS1123_LABEL_KINDS = new Set(['Namespace']);

export function checkObject(obj: K8sObject): Violation[] {
  const violations: Violation[] = [];
  const make = violationsFor(obj);
  const report: Report = (rule, message) => violations.push(make(rule, message));
  checkNames(obj, report);
  if (obj?.status !== undefined) report('semantic/no-status', `status is set (${JSON.stringify(obj.status)}); the controller owns it and Argo CD would diff it`);
  checkMetadata(obj?.metadata, 'metadata', report);
  const template = podTemplateOf(obj);
  // A bare Pod's template metadata is its own metadata, already checked above.
  if (template && obj.kind !== 'Pod') checkMetadata(template.metadata, template.specPath.replace(/\.spec$/, '.metadata'), report);
  if (obj?.kind === 'HTTPRoute' || obj?.kind === 'GRPCRoute') checkRouteMatchBudget(obj, report);
  if (obj?.kind === 'GRPCRoute') checkGrpcMethodMatches(obj, report);
  const definition = k8sDefinition(String(obj?.apiVersion), String(obj?.kind));
  if (definition) walkQuantities(definition.definitions, { $ref: `#/definitions/${definition.name}` }, obj, '', report);
  return violations;
}

function checkNames(obj: K8sObject, report: Report): void {
  const name = obj?.metadata?.name;
  if (typeof name !== 'string' || name === '') {
    report('semantic/name', `metadata.name is ${JSON.stringify(name)}; every object needs a name`);
  } else {
    const problem = DNS1035_KINDS.has(obj.kind) ? dns1035LabelProblem(name)
      : DNS1123_LABEL_KINDS.has(obj.kind) ? dns1123LabelProblem(name) : dns1123SubdomainProblem(name);
    if (problem) report('semantic/name', `metadata.name ${problem}`);
  }
  const namespace = obj?.metadata?.namespace;
  if (namespace !== undefined) {
    const problem = typeof namespace === 'string' ? dns1123LabelProblem(namespace) : `${JSON.stringify(namespace)} is not a string`;
    if (problem) report('semantic/name', `metadata.namespace ${problem}`);
  }
}

/** Gateway API's CEL rule on `spec.rules` of HTTPRoute and GRPCRoute (ajv does not run CEL): at most 128 matches across a route's rules. */
const MAX_MATCHES_PER_ROUTE = 128;

function checkRouteMatchBudget(route: K8sObject, report: Report): void {
  const rules: any[] = Array.isArray(route.spec?.rules) ? route.spec.rules : [];
  // A rule without matches counts as one (an HTTPRoute rule's matches default to PathPrefix "/").
  const total = rules.reduce((sum, rule) => sum + (Array.isArray(rule?.matches) ? rule.matches.length : 1), 0);
  if (total > MAX_MATCHES_PER_ROUTE) {
    report(`semantic/${route.kind.toLowerCase()}-match-budget`, `spec.rules hold ${total} matches; Gateway API allows at most ${MAX_MATCHES_PER_ROUTE} per route (the API server refuses the route)`);
  }
}

/** The GRPCRoute CRD's CEL rules on a method match (the JSON Schema only bounds the lengths). */
const GRPC_SERVICE = /^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i;
const GRPC_METHOD = /^[A-Za-z_][A-Za-z_0-9]*$/;

function checkGrpcMethodMatches(route: K8sObject, report: Report): void {
  (route.spec?.rules ?? []).forEach((rule: any, r: number) => (rule?.matches ?? []).forEach((match: any, m: number) => {
    const method = match?.method;
    if (!method) return;
    const where = `spec.rules[${r}].matches[${m}].method`;
    if (method.type !== undefined && method.service === undefined && method.method === undefined) {
      report('semantic/grpcroute-method', `${where} sets a type but neither service nor method`);
    }
    if ((method.type ?? 'Exact') !== 'Exact') return;
    if (method.service !== undefined && !GRPC_SERVICE.test(method.service)) {
      report('semantic/grpcroute-method', `${where}.service ${JSON.stringify(method.service)} is not a gRPC service name`);
    }
    if (method.method !== undefined && !GRPC_METHOD.test(method.method)) {
      report('semantic/grpcroute-method', `${where}.method ${JSON.stringify(method.method)} is not a gRPC method name`);
    }
  }));
}

function checkMetadata(metadata: Record<string, any> | undefined, where: string, report: Report): void {
  if (!metadata || typeof metadata !== 'object') return;
  for (const [key, value] of Object.entries(metadata)) {
    const empty = Array.isArray(value) ? value.length === 0 : typeof value === 'object' && value !== null && Object.keys(value).length === 0;
    if (empty) report('semantic/empty-metadata', `${where}.${key} is empty (${JSON.stringify(value)}); omit it, the API server drops it and Argo CD shows a diff`);
  }
  for (const [key, value] of Object.entries(metadata.labels ?? {})) {
    const problem = labelKeyProblem(key) ?? labelValueProblem(value);
    if (problem) report('semantic/label-syntax', `${where}.labels: ${problem}`);
  }
}

/** Follows the Kubernetes schema alongside the object and checks every field typed as a Quantity. */
function walkQuantities(definitions: Record<string, any>, schema: any, value: any, path: string, report: Report): void {
  if (value === undefined || value === null || !schema) return;
  if (schema.$ref === QUANTITY_REF) {
    checkQuantity(value, path, report);
    return;
  }
  const resolved = schema.$ref ? definitions[String(schema.$ref).replace('#/definitions/', '')] : schema;
  if (!resolved) return;
  if (resolved.properties && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      walkQuantities(definitions, resolved.properties[key], child, path ? `${path}.${key}` : key, report);
    }
  } else if (resolved.items && Array.isArray(value)) {
    value.forEach((item, index) => walkQuantities(definitions, resolved.items, item, `${path}[${index}]`, report));
  } else if (typeof resolved.additionalProperties === 'object' && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      walkQuantities(definitions, resolved.additionalProperties, child, `${path}.${key}`, report);
    }
  }
}

function checkQuantity(value: unknown, path: string, report: Report): void {
  const quantity = parseQuantity(value);
  if (!quantity) {
    report('semantic/canonical-quantity', `${path} is ${JSON.stringify(value)}, which is not a Kubernetes quantity`);
    return;
  }
  const canonical = canonicalQuantity(quantity);
  if (String(value) !== canonical) {
    report('semantic/canonical-quantity', `${path} is ${JSON.stringify(value)}; the API server stores it as "${canonical}", write that instead`);
  }
}
