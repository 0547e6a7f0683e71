/**
 * JSON Schema (draft-07, checked by ajv) of models.yaml. It checks the file's shape: known keys
 * only (a typo such as `nginxcanary` is an error, not a silently ignored setting), types, and the
 * fields the release CLI writes (versions, images, weights). The finer rules of each setting
 * (quantities, host names, which router can split which weights) are `ModelServing`'s own
 * validation, which the loader runs next; both report the line of the bad entry.
 *
 * A `description` on a `pattern` is the requirement shown in the error instead of the regex.
 */
import { DNS_1035_LABEL, DNS_1123_LABEL, IMAGE_REFERENCE, LABEL_VALUE } from '../core/validation/checker';

type Schema = Record<string, unknown>;

/** Highest weight in models.yaml: the CLI keeps an environment's weights summing to 100, so they read as percent. */
export const MAX_FILE_WEIGHT = 100;

const str: Schema = { type: 'string', minLength: 1 };
const bool: Schema = { type: 'boolean' };
const int = (minimum: number, maximum: number): Schema => ({ type: 'integer', minimum, maximum });
const pattern = (regex: RegExp, description: string): Schema => ({ type: 'string', pattern: regex.source, description });
const stringMap: Schema = { type: 'object', additionalProperties: { type: 'string' } };
const stringList: Schema = { type: 'array', items: str };

/** A closed object: every key known, `required` ones present. */
function object(properties: Record<string, Schema>, required: string[] = []): Schema {
  return { type: 'object', properties, required, additionalProperties: false };
}

const resources = object({ cpu: str, memory: str, cpuLimit: str, memoryLimit: str, gpu: int(0, 64) });

/** One version in one environment. */
const version = object({
  version: pattern(LABEL_VALUE, 'a version such as "1.1.0" (letters, digits, ".", "-", "_"; at most 63 characters)'),
  image: pattern(IMAGE_REFERENCE, 'an image reference such as "ghcr.io/org/server:1.0.0" or "repo@sha256:<digest>"'),
  weight: int(0, MAX_FILE_WEIGHT),
  replicas: int(0, 1000),
  modelUri: str,
  resources,
  env: stringMap,
}, ['version', 'image']);

/** Every `ModelServingProps` setting except `modelName` (the model's key) and `versions`. */
const settings: Record<string, Schema> = {
  port: int(1, 65535),
  metricsPort: int(1, 65535),
  servicePort: int(1, 65535),
  serviceType: { enum: ['ClusterIP', 'LoadBalancer', 'NodePort'] },
  resources,
  ingress: object({ host: str, path: str, tlsSecretName: str, className: str, annotations: stringMap, nginxCanary: bool }, ['host']),
  gateway: object({
    parentRefs: { type: 'array', minItems: 1, items: object({ name: str, namespace: str, sectionName: str }, ['name']) },
    hostnames: stringList,
    versionHeader: str,
  }, ['parentRefs']),
  mirror: object({ version: str, percent: int(1, 100) }, ['version']),
  autoscaling: object({
    minReplicas: int(1, 1000),
    maxReplicas: int(1, 1000),
    targetCpuUtilizationPercent: int(1, 100),
    targetMemoryUtilizationPercent: int(1, 100),
    scaleDownStabilizationSeconds: int(0, 3600),
  }, ['maxReplicas']),
  disruptionBudget: object({ enabled: bool, maxUnavailable: int(1, 1000) }),
  rollout: object({
    maxSurge: int(0, 100), maxUnavailable: int(0, 100), minReadySeconds: int(0, 3600),
    progressDeadlineSeconds: int(1, 86400), revisionHistoryLimit: int(0, 100),
  }),
  probes: object({ readinessPath: str, livenessPath: str, startupTimeoutSeconds: int(5, 86400) }),
  drainDelaySeconds: int(0, 300),
  requestTimeoutSeconds: int(1, 3600),
  security: object({ runAsUser: int(1, 2147483647), runAsGroup: int(0, 2147483647), readOnlyRootFilesystem: bool, serviceAccountName: str }),
  networkPolicy: object({ enabled: bool, routerNamespaces: stringList, prometheusNamespace: str }),
  placement: object({
    nodeSelector: stringMap,
    tolerations: {
      type: 'array',
      items: object({ key: str, operator: { enum: ['Exists', 'Equal'] }, value: { type: 'string' }, effect: { enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] }, tolerationSeconds: { type: 'integer' } }),
    },
    runtimeClassName: str,
    spreadAcrossZones: bool,
    imagePullSecrets: stringList,
    priorityClassName: str,
  }),
  modelStorage: object({ fetchImage: str, credentialsSecretName: str, mountPath: str, sizeLimit: str }),
  monitoring: object({ scrapeAnnotations: bool, serviceMonitor: bool, interval: str }),
  env: stringMap,
  allowMutableImageTags: bool,
  partOf: str,
  labels: stringMap,
};

const environmentName = pattern(DNS_1123_LABEL, 'an environment name (lowercase letters, digits and "-"; it names the dist/<environment>/ folder)');

/** A model in one environment: its settings and its versions. */
const modelEnvironment = object({
  ...settings,
  versions: { type: 'array', minItems: 1, items: version },
}, ['versions']);

/** The schema of the whole file. */
export const MODELS_FILE_SCHEMA: Schema = object({
  environments: {
    type: 'object',
    minProperties: 1,
    propertyNames: environmentName,
    additionalProperties: object({ namespace: pattern(DNS_1123_LABEL, 'a namespace name (DNS-1123 label)') }, ['namespace']),
  },
  models: {
    type: 'object',
    minProperties: 1,
    propertyNames: pattern(DNS_1035_LABEL, 'a model name (DNS-1035 label: lowercase letters, digits and "-", starting with a letter)'),
    additionalProperties: object({
      ...settings,
      environments: { type: 'object', minProperties: 1, propertyNames: environmentName, additionalProperties: modelEnvironment },
    }, ['environments']),
  },
}, ['environments', 'models']);
