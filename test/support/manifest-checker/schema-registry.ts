/**
 * One shared Ajv instance holding the closed Kubernetes 1.28 definitions and the closed CRD schemas,
 * with a validator cache per apiVersion/kind: compiling is the expensive part and the suite checks
 * thousands of objects, so each schema is compiled once per test process. CRD files are only parsed
 * when an object of their group/kind is first checked (parsing the big CRD YAML costs about a second).
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';
import { closeSchema } from './close-schema';
import { withEnums } from './k8s-enums';

const K8S_DEFINITIONS_FILE = path.join(__dirname, 'schemas', 'kubernetes-1.28.0-definitions.json');
// The project's vendored CRDs (the same files `cdk8s import` generated imports/*.ts from).
const CRD_DIR = path.join(__dirname, '..', '..', '..', 'imports', 'crds');
const K8S_SCHEMA_ID = 'k8s';
const OBJECT_META_REF = `${K8S_SCHEMA_ID}#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`;

interface Registry {
  readonly ajv: Ajv;
  /** `apiVersion/kind` → a schema Ajv can compile (a $ref into the k8s definitions, or a closed CRD schema). */
  readonly schemas: Map<string, object>;
  readonly validators: Map<string, ValidateFunction>;
  /** The unmodified Kubernetes definitions, for walkers that follow the schema (e.g. to find Quantity fields). */
  readonly k8sDefinitions: Record<string, any>;
  /** `apiVersion/kind` → Kubernetes definition name (built-in kinds only). */
  readonly k8sDefinitionNames: Map<string, string>;
  /** `group/kind` → CRD file not parsed yet. */
  readonly pendingCrdFiles: Map<string, string>;
}

let registry: Registry | undefined;

/** The validator for an apiVersion/kind, or undefined when neither Kubernetes 1.28 nor a vendored CRD knows it. */
export function validatorFor(apiVersion: string, kind: string): ValidateFunction | undefined {
  const reg = (registry ??= buildRegistry());
  const key = `${apiVersion}/${kind}`;
  const cached = reg.validators.get(key);
  if (cached) return cached;
  if (!reg.schemas.has(key)) loadCrdFor(reg, apiVersion, kind);
  const schema = reg.schemas.get(key);
  if (!schema) return undefined;
  const validate = reg.ajv.compile(schema);
  reg.validators.set(key, validate);
  return validate;
}

/** The Kubernetes 1.28 definition of a built-in kind and the whole definitions map, or undefined for CRDs/unknown kinds. */
export function k8sDefinition(apiVersion: string, kind: string): { name: string; definitions: Record<string, any> } | undefined {
  const reg = (registry ??= buildRegistry());
  const name = reg.k8sDefinitionNames.get(`${apiVersion}/${kind}`);
  return name === undefined ? undefined : { name, definitions: reg.k8sDefinitions };
}

/**
 * CRD patterns are Go (RE2) regular expressions, checked by the API server with Go's engine. The one
 * RE2 construct they use that JavaScript lacks is a `(?i)` at the start (`^(?i)(abort|warn)?$` in the
 * PrometheusRule CRD): it becomes the `i` flag.
 */
const GO_CASE_INSENSITIVE = /^(\^?)\(\?i\)/;
const goPattern = Object.assign((pattern: string, flags: string): RegExp => (
  GO_CASE_INSENSITIVE.test(pattern) ? new RegExp(pattern.replace(GO_CASE_INSENSITIVE, '$1'), `${flags}i`) : new RegExp(pattern, flags)
), { code: 'new RegExp' });

function buildRegistry(): Registry {
  // strict: false because the schemas carry x-kubernetes-* extension keywords Ajv does not know.
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false, code: { regExp: goPattern } });
  addFormats(ajv);
  // Formats used by the CRDs that ajv-formats does not define.
  ajv.addFormat('int-or-string', true);
  ajv.addFormat('duration', /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/);
  const schemas = new Map<string, object>();
  const k8sDefinitionNames = new Map<string, string>();

  const k8s = JSON.parse(fs.readFileSync(K8S_DEFINITIONS_FILE, 'utf8'));
  ajv.addSchema({ $id: K8S_SCHEMA_ID, definitions: withEnums(closeSchema(k8s).definitions) });
  for (const [name, definition] of Object.entries<any>(k8s.definitions)) {
    for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      const key = `${apiVersion}/${gvk.kind}`;
      // Lists, watch events and delete options share GVKs with real kinds but are never applied from YAML.
      if (/List$|^(DeleteOptions|WatchEvent)$/.test(gvk.kind) || schemas.has(key)) continue;
      schemas.set(key, { $ref: `${K8S_SCHEMA_ID}#/definitions/${name}` });
      k8sDefinitionNames.set(key, name);
    }
  }
  return { ajv, schemas, validators: new Map(), k8sDefinitions: k8s.definitions, k8sDefinitionNames, pendingCrdFiles: indexCrdFiles() };
}

/**
 * group/kind → file, from a cheap text scan of each CRD (`spec.group` is indented 2 spaces, `spec.names.kind` 4,
 * in every CRD the API server or controller-gen writes). A file the scan cannot index is parsed eagerly instead.
 */
function indexCrdFiles(): Map<string, string> {
  const index = new Map<string, string>();
  for (const file of fs.readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml')).sort()) {
    const full = path.join(CRD_DIR, file);
    const text = fs.readFileSync(full, 'utf8');
    const group = /^ {2}group: (\S+)\s*$/m.exec(text)?.[1];
    const kind = /^ {2}names:\s*\n(?: {4}.*\n)*? {4}kind: (\S+)\s*$/m.exec(text)?.[1];
    index.set(group && kind ? `${group}/${kind}` : `unindexed:${file}`, full);
  }
  return index;
}

function loadCrdFor(reg: Registry, apiVersion: string, kind: string): void {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  for (const [key, file] of [...reg.pendingCrdFiles]) {
    if (key !== `${group}/${kind}` && !key.startsWith('unindexed:')) continue;
    reg.pendingCrdFiles.delete(key);
    registerCrdFile(reg, file);
  }
}

function registerCrdFile(reg: Registry, file: string): void {
  for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
    const crd = doc.toJS();
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    for (const version of crd.spec.versions ?? []) {
      const openApi = version.schema?.openAPIV3Schema;
      if (!openApi) continue;
      const schema = closeSchema(openApi);
      // CRD schemas declare metadata as a bare object; the API server validates it as ObjectMeta.
      schema.properties = { ...schema.properties, metadata: { $ref: OBJECT_META_REF } };
      reg.schemas.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, schema);
    }
  }
}
