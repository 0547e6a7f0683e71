/**
 * Flux delivery of committed dist/<env>/ directories: one GitRepository (the source, shared by every
 * environment) and one Kustomization per environment (what to apply from it, and how).
 *
 * Flux builds each path with its committed kustomization.yaml (see writeKustomization) and applies
 * the result with server-side apply; nothing is rendered on the cluster.
 */
import { Construct } from 'constructs';
import type { GitRepository } from '../../imports/fluxsource-source.toolkit.fluxcd.io';
import type { Kustomization } from '../../imports/fluxkustomize-kustomize.toolkit.fluxcd.io';
import { fluxKustomizeApi, fluxSourceApi } from '../core/crd-imports';
import { PropChecker } from '../core/validation/checker';
import { checkDuration, checkGitUrl, checkNamespace, checkObjectName, checkRepoPath, checkToken, GitUrlStyle, normalizeRepoPath } from './validation';

/**
 * Props of `FluxGitRepository`: the git repository Flux pulls dist/ from.
 * @category GitOps
 */
export interface FluxGitRepositoryProps {
  /**
   * Name of the GitRepository object.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Namespace of the GitRepository; Kustomizations referring to it default to the same one.
   * @default "flux-system"
   */
  readonly namespace?: string;

  /**
   * Repository URL: https://, http:// or ssh:// (Flux does not accept scp-like git@host:path).
   */
  readonly url: string;

  /**
   * Branch to follow.
   * @default "main"
   */
  readonly branch?: string;

  /**
   * How often Flux checks the branch for new commits.
   * @default "1m"
   */
  readonly interval?: string;

  /**
   * Secret with Git credentials, for private repositories.
   * @default - none (public repository)
   */
  readonly secretName?: string;
}

/**
 * A Flux GitRepository (source.toolkit.fluxcd.io/v1).
 * @category GitOps
 */
export class FluxGitRepository extends Construct {
  /** The GitRepository's metadata.name. */
  public readonly name: string;
  /** The GitRepository's metadata.namespace. */
  public readonly namespace: string;
  /** The synthesized GitRepository object. */
  public readonly gitRepository: GitRepository;

  /**
   * @param scope - the chart of the GitOps objects, outside every synced path (e.g. dist/gitops-flux/)
   * @param id - the construct id; also the GitRepository's name when `props.name` is not set
   * @param props - the repository; checked at once, every violation reported in one `ValidationError`
   */
  constructor(scope: Construct, id: string, props: FluxGitRepositoryProps) {
    super(scope, id);
    this.name = props.name ?? id;
    this.namespace = props.namespace ?? 'flux-system';
    const branch = props.branch ?? 'main';
    const interval = props.interval ?? '1m';

    const c = new PropChecker();
    checkObjectName(c, 'name', this.name);
    checkNamespace(c, 'namespace', this.namespace);
    if (c.required('url', props.url)) checkGitUrl(c, 'url', props.url, GitUrlStyle.FLUX);
    checkToken(c, 'branch', branch);
    checkDuration(c, 'interval', interval);
    if (props.secretName !== undefined) checkObjectName(c, 'secretName', props.secretName);
    c.throwIfInvalid(`FluxGitRepository "${this.name}"`);

    this.gitRepository = new (fluxSourceApi().GitRepository)(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        url: props.url,
        ref: { branch },
        interval,
        ...(props.secretName !== undefined ? { secretRef: { name: props.secretName } } : {}),
      },
    });
  }
}

/**
 * Props of `FluxKustomization`: which path of the `FluxGitRepository` to apply, where to, and how often.
 * @category GitOps
 */
export interface FluxKustomizationProps {
  /**
   * Name of the Kustomization object.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Namespace of the Kustomization.
   * @default - the source's namespace
   */
  readonly namespace?: string;

  /**
   * The GitRepository to build from.
   */
  readonly source: FluxGitRepository;

  /**
   * The synced path inside the repository, e.g. "dist/production" (emitted as "./dist/production").
   */
  readonly path: string;

  /**
   * Delete objects that were removed from the path (garbage collection).
   * @default true
   */
  readonly prune?: boolean;

  /**
   * How often Flux re-applies the path even without a new commit (drift correction).
   * @default "10m"
   */
  readonly interval?: string;

  /**
   * How soon a failed apply or health check is retried.
   * @default "1m"
   */
  readonly retryInterval?: string;

  /**
   * Wait for every applied object to become ready before reporting the revision as applied.
   * @default true
   */
  readonly wait?: boolean;

  /**
   * How long to wait for apply and health checks before giving up on a revision.
   * @default "5m"
   */
  readonly timeout?: string;

  /**
   * Namespace forced on every namespaced object of the path.
   * @default - none (objects keep the namespace they were synthesized with)
   */
  readonly targetNamespace?: string;
}

/**
 * A Flux Kustomization (kustomize.toolkit.fluxcd.io/v1) applying one environment's synced path.
 * @category GitOps
 */
export class FluxKustomization extends Construct {
  /** The Kustomization's metadata.name. */
  public readonly name: string;
  /** The synthesized Kustomization object. */
  public readonly kustomization: Kustomization;

  /**
   * @param scope - the chart of the GitOps objects, outside every synced path (e.g. dist/gitops-flux/)
   * @param id - the construct id; also the Kustomization's name when `props.name` is not set
   * @param props - the path to apply and how; checked at once, every violation reported in one `ValidationError`
   */
  constructor(scope: Construct, id: string, props: FluxKustomizationProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const namespace = props.namespace ?? props.source.namespace;
    const interval = props.interval ?? '10m';
    const retryInterval = props.retryInterval ?? '1m';
    const timeout = props.timeout ?? '5m';

    const c = new PropChecker();
    checkObjectName(c, 'name', this.name);
    checkNamespace(c, 'namespace', namespace);
    c.required('source', props.source);
    if (c.required('path', props.path)) checkRepoPath(c, 'path', props.path);
    checkDuration(c, 'interval', interval);
    checkDuration(c, 'retryInterval', retryInterval);
    checkDuration(c, 'timeout', timeout);
    if (props.targetNamespace !== undefined) checkNamespace(c, 'targetNamespace', props.targetNamespace);
    c.throwIfInvalid(`FluxKustomization "${this.name}"`);

    const { Kustomization, KustomizationSpecSourceRefKind } = fluxKustomizeApi();
    this.kustomization = new Kustomization(this, 'Resource', {
      metadata: { name: this.name, namespace },
      spec: {
        sourceRef: {
          kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY,
          name: props.source.name,
          // Only spelled out when it differs: Flux defaults it to the Kustomization's namespace.
          ...(props.source.namespace !== namespace ? { namespace: props.source.namespace } : {}),
        },
        path: `./${normalizeRepoPath(props.path)}`,
        prune: props.prune ?? true,
        interval,
        retryInterval,
        wait: props.wait ?? true,
        timeout,
        ...(props.targetNamespace !== undefined ? { targetNamespace: props.targetNamespace } : {}),
      },
    });
  }
}
