/**
 * `versions[].modelUri`: where a version's model artifacts come from, and what a URI may not be.
 * Kept apart from the pod parts that fetch them (model-artifacts.ts) so the validation rules, which
 * the models.yaml loader and the CLI run, check a URI without loading the Kubernetes API classes.
 */

/** A parsed `modelUri`, following KServe's storageUri grammar. */
export type ModelUri =
  | { readonly kind: 'download'; readonly uri: string; readonly scheme: 's3' | 'gs' | 'https' }
  | { readonly kind: 'pvc'; readonly claimName: string; readonly subPath: string };

const DOWNLOAD_URI = /^(s3|gs):\/\/[a-z0-9][a-z0-9._-]{1,220}(\/\S*)?$|^https:\/\/[^\s/]+(\/\S*)?$/;
const PVC_URI = /^pvc:\/\/([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\/(\S*))?$/;
/** The authority of a URI carries userinfo (`user:password@host`). */
const USERINFO = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i;

/** Parses a valid model URI; `undefined` when `modelUriProblem` would report one. */
export function parseModelUri(uri: string): ModelUri | undefined {
  if (modelUriProblem(uri)) return undefined;
  const pvc = PVC_URI.exec(uri);
  if (pvc) return { kind: 'pvc', claimName: pvc[1], subPath: (pvc[4] ?? '').replace(/\/+$/, '') };
  return { kind: 'download', uri, scheme: uri.slice(0, uri.indexOf(':')) as 's3' | 'gs' | 'https' };
}

/** What a model URI must be, or `undefined` when it is acceptable (completes "modelUri must …"). */
export function modelUriProblem(uri: unknown): string | undefined {
  if (typeof uri !== 'string') return 'be a string';
  if (USERINFO.test(uri)) {
    return 'not carry credentials before the host ("user:password@"): they would be committed to git and shown on the Deployment; '
      + 'put them in the Secret named by modelStorage.credentialsSecretName';
  }
  if (DOWNLOAD_URI.test(uri)) return undefined;
  const pvc = PVC_URI.exec(uri);
  if (!pvc) return 'be an s3://bucket/path, gs://bucket/path, https://host/path or pvc://claim/path URI';
  if ((pvc[4] ?? '').split('/').includes('..')) {
    return 'name a directory inside the claim without ".." segments (the path is mounted as a subPath of the claim, which cannot leave it): '
      + 'write it relative to the claim\'s root, e.g. pvc://claim/iris/1.0.0';
  }
  return undefined;
}

/** A model URI fit for an error message: userinfo replaced, so a password never reaches a log. */
export function redactModelUri(uri: unknown): string {
  return typeof uri === 'string' ? JSON.stringify(uri.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1***@')) : JSON.stringify(uri);
}
