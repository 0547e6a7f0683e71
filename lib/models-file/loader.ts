/**
 * models.yaml: the declared environments, models and versions, loaded into `ModelServingProps`.
 *
 * The file is checked in three passes, each reporting `file:line:column` of the bad entry: YAML
 * syntax, the JSON Schema (shape, known keys, types), then `ModelServing`'s own validation of
 * every model in every environment (the same rules synth applies), so a file that loads is a
 * file that synthesizes.
 */
import { readFileSync } from 'fs';
import type { ValidateFunction } from 'ajv';
import { Document, LineCounter, parseDocument } from 'yaml';
import { ModelServingProps } from '../model-serving/props';
import { ModelVersionSpec } from '../model-serving/model-version';
import { FieldPath, formatPath, parseFieldPath, ProblemLocator } from './locator';
import { MODELS_FILE_SCHEMA } from './schema';
import { validateModelServingProps } from '../model-serving/validation/rules';

/** An environment: one chart, synthesized into dist/<environment>/. */
export interface ModelsFileEnvironment {
  /** Namespace of every object of the environment. */
  readonly namespace: string;
}

/** The settings of a model: every `ModelServingProps` field but `modelName` (the model's key) and `versions`. */
export type ModelSettings = Omit<ModelServingProps, 'modelName' | 'versions'>;

/** A model in one environment: its versions, and settings that replace the model-wide ones of the same name. */
export interface ModelEnvironmentEntry extends ModelSettings {
  readonly versions: ModelVersionSpec[];
}

/** A model: settings shared by every environment, and its entry in each environment that serves it. */
export interface ModelEntry extends ModelSettings {
  readonly environments: Record<string, ModelEnvironmentEntry>;
}

/** The content of models.yaml. */
export interface ModelsFile {
  readonly environments: Record<string, ModelsFileEnvironment>;
  readonly models: Record<string, ModelEntry>;
}

/** A validated models file and the YAML document it came from (for edits that keep comments and order). */
export interface ModelsDocument {
  readonly config: ModelsFile;
  readonly document: Document;
}

/** Reads and validates a models file; throws a `ModelsFileError` listing each problem with its line and column. */
export function loadModelsFile(path: string): ModelsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: cannot read the models file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseModelsDocument(text, path).config;
}

/** Validates models-file text; `fileName` prefixes the error positions. */
export function parseModelsDocument(text: string, fileName = 'models.yaml'): ModelsDocument {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems = new ProblemLocator(fileName, document, lines);
  // Only the first syntax error: the ones after it are usually its echoes.
  const syntax = document.errors[0];
  if (syntax) problems.atOffset(syntax.pos[0], `invalid YAML: ${syntax.message.split('\n')[0]}`);
  problems.throwIfAny();

  const data = document.toJS({ maxAliasCount: 1000 }) ?? {};
  const validate = schemaValidator();
  if (!validate(data)) for (const error of validate.errors ?? []) problems.schemaError(error);
  problems.throwIfAny();

  const config = data as ModelsFile;
  checkEnvironmentsDeclared(config, problems);
  problems.throwIfAny();
  checkModels(config, problems);
  problems.throwIfAny();
  return { config, document };
}

/** The props of `model` in `environment`: the model-wide settings, replaced key by key by the environment's. */
export function modelServingProps(config: ModelsFile, model: string, environment: string): ModelServingProps {
  const entry = config.models[model];
  if (!entry) throw new Error(`no model "${model}" in the models file (models: ${Object.keys(config.models).join(', ')})`);
  const own = entry.environments[environment];
  if (!own) throw new Error(`model "${model}" is not served in environment "${environment}" (it is in ${Object.keys(entry.environments).join(', ')})`);
  const { environments: _environments, ...shared } = entry;
  return { ...shared, ...own, modelName: model };
}

/** The props of every model served in `environment`, in file order. */
export function environmentModels(config: ModelsFile, environment: string): ModelServingProps[] {
  return Object.keys(config.models)
    .filter((model) => config.models[model].environments[environment] !== undefined)
    .map((model) => modelServingProps(config, model, environment));
}

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  // Loaded on first use: apps that only use the constructs do not pay for ajv at start-up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv: typeof import('ajv').default = require('ajv').default;
  compiled ??= new Ajv({ allErrors: true, verbose: true, strict: true }).compile(MODELS_FILE_SCHEMA);
  return compiled;
}

function checkEnvironmentsDeclared(config: ModelsFile, problems: ProblemLocator): void {
  const declared = Object.keys(config.environments);
  for (const [model, entry] of Object.entries(config.models)) {
    for (const environment of Object.keys(entry.environments)) {
      if (declared.includes(environment)) continue;
      const path = ['models', model, 'environments', environment];
      problems.at(path, `${formatPath(path)}: the key must name an environment declared under environments (${declared.join(', ')})`, true);
    }
  }
}

/**
 * Runs `ModelServing`'s validation on every model in every environment and places each violation
 * (`ModelServing "iris": versions[1].weight must ...`) at its entry: in the environment when the
 * environment sets that field, else in the model-wide settings.
 */
function checkModels(config: ModelsFile, problems: ProblemLocator): void {
  for (const [model, entry] of Object.entries(config.models)) {
    for (const environment of Object.keys(entry.environments)) {
      try {
        validateModelServingProps(`ModelServing "${model}"`, modelServingProps(config, model, environment));
      } catch (error) {
        const environmentPath: FieldPath = ['models', model, 'environments', environment];
        for (const line of (error as Error).message.split('\n')) {
          const detail = line.replace(/^ModelServing "[^"]*": /, '');
          const field = parseFieldPath(/^[^\s:]+/.exec(detail)?.[0] ?? '');
          const top = field[0];
          const modelWide = typeof top === 'string' && !(top in entry.environments[environment]) && top in entry;
          const base: FieldPath = modelWide ? ['models', model] : environmentPath;
          problems.at([...base, ...field], `${formatPath(base)}${detail.startsWith('[') ? '' : '.'}${detail}${modelWide ? ` (in environment ${environment})` : ''}`);
        }
      }
    }
  }
}
