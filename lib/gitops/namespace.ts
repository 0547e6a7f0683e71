/**
 * The namespace of an environment, declared in git with Pod Security admission labels.
 *
 * The pods this library writes meet Pod Security "restricted", but only the namespace's labels make
 * the API server enforce it: without them a hand-edited Deployment (or another tool's) could run a
 * privileged pod next to the models. A namespace created by Argo CD's `CreateNamespace=true` or by
 * hand carries no labels, so the Namespace object lives in the synced folder: Argo CD applies it in
 * the first sync wave, Flux (and kustomize) apply Namespaces before everything else on their own.
 *
 * It is never pruned or deleted by the GitOps controller: a namespace also holds what git does not
 * (the model-storage credentials Secret, cert-manager's TLS Secrets, events), and removing it from
 * a folder — or deleting the Argo CD Application — must not delete those with it.
 */
import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { PropChecker } from '../core/validation/checker';
import { LABEL_KEY, LABEL_VALUE } from '../core/validation/patterns';
import { ownObjects } from '../synth/unique-objects';
import { SYNC_WAVE_ANNOTATION, SYNC_WAVE_BY_KIND } from './sync-waves';
import { checkNamespace } from './validation';

/**
 * A Pod Security Standards level.
 * @category GitOps
 */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** Argo CD: keep the object when it disappears from git or when the Application is deleted. */
export const ARGOCD_KEEP_ANNOTATION = 'argocd.argoproj.io/sync-options';
/** Flux: keep the object when it disappears from git or when the Kustomization is deleted. */
export const FLUX_PRUNE_ANNOTATION = 'kustomize.toolkit.fluxcd.io/prune';

/**
 * Props of `EnvironmentNamespace`: the Pod Security level the namespace enforces.
 * @category GitOps
 */
export interface EnvironmentNamespaceProps {
  /**
   * Name of the namespace.
   * @default - the chart's namespace
   */
  readonly name?: string;

  /**
   * Pod Security level the API server enforces, warns about and audits in the namespace
   * (`pod-security.kubernetes.io/enforce`, `warn` and `audit`).
   * @default "restricted"
   */
  readonly podSecurity?: PodSecurityLevel;

  /**
   * Extra labels of the namespace (the Pod Security labels cannot be overridden here).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * A Namespace (v1) for one synced folder, labelled for Pod Security admission and kept on prune.
 * @category GitOps
 */
export class EnvironmentNamespace extends Construct {
  /** The namespace's name. */
  public readonly name: string;
  /** The synthesized Namespace object. */
  public readonly namespace: k8s.KubeNamespace;

  constructor(scope: Construct, id: string, props: EnvironmentNamespaceProps = {}) {
    super(scope, id);
    const chart = Chart.of(this);
    this.name = props.name ?? chart.namespace ?? '';
    const level = props.podSecurity ?? 'restricted';

    const c = new PropChecker();
    if (c.required('name', props.name ?? chart.namespace)) checkNamespace(c, 'name', this.name);
    c.oneOf('podSecurity', level, ['privileged', 'baseline', 'restricted'] as const);
    for (const [key, value] of Object.entries(props.labels ?? {})) {
      const labels = c.at('labels');
      if (!LABEL_KEY.test(key)) labels.failKey(key, 'be a label key');
      else if (key.startsWith('pod-security.kubernetes.io/')) labels.failKey(key, 'not be a Pod Security label: set podSecurity instead');
      if (value !== '') labels.matches(key, value, LABEL_VALUE, 'a label value');
    }
    c.throwIfInvalid(`EnvironmentNamespace "${id}"`);
    ownObjects(this, { title: `EnvironmentNamespace "${id}"`, detail: `namespace "${this.name}"` });

    this.namespace = new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: {
          ...props.labels,
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/warn': level,
          'pod-security.kubernetes.io/audit': level,
        },
        annotations: {
          [SYNC_WAVE_ANNOTATION]: String(SYNC_WAVE_BY_KIND.Namespace),
          [ARGOCD_KEEP_ANNOTATION]: 'Prune=false,Delete=false',
          [FLUX_PRUNE_ANNOTATION]: 'disabled',
        },
      },
    });
    // cdk8s gives every object of a chart the chart's namespace, cluster-scoped ones included.
    if (this.namespace.metadata.namespace !== undefined) ApiObject.of(this.namespace).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}
