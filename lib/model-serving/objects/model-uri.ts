/**
 * `versions[].modelUri`: where a version's model artifacts come from. Kept apart from the pod parts
 * that fetch them (model-artifacts.ts) so the validation rules, which the models.yaml loader and the
 * CLI run, check a URI without loading the Kubernetes API classes.
 */

/** A parsed `modelUri`, following KServe's storageUri grammar. */
export type ModelUri =
  | { readonly kind: 'download'; readonly uri: string }
  | { readonly kind: 'pvc'; readonly claimName: string; readonly subPath: string };

const DOWNLOAD_URI = /^(s3|gs):\/\/[a-z0-9][a-z0-9._-]{1,220}(\/\S*)?$|^https:\/\/[^\s/]+(\/\S*)?$/;
const PVC_URI = /^pvc:\/\/([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\/(\S*))?$/;

/** Parses a model URI; `undefined` when it is not `s3://`, `gs://`, `https://` or `pvc://<claim>/<path>`. */
export function parseModelUri(uri: string): ModelUri | undefined {
  if (DOWNLOAD_URI.test(uri)) return { kind: 'download', uri };
  const pvc = PVC_URI.exec(uri);
  if (pvc) return { kind: 'pvc', claimName: pvc[1], subPath: (pvc[4] ?? '').replace(/\/+$/, '') };
  return undefined;
}
