/**
 * Checks that two synthesized manifests hold the same Kubernetes objects (compared as parsed
 * data, so key order and quoting style do not matter). The synth benchmark only compares tools
 * that produce the same output; a difference here means one of the peers drifted.
 */
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';

interface K8sObject {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}

function objectsByKey(text: string, label: string): Map<string, unknown> {
  const objects = new Map<string, unknown>();
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${label}: invalid YAML: ${doc.errors[0].message}`);
    const value = doc.toJS() as K8sObject | null;
    if (value === null) continue;
    const key = `${value.kind}/${value.metadata?.namespace ?? ''}/${value.metadata?.name}`;
    if (objects.has(key)) throw new Error(`${label}: object ${key} appears twice`);
    objects.set(key, value);
  }
  return objects;
}

/** Lists the differences between two manifests (empty when they hold the same objects). */
export function manifestDifferences(expected: string, expectedLabel: string, actual: string, actualLabel: string): string[] {
  const want = objectsByKey(expected, expectedLabel);
  const got = objectsByKey(actual, actualLabel);
  const problems: string[] = [];
  for (const [key, value] of want) {
    if (!got.has(key)) problems.push(`${key}: missing from ${actualLabel}`);
    else if (!isDeepStrictEqual(value, got.get(key))) {
      problems.push(`${key}: differs between ${expectedLabel} and ${actualLabel}:\n${JSON.stringify(value)}\n${JSON.stringify(got.get(key))}`);
    }
  }
  for (const key of got.keys()) if (!want.has(key)) problems.push(`${key}: only in ${actualLabel}`);
  return problems;
}
