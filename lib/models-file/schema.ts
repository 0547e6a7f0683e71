/**
 * JSON Schema (draft-07, checked by ajv) of models.yaml: the file's shape — known keys only (a typo
 * such as `nginxcanary` is an error, not a silently ignored setting) and the type of every value.
 * What a value must satisfy (ranges, names, quantities, which router can split which weights) is
 * `ModelServing`'s own rules table, which the loader runs next; the schema does not repeat it.
 *
 * The schema is typed against the props (`SchemaOf`): adding a prop to `ModelServingProps` or one
 * of its option types without adding it here fails to compile.
 */
import { DNS_1123_LABEL, ENV_NAME } from '../core/validation/patterns';
import type { AutoscalingOptions } from '../model-serving/objects/autoscaling';
import type { RolloutOptions } from '../model-serving/objects/deployment';
import type { DisruptionBudgetOptions } from '../model-serving/objects/disruption-budget';
import type { GatewayOptions, GatewayParentRef, MirrorOptions } from '../model-serving/objects/gateway';
import type { GrpcOptions } from '../model-serving/objects/grpc-route';
import type { IngressOptions } from '../model-serving/objects/ingress';
import type { ModelStorageOptions } from '../model-serving/objects/model-artifacts';
import type { MonitoringOptions } from '../model-serving/objects/monitoring';
import type { NetworkPolicyOptions } from '../model-serving/objects/network-policy';
import type { PlacementOptions, ProbeOptions } from '../model-serving/objects/pod-template';
import type { PrometheusRuleOptions } from '../model-serving/objects/prometheus-rule';
import type { ResourceOptions } from '../model-serving/objects/resources';
import type { SecurityOptions } from '../model-serving/objects/security';
import type { ModelServingProps } from '../model-serving/props';
import type { ModelVersionSpec } from '../model-serving/version-spec';
import type { CanaryAnalysis, CanaryMetric, CanaryOptions } from './canary';

type Schema = Record<string, unknown>;
/** A schema for every key of `T`, required or optional: a key missing here is a compile error. */
type SchemaOf<T> = { readonly [K in keyof Required<T>]: Schema };

/** Highest weight in models.yaml: the CLI keeps an environment's weights summing to 100, so they read as percent. */
export const MAX_FILE_WEIGHT = 100;

const str: Schema = { type: 'string' };
const bool: Schema = { type: 'boolean' };
const int: Schema = { type: 'integer' };
const num: Schema = { type: 'number' };
const stringMap: Schema = { type: 'object', additionalProperties: { type: 'string' } };
const stringList: Schema = { type: 'array', items: str };
const list = (items: Schema): Schema => ({ type: 'array', items });
const envMap: Schema = {
  type: 'object',
  propertyNames: { type: 'string', pattern: ENV_NAME.source, description: 'an environment variable name (letters, digits, "_", not starting with a digit)' },
  additionalProperties: { type: 'string' },
};

/** A closed object: every key known, `required` ones present. */
function object<T>(properties: SchemaOf<T>, required: (keyof T & string)[] = []): Schema {
  return { type: 'object', properties, required, additionalProperties: false };
}

const parentRefList: Schema = { type: 'array', minItems: 1, items: object<GatewayParentRef>({ name: str, namespace: str, sectionName: str }, ['name']) };

const resources = object<ResourceOptions>({ cpu: str, memory: str, cpuLimit: str, memoryLimit: str, gpu: int });

/** One version in one environment. */
const version = object<ModelVersionSpec>({
  version: str,
  image: str,
  weight: { type: 'integer', minimum: 0, maximum: MAX_FILE_WEIGHT },
  replicas: int,
  modelUri: str,
  darkLaunch: bool,
  resources,
  env: envMap,
}, ['version', 'image']);

const toleration: Schema = {
  type: 'object',
  properties: {
    key: str, operator: { enum: ['Exists', 'Equal'] }, value: str,
    effect: { enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] }, tolerationSeconds: int,
  },
  additionalProperties: false,
};

/** The settings of a model: every `ModelServingProps` field but `modelName` (the model's key) and `versions`. */
type Settings = Omit<ModelServingProps, 'modelName' | 'versions'>;

