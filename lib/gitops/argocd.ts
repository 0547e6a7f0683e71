/**
 * An Argo CD Application that syncs one committed dist/<env>/ directory, as is.
 *
 * The manifests are already rendered by cdk8s, so Argo CD must not render them again: the source is
 * a plain directory (no Helm, no Kustomize), and its `kustomization.yaml` (written for Flux and for
 * `kubectl kustomize`) is excluded so Argo CD does not try to apply it as an object.
 */
import { Construct } from 'constructs';
import type { Application, ApplicationSpecIgnoreDifferences } from '../../imports/argocd-argoproj.io';
import { argoCdApi } from '../core/crd-imports';
import { PropChecker } from '../core/validation/checker';
import { checkGitUrl, checkNamespace, checkObjectName, checkRepoPath, checkToken, GitUrlStyle, normalizeRepoPath } from './validation';
import { KUSTOMIZATION_FILE_NAME } from './kustomization';

/** Finalizer that makes deleting the Application delete the objects it deployed (cascading delete). */
export const ARGOCD_RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/** Argo CD's in-cluster destination. */
export const ARGOCD_IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/**
 * Props of `ArgoCdApplication`: which repository path to sync, where to, and how.
 * @category GitOps
 */
export interface ArgoCdApplicationProps {
  /**
   * Name of the Application object.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Namespace Argo CD watches for Application objects.
   * @default "argocd"
   */
  readonly argoCdNamespace?: string;

  /**
   * Git repository holding the committed dist/ directory: https://, ssh:// or scp-like git@host:org/repo.git.
   */
  readonly repoUrl: string;

  /**
   * The synced path inside the repository, e.g. "dist/production". Only this directory is applied
   * (not its subdirectories), so GitOps objects must live outside it (e.g. dist/gitops/).
   */
  readonly path: string;

  /**
   * Branch, tag or commit to sync.
   * @default "HEAD"
   */
  readonly targetRevision?: string;

  /**
   * Argo CD project the Application belongs to.
   * @default "default"
   */
  readonly project?: string;

  /**
   * API server URL of the destination cluster.
   * @default "https://kubernetes.default.svc" (the cluster Argo CD runs in)
   */
  readonly destinationServer?: string;

  /**
   * Namespace the model's objects are deployed to (used for objects that do not set one).
   */
  readonly destinationNamespace: string;

  /**
   * Let Argo CD create the destination namespace (sync option `CreateNamespace=true`).
   * @default true
   */
  readonly createNamespace?: boolean;

  /**
   * Names of Deployments whose `spec.replicas` is owned by a HorizontalPodAutoscaler. Argo CD ignores
   * that field when diffing and, with `RespectIgnoreDifferences=true`, keeps the live value on sync,
   * so Argo CD and the HPA stop fighting. Use `deploymentsScaledByHpa(chart)` to derive the list.
   * @default [] (no field is ignored)
   */
  readonly hpaManagedDeployments?: string[];

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

/**
 * One Argo CD Application (argoproj.io/v1alpha1) for one environment's synced path.
 * @category GitOps
 */
export class ArgoCdApplication extends Construct {
  /** The Application's metadata.name. */
  public readonly name: string;
  /** The synthesized Application object. */
  public readonly application: Application;

  /**
   * @param scope - the chart of the GitOps objects, outside every synced path (e.g. dist/gitops-argocd/)
   * @param id - the construct id; also the Application's name when `props.name` is not set
   * @param props - the path to sync and its destination; checked at once, every violation reported in one `ValidationError`
   */
  constructor(scope: Construct, id: string, props: ArgoCdApplicationProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const argoCdNamespace = props.argoCdNamespace ?? 'argocd';
    const targetRevision = props.targetRevision ?? 'HEAD';
    const project = props.project ?? 'default';
    const server = props.destinationServer ?? ARGOCD_IN_CLUSTER_SERVER;
    const retryLimit = props.retryLimit ?? 5;
    const hpaManaged = [...new Set(props.hpaManagedDeployments ?? [])].sort();
    const extraSyncOptions = props.extraSyncOptions ?? [];

    const c = new PropChecker();
    checkObjectName(c, 'name', this.name);
    checkNamespace(c, 'argoCdNamespace', argoCdNamespace);
    if (c.required('repoUrl', props.repoUrl)) checkGitUrl(c, 'repoUrl', props.repoUrl, GitUrlStyle.ARGO_CD);
    if (c.required('path', props.path)) checkRepoPath(c, 'path', props.path);
    checkToken(c, 'targetRevision', targetRevision);
    checkToken(c, 'project', project);
    c.matches('destinationServer', server, /^https:\/\/\S+$/, 'an https:// API server URL');
    if (c.required('destinationNamespace', props.destinationNamespace)) checkNamespace(c, 'destinationNamespace', props.destinationNamespace);
    c.integer('retryLimit', retryLimit, 1, 100);
    (props.hpaManagedDeployments ?? []).forEach((name, i) => checkObjectName(c.at('hpaManagedDeployments'), i, name));
    extraSyncOptions.forEach((option, i) => c.at('extraSyncOptions').matches(i, option, /^[A-Za-z]+=\S+$/, 'an Argo CD sync option such as "ServerSideApply=true"'));
    c.throwIfInvalid(`ArgoCdApplication "${this.name}"`);

    const syncOptions = [
      ...(props.createNamespace ?? true ? ['CreateNamespace=true'] : []),
      // Without this, ignoreDifferences only hides the diff and the next sync still resets replicas.
      'RespectIgnoreDifferences=true',
      // Apply only what changed: a weight change touches the routes, not every Deployment.
      'ApplyOutOfSyncOnly=true',
      // Delete a removed model version only after the new routes (last wave) are applied and healthy.
      'PruneLast=true',
      ...extraSyncOptions,
    ];

    const ignoreDifferences: ApplicationSpecIgnoreDifferences[] = hpaManaged.map((name) => ({
      group: 'apps',
      kind: 'Deployment',
      name,
      jsonPointers: ['/spec/replicas'],
    }));

    this.application = new (argoCdApi().Application)(this, 'Resource', {
      metadata: {
        name: this.name,
        namespace: argoCdNamespace,
        ...(props.cascadeDelete ?? true ? { finalizers: [ARGOCD_RESOURCES_FINALIZER] } : {}),
      },
      spec: {
        project,
        source: {
          repoUrl: props.repoUrl,
          targetRevision,
          path: normalizeRepoPath(props.path),
          // An explicit directory source stops Argo CD from switching to Kustomize because
          // kustomization.yaml is present; excluding it keeps it from being applied as an object.
          directory: { recurse: false, exclude: KUSTOMIZATION_FILE_NAME },
        },
        destination: { server, namespace: props.destinationNamespace },
        syncPolicy: {
          automated: { prune: props.prune ?? true, selfHeal: props.selfHeal ?? true },
          syncOptions,
          retry: { limit: retryLimit, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
        },
        ...(ignoreDifferences.length > 0 ? { ignoreDifferences } : {}),
      },
    });
  }
}
