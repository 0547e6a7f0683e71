/**
 * Labels and annotations shared by every object the library emits.
 *
 * Selectors are deliberately minimal and frozen (`app.kubernetes.io/name`, plus
 * `app.kubernetes.io/version` for per-version objects): Kubernetes makes a Deployment's
 * selector immutable, so anything derived from a construct path, an image or a hash would
 * turn a harmless refactor into an `field is immutable` apply error.
 */

/** `app.kubernetes.io/*` keys, from the Kubernetes recommended labels. */
export const LabelKeys = {
  NAME: 'app.kubernetes.io/name',
  VERSION: 'app.kubernetes.io/version',
  COMPONENT: 'app.kubernetes.io/component',
  PART_OF: 'app.kubernetes.io/part-of',
  MANAGED_BY: 'app.kubernetes.io/managed-by',
} as const;

/** Annotation keys this library writes. */
export const AnnotationKeys = {
  /** The container image a version runs: visible in `kubectl get -o yaml` without reading the pod spec. */
  IMAGE: 'model-serving.cdk8s.io/image',
  /** The model artifact URI a version loads, when it is not baked into the image. */
  MODEL_URI: 'model-serving.cdk8s.io/model-uri',
} as const;

/** Value of `app.kubernetes.io/managed-by`. */
export const MANAGED_BY = 'cdk8s-model-serving';

/** Value of `app.kubernetes.io/component` for the model server workload and its Services. */
export const COMPONENT = 'model-server';

/** Selector matching every pod of a model, whatever its version. */
export function modelSelector(modelName: string): Record<string, string> {
  return { [LabelKeys.NAME]: modelName };
}

/** Selector matching the pods of one version of a model. */
export function versionSelector(modelName: string, version: string): Record<string, string> {
  return { [LabelKeys.NAME]: modelName, [LabelKeys.VERSION]: version };
}

/** The full label set of a model-wide object (stable Service, Ingress, NetworkPolicy...). */
export function modelLabels(modelName: string, partOf: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...extra,
    [LabelKeys.NAME]: modelName,
    [LabelKeys.COMPONENT]: COMPONENT,
    [LabelKeys.PART_OF]: partOf,
    [LabelKeys.MANAGED_BY]: MANAGED_BY,
  };
}

/** The full label set of a per-version object and of its pods. */
export function versionLabels(modelName: string, version: string, partOf: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...modelLabels(modelName, partOf, extra),
    [LabelKeys.VERSION]: version,
  };
}
