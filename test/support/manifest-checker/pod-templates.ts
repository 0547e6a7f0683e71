/** Finds the pod templates inside workloads, so pod rules see every pod the object can create. */
import { K8sObject } from './types';

export interface PodTemplate {
  /** The pod template's metadata (labels, annotations); for a bare Pod, the Pod's own metadata. */
  readonly metadata: Record<string, any>;
  readonly spec: Record<string, any>;
  /** Dotted path of the pod spec inside the object, used in messages (e.g. `spec.template.spec`). */
  readonly specPath: string;
}

export interface ContainerRef {
  readonly container: Record<string, any>;
  /** e.g. `spec.template.spec.initContainers[0](fetch-model)`. */
  readonly path: string;
}

const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController']);

/** The pod template of a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod), else undefined. */
export function podTemplateOf(obj: K8sObject): PodTemplate | undefined {
  if (obj?.kind === 'Pod') return asTemplate(obj.metadata, obj.spec, 'spec');
  if (obj?.kind === 'CronJob') {
    const template = obj.spec?.jobTemplate?.spec?.template;
    return asTemplate(template?.metadata, template?.spec, 'spec.jobTemplate.spec.template.spec');
  }
  if (TEMPLATE_KINDS.has(obj?.kind)) {
    return asTemplate(obj.spec?.template?.metadata, obj.spec?.template?.spec, 'spec.template.spec');
  }
  return undefined;
}

/** containers, initContainers and ephemeralContainers, each with a readable path. */
export function allContainers(pod: PodTemplate): ContainerRef[] {
  const refs: ContainerRef[] = [];
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    const list = pod.spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((container, index) => {
      if (typeof container !== 'object' || container === null) return;
      refs.push({ container, path: `${pod.specPath}.${field}[${index}](${container.name ?? '?'})` });
    });
  }
  return refs;
}

function asTemplate(metadata: unknown, spec: unknown, specPath: string): PodTemplate | undefined {
  if (typeof spec !== 'object' || spec === null) return undefined;
  const meta = typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, any>) : {};
  return { metadata: meta, spec: spec as Record<string, any>, specPath };
}
