/**
 * One CLI run's view of models.yaml: the validated content for reading, the YAML Document for
 * edits (so comments, key order and formatting of untouched entries survive), and the edited text,
 * which is only accepted when it passes the same validation as synth (./edit writes it).
 */
import { resolve } from 'path';
import { Document } from 'yaml';
import type { ModelVersionSpec } from '../model-serving/version-spec';
import { ModelsFileError } from '../models-file/errors';
import { ModelsDocument, parseModelsDocument, readModelsDocument } from '../models-file/loader';
import type { ModelEntry, ModelsFile } from '../models-file/model-entries';
import { shownPath } from './project';
import { declaredWeights, VersionWeight } from './weights';

export class ModelsSession {
  /** Opens and validates the models file; a broken file is an error before any edit. */
  public static open(file: string): ModelsSession {
    const path = resolve(file);
    const shown = shownPath(path);
    let read: ModelsDocument;
    try {
      read = readModelsDocument(path, shown);
    } catch (error) {
      if (error instanceof ModelsFileError) throw error;
      throw new Error(`${(error as Error).message}; pass --file <path>`);
    }
    return new ModelsSession(path, shown, read.text, read.config, read.document);
  }

  private constructor(
    /** Absolute path of the file. */
    public readonly path: string,
    /** The path as shown in messages (relative to the working directory). */
    public readonly shownPath: string,
    /** The file's text as read. */
    public readonly originalText: string,
    public readonly config: ModelsFile,
    private readonly document: Document,
  ) {}

  /** Edits made to the document; without any, the file is left as it is (the YAML library may re-format untouched text). */
  private edits = 0;

  /** The model's entry; an unknown name is an error listing the known ones. */
  public model(name: string): ModelEntry {
    const entry = this.config.models[name];
    if (!entry) throw new Error(`unknown model "${name}" (${this.shownPath} declares: ${Object.keys(this.config.models).join(', ')})`);
    return entry;
  }

  /**
   * The environments a command acts on: those asked for with --env (each must serve the model),
   * or by default every environment that serves the model (and, with `version`, that has it).
   */
  public environments(model: string, requested: string[], version?: string): string[] {
    const serving = Object.keys(this.model(model).environments);
    if (requested.length > 0) {
      for (const env of requested) {
        if (!serving.includes(env)) throw new Error(`model "${model}" is not served in environment "${env}" (it is in: ${serving.join(', ')})`);
      }
      return serving.filter((env) => requested.includes(env));
    }
    if (version === undefined) return serving;
    const withVersion = serving.filter((env) => this.versions(model, env).some((v) => v.version === version));
    if (withVersion.length === 0) throw new Error(this.unknownVersion(model, version));
    return withVersion;
  }

  /** The versions of a model in an environment, as declared. */
  public versions(model: string, env: string): ModelVersionSpec[] {
    return this.model(model).environments[env].versions;
  }

  /** The weights of a model in an environment (an unweighted single version has 100). */
  public weights(model: string, env: string): VersionWeight[] {
    return declaredWeights(this.versions(model, env));
  }

  /** The index of `version` in an environment; an error naming the known versions when absent. */
  public versionIndex(model: string, env: string, version: string): number {
    const index = this.versions(model, env).findIndex((v) => v.version === version);
    if (index < 0) throw new Error(this.unknownVersion(model, version, env));
    return index;
  }

  /** Sets each version's weight in place (the scalar node is kept, with its comments). */
  public setWeights(model: string, env: string, weights: VersionWeight[]): void {
    for (const { version, weight } of weights) {
      this.document.setIn([...this.versionsPath(model, env), this.versionIndex(model, env, version), 'weight'], weight);
      this.edits++;
    }
  }

  /** Appends a version to an environment's list. */
  public addVersion(model: string, env: string, spec: ModelVersionSpec): void {
    const list = this.document.getIn(this.versionsPath(model, env)) as { add(node: unknown): void };
    list.add(this.document.createNode(spec));
    this.edits++;
  }

  /** Removes a version from an environment's list. */
  public removeVersion(model: string, env: string, version: string): void {
    this.document.deleteIn([...this.versionsPath(model, env), this.versionIndex(model, env, version)]);
    this.edits++;
  }

  /** The file's text with the edits made so far: `originalText` itself when none was made. */
  public editedText(): string {
    return this.edits === 0 ? this.originalText : this.document.toString({ lineWidth: 0 });
  }

  /** Throws unless `text` passes the validation synth applies; nothing has been written at that point. */
  public checkEdited(text: string): void {
    try {
      parseModelsDocument(text, this.shownPath);
    } catch (error) {
      if (!(error instanceof ModelsFileError)) throw error;
      // Positions refer to the edited text that was never written, so only the messages are shown.
      const reasons = error.problems.map((p) => p.replace(/^.*?:\d+:\d+: /, ''));
      throw new Error(`the change was not written, it would make ${this.shownPath} invalid: ${reasons.join('; ')}`);
    }
  }

  private versionsPath(model: string, env: string): string[] {
    return ['models', model, 'environments', env, 'versions'];
  }

  private unknownVersion(model: string, version: string, env?: string): string {
    const envs = env ? [env] : Object.keys(this.model(model).environments);
    const known = [...new Set(envs.flatMap((e) => this.versions(model, e).map((v) => v.version)))];
    return `model "${model}" has no version "${version}"${env ? ` in ${env}` : ''} (versions: ${known.join(', ')})`;
  }
}
