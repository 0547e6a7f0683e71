/**
 * Checks that committed manifests contain nothing a GitOps controller would see as drift.
 *
 * The API server drops empty maps of omitempty fields, rewrites `1000m` to `1`, owns `status`
 * and `creationTimestamp`, and Argo CD owns its tracking annotation and instance label. Any of them
 * in git makes an object OutOfSync forever or churns the diff, so they are reported here instead of
 * being discovered on a cluster. This sorts and rewrites nothing: it only reports.
 */
import { canonicalQuantity, parseQuantity } from '../../../lib/core/quantities';

/** Argo CD's annotation-based tracking id; Argo CD writes it on live objects, git must not. */
export const ARGOCD_TRACKING_ID_ANNOTATION = 'argocd.argoproj.io/tracking-id';
/** Argo CD's default label-based tracking key; in git it would bind objects to the wrong Application. */
export const ARGOCD_INSTANCE_LABEL = 'app.kubernetes.io/instance';

/** Keys whose empty map is meaningful (an emptyDir volume, a selector matching everything). */
const MEANINGFUL_EMPTY_MAPS = new Set(['emptyDir', 'podSelector', 'namespaceSelector']);
/** Maps whose values are resource quantities. */
const QUANTITY_MAPS = new Set(['requests', 'limits', 'capacity', 'hard']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function describe(manifest: any, index: number): string {
  const kind = typeof manifest?.kind === 'string' ? manifest.kind : `manifests[${index}]`;
  const name = typeof manifest?.metadata?.name === 'string' ? manifest.metadata.name : '?';
  return `${kind}/${name}`;
}

function walk(value: Json | undefined, path: string, parentKey: string, problems: string[]): void {
  if (value === null || value === undefined) {
    problems.push(`${path}: null value (omit the field instead)`);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) problems.push(`${path}: empty list (omit the field instead)`);
    value.forEach((item, i) => walk(item, `${path}[${i}]`, parentKey, problems));
    return;
  }
  if (typeof value !== 'object') return;
  const keys = Object.keys(value);
  if (keys.length === 0 && !MEANINGFUL_EMPTY_MAPS.has(parentKey)) {
    problems.push(`${path}: empty map (the API server drops it, so the live object never matches)`);
  }
  for (const key of keys) {
    const child = value[key];
    const childPath = `${path}.${key}`;
    if (QUANTITY_MAPS.has(key) && child !== null && typeof child === 'object' && !Array.isArray(child)) {
      for (const [resource, quantity] of Object.entries(child)) {
        if (typeof quantity === 'string' && parseQuantity(quantity) && canonicalQuantity(quantity) !== quantity) {
          problems.push(`${childPath}.${resource}: quantity "${quantity}" is stored by the API server as "${canonicalQuantity(quantity)}"`);
        }
      }
    }
    walk(child, childPath, key, problems);
  }
}

/** Every hygiene problem of the given manifests, one line each, e.g. `Deployment/iris-v1: .status: ...`. */
export function findManifestProblems(manifests: any[]): string[] {
  const problems: string[] = [];
  manifests.forEach((manifest, index) => {
    const found: string[] = [];
    if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
      problems.push(`manifests[${index}]: not an object`);
      return;
    }
    if ('status' in manifest) found.push('.status: owned by the cluster, never committed');
    const metadata = manifest.metadata ?? {};
    if ('creationTimestamp' in metadata) found.push('.metadata.creationTimestamp: set by the API server, changes on every re-create');
    if (metadata.annotations && ARGOCD_TRACKING_ID_ANNOTATION in metadata.annotations) {
      found.push(`.metadata.annotations["${ARGOCD_TRACKING_ID_ANNOTATION}"]: written by Argo CD on the live object, never in git`);
    }
    if (metadata.labels && ARGOCD_INSTANCE_LABEL in metadata.labels) {
      found.push(`.metadata.labels["${ARGOCD_INSTANCE_LABEL}"]: Argo CD's tracking label, never in git`);
    }
    walk(manifest, '', '', found);
    problems.push(...found.map((p) => `${describe(manifest, index)}: ${p}`));
  });
  return problems;
}

/** Throws listing every problem if any manifest would drift from its live object. */
export function assertCleanManifests(manifests: any[]): void {
  const problems = findManifestProblems(manifests);
  if (problems.length > 0) {
    throw new Error(`${problems.length} manifest hygiene problem(s):\n  ${problems.join('\n  ')}`);
  }
}
