/**
 * The manifest checker: strict schemas, Pod Security "restricted" plus project policy, and semantic rules,
 * run over plain Kubernetes objects (Testing.synth output or YAML loaded from dist/). Rule ids: README.md.
 */
import { checkContainers } from './container-rules';
import { checkCrossObject } from './cross-object-rules';
import { checkMonitoringAndNetwork } from './monitoring-network-rules';
import { checkObject } from './object-rules';
import { checkPodSecurity } from './pod-security';
import { checkSchema } from './schema-rules';
import { K8sObject, Violation } from './types';

export { loadYamlDir, loadYamlFile } from './load-yaml';
export type { K8sObject, Violation } from './types';

/** Every violation in the set, per object in input order, then the cross-object ones. Empty means valid. */
export function checkManifests(objects: K8sObject[]): Violation[] {
  if (!Array.isArray(objects)) throw new Error(`checkManifests expects an array of objects, got ${typeof objects}`);
  const perObject = objects.flatMap((obj) => [
    ...checkSchema(obj),
    ...checkObject(obj),
    ...checkPodSecurity(obj),
    ...checkContainers(obj),
  ]);
  return [...perObject, ...checkCrossObject(objects), ...checkMonitoringAndNetwork(objects)];
}

/** Throws one readable error listing every violation (grouped by object) unless the set is valid. */
export function expectValidManifests(objects: K8sObject[]): void {
  const violations = checkManifests(objects);
  if (violations.length === 0) return;
  throw new Error(`${violations.length} manifest violation(s) in ${objects.length} object(s):\n${formatViolations(violations)}`);
}

/** `Kind/ns/name` headers with one `  [rule] message` line per violation. */
export function formatViolations(violations: Violation[]): string {
  const byObject = new Map<string, Violation[]>();
  for (const v of violations) byObject.set(v.object, [...(byObject.get(v.object) ?? []), v]);
  return [...byObject.entries()]
    .map(([object, list]) => [`${object}:`, ...list.map((v) => `  [${v.rule}] ${v.message}`)].join('\n'))
    .join('\n');
}
