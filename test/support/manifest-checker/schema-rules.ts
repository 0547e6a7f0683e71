/** Rule family `schema/*`: every object must validate against the closed Kubernetes 1.28 or vendored CRD schema. */
import type { ErrorObject } from 'ajv';
import { K8sObject, Violation, violationsFor } from './types';
import { validatorFor } from './schema-registry';

export function checkSchema(obj: K8sObject): Violation[] {
  const violation = violationsFor(obj);
  const { apiVersion, kind } = obj ?? {};
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return [violation('schema/unknown-kind', `apiVersion (${JSON.stringify(apiVersion)}) and kind (${JSON.stringify(kind)}) must both be strings`)];
  }
  const validate = validatorFor(apiVersion, kind);
  if (!validate) {
    return [violation('schema/unknown-kind', `${apiVersion} ${kind} is neither a Kubernetes 1.28 kind nor one of the vendored CRDs in imports/crds`)];
  }
  if (validate(obj)) return [];
  const messages = new Set((validate.errors ?? []).filter(isUseful).map((e) => describe(e, obj)));
  return [...messages].map((message) => violation('schema/strict', message));
}

// With allErrors, a failed oneOf (IntOrString, Quantity) also reports each branch's type error; the summary
// "must match exactly one schema in oneOf" plus the value is the readable part.
function isUseful(error: ErrorObject): boolean {
  return !(error.keyword === 'type' && /\/(oneOf|anyOf)\/\d+\/type$/.test(error.schemaPath));
}

function describe(error: ErrorObject, obj: K8sObject): string {
  const where = error.instancePath === '' ? '(root)' : pointerToPath(error.instancePath);
  const params = error.params as Record<string, any>;
  const value = truncate(JSON.stringify(valueAt(obj, error.instancePath)));
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where}: unknown field "${params.additionalProperty}"`;
    case 'required':
      return `${where}: missing required field "${params.missingProperty}"`;
    case 'enum':
      return `${where}: ${value} is not one of ${JSON.stringify(params.allowedValues)}`;
    case 'oneOf':
      // The only oneOf schemas in the Kubernetes definitions are IntOrString and Quantity.
      if (error.schemaPath.includes('intstr.IntOrString')) return `${where}: must be an integer or a string (value ${value})`;
      if (error.schemaPath.includes('resource.Quantity')) return `${where}: must be a quantity string or a number (value ${value})`;
      return `${where}: ${error.message} (value ${value})`;
    default:
      return `${where}: ${error.message} (value ${value})`;
  }
}

function valueAt(obj: K8sObject, pointer: string): unknown {
  let value: any = obj;
  for (const segment of pointer.split('/').slice(1)) {
    value = value?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}

function truncate(text: string | undefined): string {
  if (text === undefined) return 'undefined';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** `/spec/template/spec/containers/0/ports` → `spec.template.spec.containers[0].ports`. */
function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, segment) => (/^\d+$/.test(segment) ? `${acc}[${segment}]` : acc ? `${acc}.${segment}` : segment), '');
}
