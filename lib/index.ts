// The public API of cdk8s-model-serving. Internal helpers (object builders, validation tables)
// stay unexported so they can change without a breaking release.

// The model-serving construct and its props.
export { ModelServing } from './model-serving/model-serving';
export type { ModelServingProps, ServiceType } from './model-serving/props';
export { ModelVersion } from './model-serving/model-version';
export type { ModelVersionSpec, RolloutOptions } from './model-serving/model-version';
export type { AutoscalingOptions, DisruptionBudgetOptions } from './model-serving/objects/autoscaling';
export type { GatewayOptions, GatewayParentRef, MirrorOptions } from './model-serving/objects/gateway';
export { DEFAULT_VERSION_HEADER, MAX_BACKENDS_PER_RULE, MAX_RULES_PER_ROUTE } from './model-serving/objects/gateway';
export type { IngressOptions } from './model-serving/objects/ingress';
export type { ModelStorageOptions, ModelUri } from './model-serving/objects/model-artifacts';
export { DEFAULT_FETCH_IMAGE, DEFAULT_MODEL_MOUNT_PATH, parseModelUri } from './model-serving/objects/model-artifacts';
export type { MonitoringOptions } from './model-serving/objects/monitoring';
export type { PlacementOptions, ProbeOptions } from './model-serving/objects/pod-template';
export { METRICS_PORT_NAME, SERVING_PORT_NAME } from './model-serving/objects/pod-template';
export type { ResourceOptions } from './model-serving/objects/resources';
export { DEFAULT_CPU, DEFAULT_MEMORY } from './model-serving/objects/resources';
export type { NetworkPolicyOptions, SecurityOptions } from './model-serving/objects/security';
export { AnnotationKeys, COMPONENT, LabelKeys, MANAGED_BY, versionResourceName } from './core/labels';
export { canonicalQuantity, formatQuantity, parseQuantity } from './core/quantities';
export type { ParsedQuantity } from './core/quantities';
export { validateModelServingProps } from './model-serving/validation/rules';

// GitOps delivery: Argo CD, Flux, kustomization.yaml, sync waves, manifest hygiene.
export * from './gitops/argocd';
export * from './gitops/flux';
export * from './gitops/kustomization';
export * from './gitops/sync-waves';
export * from './gitops/hpa-targets';

// Synthesis: app.synth()'s folders and bytes, faster.
export { manifestToYaml } from './synth/manifest-yaml';
export { synthFolders } from './synth/synth-folders';

// models.yaml: the single source of versions, and its loader.
export { loadModelsFile, parseModelsDocument, modelServingProps, environmentModels } from './models-file/loader';
export type { ModelsFile, ModelsFileEnvironment, ModelEntry, ModelEnvironmentEntry, ModelSettings, ModelsDocument } from './models-file/loader';
export { ModelsFileError } from './models-file/locator';
export { MODELS_FILE_SCHEMA, MAX_FILE_WEIGHT } from './models-file/schema';
