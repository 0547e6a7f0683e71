/**
 * One chart, one object per name: two objects of the same kind, namespace and name would be one
 * object on the cluster and one file in dist/, so whichever is written last silently replaces the
 * other — and a route of one model then points at the pods of another. Object names are readable
 * and derived from props (`<model>-<version>`), so different models can produce the same name
 * (`iris` 1.0.0 and `iris-1` 0.0 both give `iris-1-0-0`); this check makes that a synth error that
 * names both constructs.
 *
 * The check is per chart: a chart is one synced folder, applied to one cluster. Two charts may
 * legitimately hold the same names (staging and production in separate clusters with the same
 * namespace), so objects in different charts are never compared.
 */
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/** Kinds without a namespace: their names are unique per cluster, whatever the chart's namespace. */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PriorityClass', 'StorageClass',
  'IngressClass', 'RuntimeClass', 'PersistentVolume', 'GatewayClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
]);

/** How a construct that owns objects introduces itself in a collision message. */
export interface ObjectOwner {
  /** e.g. `ModelServing "iris"`. */
  readonly title: string;
  /** e.g. `model "iris"`, shown after the construct path. */
  readonly detail?: string;
}

const owners = new WeakMap<IConstruct, ObjectOwner>();
const checkedCharts = new WeakSet<Chart>();

/**
 * Registers `scope` as the owner of the objects under it (so a collision names it rather than one
 * of its objects), and makes sure its chart checks object names at synth. Idempotent per chart.
 */
export function ownObjects(scope: IConstruct, owner: ObjectOwner): void {
  owners.set(scope, owner);
  const chart = Chart.of(scope);
  if (checkedCharts.has(chart)) return;
  checkedCharts.add(chart);
  chart.node.addValidation({ validate: () => objectNameCollisions(chart) });
}

/** The identity of an object on the cluster: API group, kind, namespace (none when cluster-scoped) and name. */
export function objectIdentity(obj: { apiGroup: string; kind: string; namespace?: string; name: string }): string {
  const namespace = CLUSTER_SCOPED_KINDS.has(obj.kind) ? '' : obj.namespace ?? '';
  return `${obj.apiGroup}|${obj.kind}|${namespace}|${obj.name}`;
}

/**
 * One message per pair of constructs whose objects share an identity, naming both (type, path and
 * detail) and every shared object; empty when every object of the chart is unique.
 */
export function objectNameCollisions(chart: Chart): string[] {
  const first = new Map<string, ApiObject>();
  // Grouped by pair of owners, so two models that collide on ten objects give one message.
  const pairs = new Map<string, { earlier: IConstruct; later: IConstruct; objects: string[]; namespace?: string }>();
  for (const node of chart.node.findAll()) {
    if (!ApiObject.isApiObject(node)) continue;
    const identity = objectIdentity({ apiGroup: node.apiGroup, kind: node.kind, namespace: node.metadata.namespace, name: node.name });
    const earlier = first.get(identity);
    if (!earlier) {
      first.set(identity, node);
      continue;
    }
    const earlierOwner = ownerOf(earlier);
    const laterOwner = ownerOf(node);
    const key = `${earlierOwner.node.path}\u0000${laterOwner.node.path}`;
    const pair = pairs.get(key) ?? { earlier: earlierOwner, later: laterOwner, objects: [], namespace: CLUSTER_SCOPED_KINDS.has(node.kind) ? undefined : node.metadata.namespace };
    pair.objects.push(`${node.kind} "${node.name}"`);
    pairs.set(key, pair);
  }
  return [...pairs.values()].map(({ earlier, later, objects, namespace }) => {
    const where = namespace ? ` in namespace "${namespace}"` : '';
    const same = earlier === later ? `${describe(later)} produces ${objects.join(', ')}${where} more than once`
      : `${describe(later)} and ${describe(earlier)} both produce ${objects.join(', ')}${where}`;
    return `${same}: one object would replace the other on the cluster and in dist/. Object names are derived from the model name and `
      + 'version (<model>-<version>), so rename one model (or, for your own objects, give them other names)';
  });
}

/** The nearest registered owner above an object, or the object itself. */
export function ownerOf(obj: ApiObject): IConstruct {
  for (let scope: IConstruct | undefined = obj; scope; scope = scope.node.scope) {
    if (owners.has(scope)) return scope;
  }
  return obj;
}

/** `ModelServing "iris" (test/iris, model "iris")`, or the kind and path of an object without owner. */
export function describe(construct: IConstruct): string {
  const owner = owners.get(construct);
  if (!owner) return `${ApiObject.isApiObject(construct) ? construct.kind : 'construct'} at ${construct.node.path}`;
  return `${owner.title} (${construct.node.path}${owner.detail ? `, ${owner.detail}` : ''})`;
}
