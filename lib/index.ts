// The public API of cdk8s-model-serving. Every name exported here is a promise kept across releases,
// so the list is explicit (test/project/public-api.test.ts fails when it changes unnoticed); object
// builders, rules tables and constants stay internal and can change freely.

// The construct, its props and the option types of each prop.
export { ModelServing } from './model-serving/model-serving';
export type { ModelServingProps, ServiceType } from './model-serving/props';
export type { ModelVersionSpec } from './model-serving/version-spec';
export type { ServedVersion } from './model-serving/model-version';
export type { AutoscalingOptions } from './model-serving/objects/autoscaling';
export type { RolloutOptions } from './model-serving/objects/deployment';
export type { DisruptionBudgetOptions } from './model-serving/objects/disruption-budget';
export type { GatewayOptions, GatewayParentRef, MirrorOptions } from './model-serving/objects/gateway';
export type { GrpcOptions } from './model-serving/objects/grpc-route';
export type { IngressOptions } from './model-serving/objects/ingress';
export type { ModelStorageOptions } from './model-serving/objects/model-artifacts';
export type { MonitoringOptions } from './model-serving/objects/monitoring';
export type { PrometheusRuleOptions } from './model-serving/objects/prometheus-rule';
export type { NetworkPolicyOptions } from './model-serving/objects/network-policy';
export type { PlacementOptions, ProbeOptions } from './model-serving/objects/pod-template';
export type { ResourceOptions } from './model-serving/objects/resources';
export type { SecurityOptions } from './model-serving/objects/security';

// Validation: what every construct of the library throws for bad props.
export { ValidationError } from './core/validation/violation';
export type { PropPath, Violation } from './core/validation/violation';

// GitOps delivery: Argo CD, Flux, the committed kustomization.yaml, sync waves.
export { ArgoCdApplication } from './gitops/argocd';
export type { ArgoCdApplicationProps } from './gitops/argocd';
export { ArgoCdApplicationSet } from './gitops/argocd-applicationset';
export type { ArgoCdApplicationSetEnvironment, ArgoCdApplicationSetProps } from './gitops/argocd-applicationset';
export type { ArgoCdCommonProps } from './gitops/argocd-app-spec';
export { FluxGitRepository, FluxKustomization } from './gitops/flux';
export type { FluxGitRepositoryProps, FluxKustomizationProps } from './gitops/flux';
export { writeKustomization } from './gitops/kustomization';
export type { WriteKustomizationOptions } from './gitops/kustomization';
export { applySyncWaves } from './gitops/sync-waves';
export type { SyncWaveAssignment } from './gitops/sync-waves';
export { deploymentsScaledByHpa } from './gitops/hpa-targets';
export { EnvironmentNamespace } from './gitops/namespace';
export type { EnvironmentNamespaceProps, PodSecurityLevel } from './gitops/namespace';

// Synthesis: app.synth()'s files and bytes, faster; and a dist/ that a failed synth never empties.
export { synthFolders } from './synth/synth-folders';
export { publishOutput } from './synth/publish-output';
export type { PublishOutputOptions } from './synth/publish-output';

// models.yaml: the single source of versions, and its loader.
export { loadModelsFile, MODELS_FILE_ENV } from './models-file/loader';
export { environmentModels, modelServingProps } from './models-file/model-entries';
export type { ModelEntry, ModelEnvironmentEntry, ModelSettings, ModelsFile, ModelsFileEnvironment } from './models-file/model-entries';
export { ModelsFileError } from './models-file/errors';
// models.yaml's `canary` (read by `model-serving advance`, not by synth).
export { canaryOf } from './models-file/canary';
export type { CanaryAnalysis, CanaryMetric, CanaryOptions } from './models-file/canary';
