import { k8s } from '../../core/k8s';
import type { ModelUri } from './model-uri';

/**
 * How model artifacts given by `versions[].modelUri` are fetched.
 * @category Construct options
 */
export interface ModelStorageOptions {
  /**
   * Image of the init container that downloads `s3://`, `gs://` and `https://` URIs. It is called
   * as `<image> <uri> <mountPath>`, the contract of KServe's storage-initializer.
   * @default "kserve/storage-initializer:v0.15.2"
   */
  readonly fetchImage?: string;
  /**
   * Secret whose keys become the fetch container's environment (e.g. AWS_ACCESS_KEY_ID,
   * AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL, GOOGLE_APPLICATION_CREDENTIALS).
   * @default - no credentials (public buckets, workload identity)
   */
  readonly credentialsSecretName?: string;
  /**
   * Directory where the model appears in the server container (passed as MODEL_DIR).
   * @default "/mnt/models"
   */
  readonly mountPath?: string;
  /**
   * Size limit of the emptyDir that holds a downloaded model.
   * @default - no limit (the node's ephemeral storage)
   */
  readonly sizeLimit?: string;
}

/** The pod-spec additions that make a model available at `mountPath`. */
export interface ModelArtifactPodParts {
  readonly volumes: k8s.Volume[];
  readonly initContainers: k8s.Container[];
  readonly serverMounts: k8s.VolumeMount[];
}

/** Inputs to build the model-fetch parts of a pod. */
export interface ModelArtifactSpec {
  readonly modelUri: ModelUri;
  readonly options: ModelStorageOptions;
  /** Security context, resources and the /tmp mount shared with the server container. */
  readonly securityContext: k8s.SecurityContext;
  readonly resources: k8s.ResourceRequirements;
  readonly tmpMount: k8s.VolumeMount;
}

/** Default directory of a fetched or mounted model in the server container. */
export const DEFAULT_MODEL_MOUNT_PATH = '/mnt/models';
/** Default fetch image (KServe's storage-initializer, which understands s3/gs/https URIs). */
export const DEFAULT_FETCH_IMAGE = 'kserve/storage-initializer:v0.15.2';
const MODEL_VOLUME = 'model';

/**
 * A `pvc://` URI mounts the claim read-only (no copy, no init container); any other URI is
 * downloaded by an init container into an emptyDir, which the server mounts read-only.
 */
export function modelArtifactPodParts(spec: ModelArtifactSpec): ModelArtifactPodParts {
  const mountPath = spec.options.mountPath ?? DEFAULT_MODEL_MOUNT_PATH;
  if (spec.modelUri.kind === 'pvc') {
    return {
      volumes: [{ name: MODEL_VOLUME, persistentVolumeClaim: { claimName: spec.modelUri.claimName, readOnly: true } }],
      initContainers: [],
      serverMounts: [{ name: MODEL_VOLUME, mountPath, readOnly: true, ...(spec.modelUri.subPath ? { subPath: spec.modelUri.subPath } : {}) }],
    };
  }
  const sizeLimit = spec.options.sizeLimit;
  const fetcher: k8s.Container = {
    name: 'model-fetch',
    image: spec.options.fetchImage ?? DEFAULT_FETCH_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    args: [spec.modelUri.uri, mountPath],
    // The root filesystem is read-only and uid 65532 has no home: SDK caches and config go to /tmp.
    env: [{ name: 'HOME', value: '/tmp' }],
    ...(spec.options.credentialsSecretName ? { envFrom: [{ secretRef: { name: spec.options.credentialsSecretName } }] } : {}),
    resources: spec.resources,
    securityContext: spec.securityContext,
    volumeMounts: [{ name: MODEL_VOLUME, mountPath }, spec.tmpMount],
  };
  return {
    volumes: [{ name: MODEL_VOLUME, emptyDir: sizeLimit ? { sizeLimit: k8s.Quantity.fromString(sizeLimit) } : {} }],
    initContainers: [fetcher],
    serverMounts: [{ name: MODEL_VOLUME, mountPath, readOnly: true }],
  };
}
