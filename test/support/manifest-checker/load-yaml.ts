/** Reads every Kubernetes object from the YAML files under a directory (what Argo CD / Flux would apply). */
import * as fs from 'fs';
import * as path from 'path';
import { DocumentOptions, parseAllDocuments, ParseOptions, SchemaOptions } from 'yaml';
import { K8sObject } from './types';

/**
 * Parse like kubectl and the API server do: sigs.k8s.io/yaml follows YAML 1.1, where unquoted `yes`/`on` are
 * booleans and `0755` is octal, so an unquoted `enabled: yes` label must surface here as the boolean the cluster
 * would see (and fail the schema). Timestamps stay strings, as they do when Kubernetes decodes into JSON.
 */
const KUBERNETES_YAML: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: (tags) => tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp'),
};

/**
 * All objects from every `*.yaml`/`*.yml` file under `dir` (recursive, in sorted path order), handling
 * multi-document files and empty documents. Kustomize's own `kustomization.yaml`
 * (apiVersion kustomize.config.k8s.io/*) is skipped: it is build input, not a cluster object.
 * Throws with file name and position on a YAML syntax error or a document that is not a mapping.
 */
export function loadYamlDir(dir: string): K8sObject[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`loadYamlDir: "${dir}" is not a directory`);
  return yamlFilesUnder(dir).flatMap((file) => loadYamlFile(file));
}

/** All objects of one YAML file (same rules as loadYamlDir). */
export function loadYamlFile(file: string): K8sObject[] {
  const objects: K8sObject[] = [];
  parseAllDocuments(fs.readFileSync(file, 'utf8'), KUBERNETES_YAML).forEach((doc, index) => {
    if (doc.errors.length > 0) throw new Error(`${file}: YAML document ${index + 1}: ${doc.errors[0].message}`);
    const value = doc.toJS();
    if (value === null || value === undefined) return; // empty document (`---` with nothing, or only comments)
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`${file}: YAML document ${index + 1} is ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}, not a Kubernetes object`);
    }
    if (typeof value.apiVersion === 'string' && value.apiVersion.startsWith('kustomize.config.k8s.io/')) return;
    objects.push(value);
  });
  return objects;
}

function yamlFilesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...yamlFilesUnder(full));
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) files.push(full);
  }
  return files;
}
