// The public API of cdk8s-model-serving. Internal helpers (object builders, validation tables)
// stay unexported so they can change without a breaking release.

// The model-serving construct and its props.
export { ModelServing } from './model-serving';
export type { ModelServingProps, ServiceType } from './model-serving-props';
export { ModelVersion } from './model-version';
export type { ModelVersionSpec, RolloutOptions } from './model-version';
export type { AutoscalingOptions, DisruptionBudgetOptions } from './autoscaling';
export type { GatewayOptions, GatewayParentRef, MirrorOptions } from './gateway';
export { DEFAULT_VERSION_HEADER, MAX_BACKENDS_PER_RULE, MAX_RULES_PER_ROUTE } from './gateway';
export type { IngressOptions } from './ingress';
export type { ModelStorageOptions, ModelUri } from './model-artifacts';
export { DEFAULT_FETCH_IMAGE, DEFAULT_MODEL_MOUNT_PATH, parseModelUri } from './model-artifacts';
export type { MonitoringOptions } from './monitoring';
export type { PlacementOptions, ProbeOptions } from './pod-template';
export { METRICS_PORT_NAME, SERVING_PORT_NAME } from './pod-template';
export type { ResourceOptions } from './resources';
export { DEFAULT_CPU, DEFAULT_MEMORY } from './resources';
export type { NetworkPolicyOptions, SecurityOptions } from './security';
export { AnnotationKeys, COMPONENT, LabelKeys, MANAGED_BY, versionResourceName } from './labels';
export { canonicalQuantity, formatQuantity, parseQuantity } from './quantities';
export type { ParsedQuantity } from './quantities';
export { validateModelServingProps } from './validation';

// GitOps delivery: Argo CD, Flux, kustomization.yaml, sync waves, manifest hygiene.
export * from './argocd';
export * from './flux';
export * from './kustomization';
export * from './sync-waves';
export * from './hpa-targets';
export * from './manifest-hygiene';

// Synthesis: app.synth()'s folders and bytes, faster.
export { manifestToYaml } from './manifest-yaml';
export { synthFolders } from './synth-folders';

// models.yaml: the single source of versions, and its loader.
export { loadModelsFile, parseModelsDocument, modelServingProps, environmentModels } from './models-file';
export type { ModelsFile, ModelsFileEnvironment, ModelEntry, ModelEnvironmentEntry, ModelSettings, ModelsDocument } from './models-file';
export { ModelsFileError } from './models-file-errors';
export { MODELS_FILE_SCHEMA, MAX_FILE_WEIGHT } from './models-file-schema';
