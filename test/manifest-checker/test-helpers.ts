/** Helpers for the checker's own tests: break one thing in the good set and see which rules fire. */
import { checkManifests } from '../support/manifest-checker/index';
import { goodSet } from './fixtures';
import { K8sObject, Violation } from '../support/manifest-checker/types';

/** Violations of the good set after `mutate` changed it (the set is a fresh deep copy each time). */
export function violationsAfter(mutate: (objects: K8sObject[]) => void): Violation[] {
  const objects = goodSet();
  mutate(objects);
  return checkManifests(objects);
}

/** The object of the good set with this kind (first one). */
export function find(objects: K8sObject[], kind: string): K8sObject {
  const obj = objects.find((o) => o.kind === kind);
  if (!obj) throw new Error(`fixture has no ${kind}`);
  return obj;
}

/** The pod spec of the good set's Deployment. */
export function podSpec(objects: K8sObject[]): K8sObject {
  return find(objects, 'Deployment').spec.template.spec;
}

/** The good set's serving container ('server'). */
export function server(objects: K8sObject[]): K8sObject {
  return podSpec(objects).containers[0];
}

/** Asserts that at least one violation was found and that every violation has exactly this rule id. */
export function expectOnlyRule(violations: Violation[], rule: string): void {
  expect(violations.length).toBeGreaterThan(0);
  expect([...new Set(violations.map((v) => v.rule))]).toEqual([rule]);
}
