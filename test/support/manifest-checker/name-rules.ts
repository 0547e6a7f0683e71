/** Syntax of names, namespaces, label keys and values, and port names (apimachinery validation). */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Problem with a DNS-1123 label (namespaces), or undefined when valid. */
export function dns1123LabelProblem(name: string): string | undefined {
  if (name.length > 63) return `"${name}" is longer than 63 characters`;
  return DNS1123_LABEL.test(name) ? undefined : `"${name}" is not a DNS-1123 label (lowercase alphanumerics and '-', alphanumeric at both ends)`;
}

/** Problem with a DNS-1123 subdomain (most object names), or undefined when valid. */
export function dns1123SubdomainProblem(name: string): string | undefined {
  if (name.length > 253) return `"${name}" is longer than 253 characters`;
  return DNS1123_SUBDOMAIN.test(name) ? undefined : `"${name}" is not a DNS-1123 subdomain (lowercase alphanumerics, '-' and '.')`;
}

/** Problem with a DNS-1035 label (Service names: they become DNS names and env var prefixes). */
export function dns1035LabelProblem(name: string): string | undefined {
  if (name.length > 63) return `"${name}" is longer than 63 characters`;
  return DNS1035_LABEL.test(name) ? undefined : `"${name}" is not a DNS-1035 label (starts with a letter; lowercase alphanumerics and '-')`;
}

/** Problem with a label key (`[prefix/]name`), or undefined when valid. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && dns1123SubdomainProblem(prefix)) return `label key "${key}" has an invalid prefix "${prefix}"`;
  if (name.length > 63 || !LABEL_NAME.test(name)) return `label key "${key}" has an invalid name part "${name}" (≤ 63 chars, alphanumerics, '-', '_', '.')`;
  return undefined;
}

/** Problem with a label value, or undefined when valid. */
export function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `label value ${JSON.stringify(value)} is not a string`;
  if (value.length > 63 || !LABEL_VALUE.test(value)) return `label value "${value}" is invalid (≤ 63 chars, alphanumerics, '-', '_', '.')`;
  return undefined;
}

/** Problem with a port name (IANA_SVC_NAME: ≤ 15 chars, lowercase alphanumerics and '-', at least one letter). */
export function portNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return `port name ${JSON.stringify(name)} is not a string`;
  if (name.length === 0 || name.length > 15) return `port name "${name}" must be 1-15 characters (it is ${name.length})`;
  if (!/^[-a-z0-9]+$/.test(name)) return `port name "${name}" may contain only lowercase letters, digits and '-'`;
  if (!/[a-z]/.test(name)) return `port name "${name}" must contain at least one letter`;
  if (name.startsWith('-') || name.endsWith('-') || name.includes('--')) return `port name "${name}" must not start or end with '-' or contain '--'`;
  return undefined;
}
