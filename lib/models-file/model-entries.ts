/** The content of models.yaml, and the `ModelServingProps` of a model in an environment. */
import type { ModelServingProps } from '../model-serving/props';
import type { ModelVersionSpec } from '../model-serving/version-spec';
import type { CanaryOptions } from './canary';

/**
 * An environment: one chart, synthesized into dist/<environment>/.
 * @category models.yaml
 */
export interface ModelsFileEnvironment {
  /** Namespace of every object of the environment. */
  readonly namespace: string;
}

/**
 * The settings of a model: every `ModelServingProps` field but `modelName` (the model's key) and `versions`.
 * @category models.yaml
 */
export type ModelSettings = Omit<ModelServingProps, 'modelName' | 'versions'>;

/**
 * A model in one environment: its versions, and settings that replace the model-wide ones of the same name.
 * @category models.yaml
 */
export interface ModelEnvironmentEntry extends ModelSettings {
  /** The versions served in this environment. */
  readonly versions: ModelVersionSpec[];
  /** The canary of this environment, replacing the model-wide one (read by `model-serving advance`, not by synth). */
  readonly canary?: CanaryOptions;
}

/**
 * A model: settings shared by every environment, and its entry in each environment that serves it.
 * @category models.yaml
 */
export interface ModelEntry extends ModelSettings {
  /** The environments that serve the model, by name. */
  readonly environments: Record<string, ModelEnvironmentEntry>;
  /** The canary of every environment that does not set its own (read by `model-serving advance`, not by synth). */
  readonly canary?: CanaryOptions;
}

/**
 * The content of models.yaml.
 * @category models.yaml
 */
export interface ModelsFile {
  /** The environments, by name. */
  readonly environments: Record<string, ModelsFileEnvironment>;
  /** The models, by name. */
  readonly models: Record<string, ModelEntry>;
}

/**
 * The props of `model` in `environment`: the model-wide settings, replaced key by key by the environment's.
 * @param config - a loaded models file (`loadModelsFile`)
 * @param model - the model's name (its key under `models`)
 * @param environment - an environment that serves the model
 * @returns props for `new ModelServing(chart, model, props)`
 * @category models.yaml
 */
export function modelServingProps(config: ModelsFile, model: string, environment: string): ModelServingProps {
  const entry = config.models[model];
  if (!entry) throw new Error(`no model "${model}" in the models file (models: ${Object.keys(config.models).join(', ')})`);
  const own = entry.environments[environment];
  if (!own) throw new Error(`model "${model}" is not served in environment "${environment}" (it is in ${Object.keys(entry.environments).join(', ')})`);
  // `canary` is the CLI's, not a prop of the construct.
  const { environments: _environments, canary: _canary, ...shared } = entry;
  const { canary: _ownCanary, ...settings } = own;
  return { ...shared, ...settings, modelName: model };
}

/**
 * The props of every model served in `environment`, in file order.
 * @param config - a loaded models file (`loadModelsFile`)
 * @param environment - the environment, a key of `environments`
 * @returns one `ModelServingProps` per model that `environment` serves
 * @category models.yaml
 */
export function environmentModels(config: ModelsFile, environment: string): ModelServingProps[] {
  return Object.keys(config.models)
    .filter((model) => config.models[model].environments[environment] !== undefined)
    .map((model) => modelServingProps(config, model, environment));
}