const settings: SchemaOf<Settings> = {
  port: int,
  metricsPort: int,
  servicePort: int,
  serviceType: { enum: ['ClusterIP', 'LoadBalancer', 'NodePort'] },
  resources,
  ingress: object<IngressOptions>({ host: str, path: str, tlsSecretName: str, className: str, annotations: stringMap, nginxCanary: bool }, ['host']),
  gateway: object<GatewayOptions>({ parentRefs: parentRefList, hostnames: stringList, versionHeader: str }, ['parentRefs']),
  grpc: object<GrpcOptions>({ port: int, parentRefs: parentRefList, hostnames: stringList, extraPublicMethods: stringList }),
  extraPublicPaths: stringList,
  mirror: object<MirrorOptions>({ version: str, percent: int }, ['version']),
  autoscaling: object<AutoscalingOptions>({
    minReplicas: int, maxReplicas: int, targetCpuUtilizationPercent: int, targetMemoryUtilizationPercent: int, scaleDownStabilizationSeconds: int,
  }, ['maxReplicas']),
  disruptionBudget: object<DisruptionBudgetOptions>({ enabled: bool, maxUnavailable: int }),
  rollout: object<RolloutOptions>({ maxSurge: int, maxUnavailable: int, minReadySeconds: int, progressDeadlineSeconds: int, revisionHistoryLimit: int }),
  probes: object<ProbeOptions>({ readinessPath: str, livenessPath: str, startupTimeoutSeconds: int }),
  drainDelaySeconds: int,
  requestTimeoutSeconds: int,
  security: object<SecurityOptions>({ runAsUser: int, runAsGroup: int, readOnlyRootFilesystem: bool, serviceAccountName: str }),
  networkPolicy: object<NetworkPolicyOptions>({ enabled: bool, routerNamespaces: stringList, routerCidrs: stringList, prometheusNamespace: str }),
  placement: object<PlacementOptions>({
    nodeSelector: stringMap, tolerations: list(toleration), runtimeClassName: str, spreadAcrossZones: bool, imagePullSecrets: stringList, priorityClassName: str,
  }),
  modelStorage: object<ModelStorageOptions>({ fetchImage: str, credentialsSecretName: str, gcsCredentialsKey: str, mountPath: str, sizeLimit: str }),
  monitoring: object<MonitoringOptions>({
    scrapeAnnotations: bool, serviceMonitor: bool, interval: str,
    prometheusRule: object<PrometheusRuleOptions>({ window: str, for: str, maxErrorRatio: num, maxLatencySeconds: num, minRequests: int, severity: str }),
  }),
  env: envMap,
  allowMutableImageTags: bool,
  syncWaves: bool,
  partOf: str,
  labels: stringMap,
};

const environmentName = {
  type: 'string',
  pattern: DNS_1123_LABEL.source,
  description: 'an environment name (lowercase letters, digits and "-"; it names the dist/<environment>/ folder)',
};

/** `canary` (not a prop: read by `model-serving advance`), its values checked by lib/models-file/canary.ts. */
const canary = object<CanaryOptions>({
  steps: { type: 'array', minItems: 1, items: int },
  analysis: object<CanaryAnalysis>({
    prometheusUrl: str,
    window: str,
    metrics: { type: 'array', minItems: 1, items: object<CanaryMetric>({ name: str, query: str, min: num, max: num }, ['name', 'query']) },
  }),
}, ['steps']);

/** A model in one environment: its settings and its versions. */
const modelEnvironment: Schema = {
  type: 'object',
  properties: { ...settings, canary, versions: { type: 'array', minItems: 1, items: version } },
  required: ['versions'],
  additionalProperties: false,
};

/** The schema of the whole file. */
export const MODELS_FILE_SCHEMA: Schema = {
  type: 'object',
  properties: {
    environments: {
      type: 'object',
      minProperties: 1,
      propertyNames: environmentName,
      additionalProperties: {
        type: 'object',
        properties: { namespace: { type: 'string', pattern: DNS_1123_LABEL.source, description: 'a namespace name (DNS-1123 label)' } },
        required: ['namespace'],
        additionalProperties: false,
      },
    },
    models: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        type: 'object',
        properties: {
          ...settings,
          canary,
          environments: { type: 'object', minProperties: 1, propertyNames: environmentName, additionalProperties: modelEnvironment },
        },
        required: ['environments'],
        additionalProperties: false,
      },
    },
  },
  required: ['environments', 'models'],
  additionalProperties: false,
};
