/** Shared types of the manifest checker. */

/** A plain Kubernetes object as synthesized by cdk8s (Testing.synth) or parsed from dist/ YAML. */
export type K8sObject = Record<string, any>;

/** One broken rule on one object. `rule` is a stable id listed in README.md, so tests can assert on it. */
export interface Violation {
  /** `Kind/namespace/name` (or `Kind/name` for cluster-scoped or namespace-less objects). */
  readonly object: string;
  readonly rule: string;
  readonly message: string;
}

/** `Kind/namespace/name`, the way violations and error messages name an object. */
export function objectId(obj: K8sObject): string {
  const kind = typeof obj?.kind === 'string' ? obj.kind : '<no kind>';
  const name = typeof obj?.metadata?.name === 'string' ? obj.metadata.name : '<no name>';
  const ns = obj?.metadata?.namespace;
  return typeof ns === 'string' && ns !== '' ? `${kind}/${ns}/${name}` : `${kind}/${name}`;
}

/** API group of an object ('' for the core group), from its apiVersion. */
export function apiGroup(obj: K8sObject): string {
  const apiVersion = String(obj?.apiVersion ?? '');
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** Helper that builds violations for one object. */
export function violationsFor(obj: K8sObject): (rule: string, message: string) => Violation {
  const object = objectId(obj);
  return (rule, message) => ({ object, rule, message });
}
