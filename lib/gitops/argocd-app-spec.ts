/**
 * The Application spec the library's Argo CD constructs share: `ArgoCdApplication` writes it for one
 * environment, `ArgoCdApplicationSet` as the template of one Application per environment. One home
 * for the props, their checks and the safe defaults keeps the two from drifting apart: a user who
 * switches from Applications to an ApplicationSet gets the same Applications on the cluster.
 *
 * The manifests are already rendered by cdk8s, so Argo CD must not render them again: the source is
 * a plain directory (no Helm, no Kustomize), and its `kustomization.yaml` (written for Flux and for
 * `kubectl kustomize`) is excluded so Argo CD does not try to apply it as an object.
 */
import type { ApplicationSpec, ApplicationSpecIgnoreDifferences } from '../../imports/argocd-argoproj.io';
import { PropChecker } from '../core/validation/checker';
import { KUSTOMIZATION_FILE_NAME } from './kustomization';
import { checkGitUrl, checkNamespace, checkToken, GitUrlStyle } from './validation';

/** Finalizer that makes deleting the Application delete the objects it deployed (cascading delete). */
export const ARGOCD_RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/** Argo CD's in-cluster destination. */
export const ARGOCD_IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** An API server URL Argo CD can deploy to. */
export const API_SERVER_URL = /^https:\/\/\S+$/;

/**
 * Props of every Argo CD Application the library writes, alone or through an ApplicationSet.
 * @category GitOps
 */
export interface ArgoCdCommonProps {
  /**
   * Namespace Argo CD watches for Application (and ApplicationSet) objects.
   * @default "argocd"
   */
  readonly argoCdNamespace?: string;

  /**
   * Git repository holding the committed dist/ directory: https://, ssh:// or scp-like git@host:org/repo.git.
   */
  readonly repoUrl: string;

  /**
   * Branch, tag or commit to sync.
   * @default "HEAD"
   */
  readonly targetRevision?: string;

  /**
   * Argo CD project the Applications belong to.
   * @default "default"
   */
  readonly project?: string;

  /**
   * Let Argo CD create the destination namespace (sync option `CreateNamespace=true`).
   * @default true
   */
  readonly createNamespace?: boolean;

  /**
   * Delete objects that were removed from git (automated sync `prune`).
   * @default true
   */
  readonly prune?: boolean;

  /**
   * Revert changes made to live objects outside git (automated sync `selfHeal`).
   * @default true
   */
  readonly selfHeal?: boolean;

  /**
   * How many times a failed sync is retried, with exponential backoff 5s, 10s, 20s... capped at 3m.
   * @default 5
   */
  readonly retryLimit?: number;

  /**
   * Delete the deployed objects when the Application itself is deleted (Argo CD resources finalizer).
   * @default true
   */
  readonly cascadeDelete?: boolean;

  /**
   * More Argo CD sync options, appended after the defaults, e.g. "ServerSideApply=true".
   * @default []
   */
  readonly extraSyncOptions?: string[];
}

/** Where one Application deploys from and to. */
export interface ApplicationTarget {
  /** The synced path (or a template expression that renders to one). */
  readonly path: string;
  /** The destination API server. */
  readonly server: string;
  /** The destination namespace. */
  readonly namespace: string;
  /** Deployments whose `spec.replicas` an HPA owns; already checked, sorted and de-duplicated. */
  readonly hpaManagedDeployments: string[];
}

/** Records a violation for every common prop that breaks a rule. */
export function checkCommonProps(c: PropChecker, props: ArgoCdCommonProps): void {
  checkNamespace(c, 'argoCdNamespace', props.argoCdNamespace ?? 'argocd');
  if (c.required('repoUrl', props.repoUrl)) checkGitUrl(c, 'repoUrl', props.repoUrl, GitUrlStyle.ARGO_CD);
  checkToken(c, 'targetRevision', props.targetRevision ?? 'HEAD');
  checkToken(c, 'project', props.project ?? 'default');
  c.integer('retryLimit', props.retryLimit ?? 5, 1, 100);
  (props.extraSyncOptions ?? []).forEach((option, i) => c.at('extraSyncOptions').matches(i, option, /^[A-Za-z]+=\S+$/, 'an Argo CD sync option such as "ServerSideApply=true"'));
}

/** The finalizers of an Application: the cascading-delete finalizer unless `cascadeDelete: false`. */
export function applicationFinalizers(props: ArgoCdCommonProps): string[] | undefined {
  return props.cascadeDelete ?? true ? [ARGOCD_RESOURCES_FINALIZER] : undefined;
}

/** The Application spec: directory source, destination, automated sync with the safe defaults, HPA-owned replicas ignored. */
export function applicationSpec(props: ArgoCdCommonProps, target: ApplicationTarget): ApplicationSpec {
  const syncOptions = [
    ...(props.createNamespace ?? true ? ['CreateNamespace=true'] : []),
    // Without this, ignoreDifferences only hides the diff and the next sync still resets replicas.
    'RespectIgnoreDifferences=true',
    // Apply only what changed: a weight change touches the routes, not every Deployment.
    'ApplyOutOfSyncOnly=true',
    // Delete a removed model version only after the new routes (last wave) are applied and healthy.
    'PruneLast=true',
    ...(props.extraSyncOptions ?? []),
  ];
  const ignoreDifferences = hpaIgnoreDifferences(target.hpaManagedDeployments);
  return {
    project: props.project ?? 'default',
    source: {
      repoUrl: props.repoUrl,
      targetRevision: props.targetRevision ?? 'HEAD',
      path: target.path,
      // An explicit directory source stops Argo CD from switching to Kustomize because
      // kustomization.yaml is present; excluding it keeps it from being applied as an object.
      directory: { recurse: false, exclude: KUSTOMIZATION_FILE_NAME },
    },
    destination: { server: target.server, namespace: target.namespace },
    syncPolicy: {
      automated: { prune: props.prune ?? true, selfHeal: props.selfHeal ?? true },
      syncOptions,
      retry: { limit: props.retryLimit ?? 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
    },
    ...(ignoreDifferences.length > 0 ? { ignoreDifferences } : {}),
  };
}

/**
 * `spec.replicas` of exactly the HPA-managed Deployments. Ignoring it on every Deployment would be
 * simpler, but would silently stop git from scaling the ones without an HPA.
 */
export function hpaIgnoreDifferences(deployments: string[]): ApplicationSpecIgnoreDifferences[] {
  return deployments.map((name) => ({ group: 'apps', kind: 'Deployment', name, jsonPointers: ['/spec/replicas'] }));
}

/** Sorted, without duplicates: the order of the chart's constructs must not reach git. */
export function sortedNames(names: string[] | undefined): string[] {
  return [...new Set(names ?? [])].sort();
}
