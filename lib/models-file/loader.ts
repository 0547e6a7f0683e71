/**
 * models.yaml: the declared environments, models and versions, loaded into `ModelServingProps`.
 *
 * The file is checked in three passes, each reporting `file:line:column` of the bad entry: YAML
 * syntax, the JSON Schema (shape, known keys, types), then `ModelServing`'s own rules table on every
 * model in every environment (the same rules synth applies), so a file that loads is a file that
 * synthesizes.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import type { ValidateFunction } from 'ajv';
import type { Document } from 'yaml';
import { PropChecker } from '../core/validation/checker';
import type { PropPath } from '../core/validation/violation';
import { modelServingViolations } from '../model-serving/validation/validate';
import { checkCanary, checkCanaryRouter } from './canary';
import type { ProblemLocator } from './locator';
import { ModelsFile, modelServingProps } from './model-entries';
import { MODELS_FILE_SCHEMA } from './schema';
import { schemaViolation } from './schema-errors';

/** A validated models file, its text, and the YAML document it came from (for edits that keep comments and order). */
export interface ModelsDocument {
  readonly config: ModelsFile;
  readonly document: Document;
  readonly text: string;
}

/**
 * The environment variable in which the `model-serving` CLI names the models file it edited (its
 * `--file`, as an absolute path) when it runs synth, so the app reads that file and not another.
 * @category models.yaml
 */
export const MODELS_FILE_ENV = 'MODEL_SERVING_MODELS_FILE';

/**
 * Reads and validates a models file; throws a `ModelsFileError` listing each problem with its line
 * and column. Under the `model-serving` CLI (`MODELS_FILE_ENV` set), loading any other file than
 * the one the CLI edited is an error: dist/ would silently follow a file nobody changed.
 * @param path - the models.yaml to read
 * @returns its environments and models
 * @category models.yaml
 */
export function loadModelsFile(path: string): ModelsFile {
  const edited = process.env[MODELS_FILE_ENV];
  if (edited !== undefined && edited !== '' && resolve(edited) !== resolve(path)) {
    throw new Error(`loadModelsFile: the model-serving CLI edited ${edited}, but this app loads ${resolve(path)}; `
      + `load process.env.${MODELS_FILE_ENV} when it is set (see the loader documentation), or run the CLI without --file`);
  }
  return readModelsDocument(path).config;
}

/** Reads and validates a models file, keeping its text and document; `shownPath` prefixes the positions. */
export function readModelsDocument(path: string, shownPath = path): ModelsDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${shownPath}: cannot read the models file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseModelsDocument(text, shownPath);
}

/** Validates models-file text; `fileName` prefixes the error positions. */
export function parseModelsDocument(text: string, fileName = 'models.yaml'): ModelsDocument {
  // The yaml package (and the locator built on it) are loaded on first use, like ajv below: apps
  // that only use the constructs do not load a second YAML library next to cdk8s's own.
  const { LineCounter, parseDocument }: typeof import('yaml') = require('yaml');
  const { ProblemLocator: Locator }: typeof import('./locator') = require('./locator');
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems = new Locator(fileName, document, lines);
  // Only the first syntax error: the ones after it are usually its echoes.
  const syntax = document.errors[0];
  if (syntax) problems.atOffset(syntax.pos[0], `invalid YAML: ${syntax.message.split('\n')[0]}`);
  problems.throwIfAny();

  const data = document.toJS({ maxAliasCount: 1000 }) ?? {};
  const validate = schemaValidator();
  if (!validate(data)) {
    for (const error of validate.errors ?? []) {
      const violation = schemaViolation(error);
      if (violation) problems.violation(violation);
    }
  }
  problems.throwIfAny();

  const config = data as ModelsFile;
  checkEnvironmentsDeclared(config, problems);
  problems.throwIfAny();
  checkModels(config, problems);
  checkCanaries(config, problems);
  problems.throwIfAny();
  return { config, document, text };
}

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  // Loaded on first use: apps that only use the constructs do not pay for ajv at start-up.
  const Ajv: typeof import('ajv').default = require('ajv').default;
  compiled ??= new Ajv({ allErrors: true, verbose: true, strict: true }).compile(MODELS_FILE_SCHEMA);
  return compiled;
}

function checkEnvironmentsDeclared(config: ModelsFile, problems: ProblemLocator): void {
  const declared = Object.keys(config.environments);
  for (const [model, entry] of Object.entries(config.models)) {
    for (const environment of Object.keys(entry.environments)) {
      if (declared.includes(environment)) continue;
      problems.violation({
        path: ['models', model, 'environments', environment], key: true, value: environment,
        requirement: `name an environment declared under environments (${declared.join(', ')})`,
      });
    }
  }
}

/**
 * Runs `ModelServing`'s rules on every model in every environment and places each violation at its
 * entry, by its path: in the environment when the environment sets that field, else in the
 * model-wide settings (naming the environment whose combination broke the rule); the model name is
 * the model's key.
 */
function checkModels(config: ModelsFile, problems: ProblemLocator): void {
  for (const [model, entry] of Object.entries(config.models)) {
    for (const environment of Object.keys(entry.environments)) {
      const own = entry.environments[environment];
      for (const violation of modelServingViolations(modelServingProps(config, model, environment))) {
        const [top, ...rest] = violation.path;
        if (top === 'modelName') {
          problems.violation({ ...violation, path: ['models', model], key: true });
          continue;
        }
        const modelWide = typeof top === 'string' && !(top in own) && top in entry;
        const base: PropPath = modelWide ? ['models', model] : ['models', model, 'environments', environment];
        problems.violation({ ...violation, path: [...base, top, ...rest] }, modelWide ? ` (in environment ${environment})` : '');
      }
    }
  }
}

/**
 * Checks every `canary`: its values, and that each environment it applies to has a router that
 * splits exact weights. A model-wide canary is placed at the model (naming the environment whose
 * router breaks it); an environment's own at the environment.
 */
function checkCanaries(config: ModelsFile, problems: ProblemLocator): void {
  for (const [model, entry] of Object.entries(config.models)) {
    if (entry.canary) {
      const c = new PropChecker(['models', model, 'canary']);
      checkCanary(c, entry.canary);
      c.violations.forEach((v) => problems.violation(v));
    }
    for (const [environment, own] of Object.entries(entry.environments)) {
      const canary = own.canary ?? entry.canary;
      if (!canary) continue;
      const path = own.canary ? ['models', model, 'environments', environment, 'canary'] : ['models', model, 'canary'];
      const c = new PropChecker(path);
      if (own.canary) checkCanary(c, own.canary);
      checkCanaryRouter(c, canary, modelServingProps(config, model, environment));
      c.violations.forEach((v) => problems.violation(v, own.canary ? '' : ` (in environment ${environment})`));
    }
  }
}
