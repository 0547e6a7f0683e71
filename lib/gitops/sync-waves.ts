/**
 * Argo CD sync waves: the order in which one sync applies the objects of a synced path.
 *
 * Argo CD applies wave by wave and waits for each wave to be healthy before the next, so a route
 * (last wave) never points at a version whose pods are not ready yet, and a Deployment (wave 0)
 * never starts before its ServiceAccount and ConfigMaps exist (wave -1).
 *
 * | wave | kinds                                                                        | why                                        |
 * |------|------------------------------------------------------------------------------|--------------------------------------------|
 * | -2   | Namespace                                                                    | everything else lives in it                |
 * | -1   | ServiceAccount, ConfigMap, Secret, NetworkPolicy, Role, RoleBinding          | pods reference them at start               |
 * |  0   | Deployment, StatefulSet, Service                                             | the workloads and their stable endpoints   |
 * |  1   | HorizontalPodAutoscaler, PodDisruptionBudget, ServiceMonitor, PrometheusRule | they act on workloads that now exist       |
 * |  2   | Ingress, HTTPRoute, GRPCRoute                                                | traffic shifts only once the versions serve|
 *
 * Kinds not in the table get no annotation (Argo CD's default wave is 0). Flux ignores the
 * annotation and orders by kind itself (Namespaces and CRDs first), which is compatible.
 *
 * Argo CD's own tracking annotation and instance label are never written here: Argo CD sets them on
 * the live objects, and having them in git would make every Application fight over the objects.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** The annotation Argo CD reads the wave from. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** The wave of each kind this library emits (see the table above). */
export const SYNC_WAVE_BY_KIND: Readonly<Record<string, number>> = Object.freeze({
  Namespace: -2,
  ServiceAccount: -1,
  ConfigMap: -1,
  Secret: -1,
  NetworkPolicy: -1,
  Role: -1,
  RoleBinding: -1,
  Deployment: 0,
  StatefulSet: 0,
  Service: 0,
  HorizontalPodAutoscaler: 1,
  PodDisruptionBudget: 1,
  ServiceMonitor: 1,
  PrometheusRule: 1,
  Ingress: 2,
  HTTPRoute: 2,
  GRPCRoute: 2,
});

/**
 * Which object got which wave, for callers that want to log or assert it.
 * @category GitOps
 */
export interface SyncWaveAssignment {
  /** The object's kind. */
  readonly kind: string;
  /** The object's metadata.name. */
  readonly name: string;
  /** The wave it carries after the call. */
  readonly wave: string;
  /** True if the wave was already set explicitly and therefore left alone. */
  readonly explicit: boolean;
}

/**
 * Annotates every ApiObject under `scope` with the sync wave of its kind, unless it already carries
 * one (an explicit wave always wins). `ModelServing` does this for its own objects (`syncWaves`);
 * call it for other objects once they are built, before synthesizing.
 * @param scope - a chart, or any construct whose objects to annotate
 * @param waves - the wave of each kind: by default Namespace -2; ServiceAccount, ConfigMap, Secret,
 * NetworkPolicy, Role, RoleBinding -1; Deployment, StatefulSet, Service 0; HorizontalPodAutoscaler,
 * PodDisruptionBudget, ServiceMonitor 1; Ingress, HTTPRoute 2 (kinds not listed get no annotation)
 * @returns the assignments, in construct-tree order
 * @category GitOps
 */
export function applySyncWaves(scope: IConstruct, waves: Readonly<Record<string, number>> = SYNC_WAVE_BY_KIND): SyncWaveAssignment[] {
  const assignments: SyncWaveAssignment[] = [];
  for (const node of scope.node.findAll()) {
    if (!ApiObject.isApiObject(node)) continue;
    const existing = explicitWave(node);
    if (existing !== undefined) {
      assignments.push({ kind: node.kind, name: node.name, wave: existing, explicit: true });
      continue;
    }
    const wave = waves[node.kind];
    if (wave === undefined) continue;
    if (!Number.isInteger(wave)) {
      throw new Error(`applySyncWaves: waves.${node.kind} must be an integer, but ${JSON.stringify(wave)} was provided`);
    }
    node.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, String(wave));
    assignments.push({ kind: node.kind, name: node.name, wave: String(wave), explicit: false });
  }
  return assignments;
}

/**
 * The wave an object already carries, if any. Resolving the whole metadata (`metadata.toJson()`) to
 * read one annotation was a third of ModelServing's build time on large fleets; the metadata keeps
 * its annotations in a plain object until it is resolved, so the key is read there, and the metadata
 * is resolved only when the value is not a plain string (a token) or that object is missing.
 */
function explicitWave(object: ApiObject): string | undefined {
  const annotations: unknown = (object.metadata as unknown as { annotations?: unknown }).annotations;
  if (annotations !== null && typeof annotations === 'object') {
    const raw = (annotations as Record<string, unknown>)[SYNC_WAVE_ANNOTATION];
    if (raw === undefined) return undefined;
    if (typeof raw === 'string') return raw;
  }
  return object.metadata.toJson().annotations?.[SYNC_WAVE_ANNOTATION];
}
