import { k8s } from 'cdk8s-plus-28';

/** How model artifacts given by `versions[].modelUri` are fetched. */
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
