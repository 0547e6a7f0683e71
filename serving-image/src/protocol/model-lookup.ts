/**
 * Maps the {model}/{version} path parameters onto the one model this server serves.
 * The Gateway API routes /v2/models/<m>/versions/<v> to the pods of that version, so a
 * mismatched version is a 404, never a silent answer from a different model version.
 */
import type { FastifyRequest } from 'fastify';
import type { ServerConfig } from '../operations/config';
import type { ServerState } from '../operations/state';
import type { LoadedModel } from '../runtime/model';
import { HttpError, notFound } from './errors';
import { excerpt } from './excerpt';
import type { ModelParams } from './route-types';

/** 404 unless the path names the served model (and, when given, the served version). */
export function checkModelPath(config: ServerConfig, params: ModelParams): void {
  if (params.model !== config.modelName) {
    throw notFound(`model ${excerpt(params.model)} not found; this server serves ${JSON.stringify(config.modelName)}`);
  }
  if (params.version !== undefined && params.version !== config.modelVersion) {
    throw notFound(`model ${excerpt(params.model)} version ${excerpt(params.version)} not found; `
      + `this server serves version ${JSON.stringify(config.modelVersion)}`);
  }
}

/** The served model for a model route: 404 for another model/version, 503 until it has loaded. */
export function loadedModel(config: ServerConfig, state: ServerState, params: ModelParams): LoadedModel {
  checkModelPath(config, params);
  if (!state.model) throw new HttpError(503, `model ${JSON.stringify(config.modelName)} is not loaded yet`, 1);
  return state.model;
}

/** Metric labels for a model route: requested names are only echoed when they are ours (bounded cardinality). */
export function metricModelLabels(config: ServerConfig, request: FastifyRequest): { model: string; version: string } {
  const params = (request.params ?? {}) as Partial<ModelParams>;
  const model = params.model === config.modelName ? config.modelName : 'unknown';
  const version = params.version === undefined || params.version === config.modelVersion ? config.modelVersion : 'unknown';
  return { model, version };
}
