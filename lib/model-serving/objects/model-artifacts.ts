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
   * Secret with the fetch container's credentials. For `gs://` URIs it holds a service-account key
   * file under `gcsCredentialsKey`, mounted read-only with GOOGLE_APPLICATION_CREDENTIALS set to its
   * path (Google's libraries read a file, not JSON in a variable). For `s3://` and `https://` its keys
   * become the fetch container's environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL, ...).
   * @default - no credentials (public buckets, workload identity)
   */
  readonly credentialsSecretName?: string;
  /**
   * Key of the service-account key file in `credentialsSecretName`, for `gs://` URIs (KServe's name for it).
   * @default "gcloud-application-credentials.json"
   */
  readonly gcsCredentialsKey?: string;
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
/** Default key of the GCS service-account key file in the credentials Secret (KServe's default name). */
export const DEFAULT_GCS_CREDENTIALS_KEY = 'gcloud-application-credentials.json';
/** Where the credentials Secret is mounted in the fetch container for `gs://` URIs. */
export const GCS_CREDENTIALS_DIR = '/var/secrets/model-storage';
const MODEL_VOLUME = 'model';
const CREDENTIALS_VOLUME = 'model-credentials';

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
  const credentials = fetchCredentials(spec.modelUri, spec.options);
  const fetcher: k8s.Container = {
    name: 'model-fetch',
    image: spec.options.fetchImage ?? DEFAULT_FETCH_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    args: [spec.modelUri.uri, mountPath],
    // The root filesystem is read-only and uid 65532 has no home: SDK caches and config go to /tmp.
    env: [{ name: 'HOME', value: '/tmp' }, ...credentials.env],
    ...(credentials.envFrom.length ? { envFrom: credentials.envFrom } : {}),
    resources: spec.resources,
    securityContext: spec.securityContext,
    volumeMounts: [{ name: MODEL_VOLUME, mountPath }, spec.tmpMount, ...credentials.mounts],
  };
  return {
    volumes: [{ name: MODEL_VOLUME, emptyDir: sizeLimit ? { sizeLimit: k8s.Quantity.fromString(sizeLimit) } : {} }, ...credentials.volumes],
    initContainers: [fetcher],
    serverMounts: [{ name: MODEL_VOLUME, mountPath, readOnly: true }],
  };
}

/**
 * How the fetch container gets the credentials Secret. Google's client libraries read
 * GOOGLE_APPLICATION_CREDENTIALS as the path of a key file, so for `gs://` the Secret is mounted
 * (readable by the pod's group only) and the variable names the file; every other scheme reads
 * variables, so the Secret's keys become the environment.
 */
function fetchCredentials(uri: Extract<ModelUri, { kind: 'download' }>, options: ModelStorageOptions): {
  env: k8s.EnvVar[]; envFrom: k8s.EnvFromSource[]; volumes: k8s.Volume[]; mounts: k8s.VolumeMount[];
} {
  const secretName = options.credentialsSecretName;
  if (!secretName) return { env: [], envFrom: [], volumes: [], mounts: [] };
  if (uri.scheme !== 'gs') return { env: [], envFrom: [{ secretRef: { name: secretName } }], volumes: [], mounts: [] };
  const key = options.gcsCredentialsKey ?? DEFAULT_GCS_CREDENTIALS_KEY;
  return {
    env: [{ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: `${GCS_CREDENTIALS_DIR}/${key}` }],
    envFrom: [],
    volumes: [{ name: CREDENTIALS_VOLUME, secret: { secretName, defaultMode: 0o440 } }],
    mounts: [{ name: CREDENTIALS_VOLUME, mountPath: GCS_CREDENTIALS_DIR, readOnly: true }],
  };
}
