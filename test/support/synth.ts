import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { ModelServing, ModelServingProps } from '../../lib';
import { expectValidManifests } from './manifest-checker';

/**
 * An app for tests that read objects with `Testing.synth` and never write them. `Testing.app()`
 * creates a temporary out-dir per call that nothing removes (hundreds per run); this outdir is
 * never created unless a test synthesizes to disk, which tests do in a temp dir of their own.
 */
export function testApp(): App {
  return new App({ outdir: path.join(os.tmpdir(), 'model-serving-tests-never-written') });
}

/** A Kubernetes object as synthesized (plain JSON). */
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: any; [key: string]: any };

/** The iris sample (two versions at 90/10, Gateway API route), before any override. */
export function irisProps(overrides: Partial<ModelServingProps> = {}): ModelServingProps {
  return {
    modelName: 'iris',
    versions: [
      { version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0', weight: 90, replicas: 2 },
      { version: '1.1.0', image: 'ghcr.io/example/iris-server:1.1.0', weight: 10, replicas: 1 },
    ],
    gateway: { parentRefs: [{ name: 'public', namespace: 'gateway-system' }] },
    ...overrides,
  };
}

/**
 * Synthesizes one ModelServing in a fresh chart (namespace `models`) and returns its objects,
 * after the manifest checker (strict schema, Pod Security "restricted", semantic rules) has
 * passed them: every object synthesized anywhere in the suite is checked.
 */
export function synthModel(props: ModelServingProps, options: { checkManifests?: boolean } = {}): K8sObject[] {
  const chart = new Chart(testApp(), 'test', { namespace: 'models' });
  new ModelServing(chart, props.modelName, props);
  const objects = Testing.synth(chart) as K8sObject[];
  // Off only for props that deliberately leave the project's policy (e.g. a writable root filesystem).
  if (options.checkManifests ?? true) expectValidManifests(objects);
  return objects;
}

/** The objects of one kind. */
export function ofKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

/** The object of a kind and name; throws when absent so a test fails with a clear message. */
export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} in ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

/** The error message ModelServing throws for `props`, or a failure when it does not throw. */
export function synthError(props: ModelServingProps): string {
  try {
    synthModel(props);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected ModelServing to reject the props, but it synthesized');
}
