/**
 * An Argo CD Application that syncs one committed dist/<env>/ directory, as is. Its spec (directory
 * source, automated sync, the safe defaults) is the one `ArgoCdApplicationSet` templates: see
 * ./argocd-app-spec.
 */
import { Construct } from 'constructs';
import type { Application } from '../../imports/argocd-argoproj.io';
import { argoCdApi } from '../core/crd-imports';
import { PropChecker } from '../core/validation/checker';
import {
  API_SERVER_URL, applicationFinalizers, applicationSpec, ARGOCD_IN_CLUSTER_SERVER, ArgoCdCommonProps, checkCommonProps, sortedNames,
} from './argocd-app-spec';
import { checkNamespace, checkObjectName, checkRepoPath, normalizeRepoPath } from './validation';

/**
 * Props of `ArgoCdApplication`: which repository path to sync, where to, and how.
 * @category GitOps
 */
export interface ArgoCdApplicationProps extends ArgoCdCommonProps {
  /**
   * Name of the Application object.
   * @default the construct id
   */
  readonly name?: string;

  /**
   * The synced path inside the repository, e.g. "dist/production". Only this directory is applied
   * (not its subdirectories), so GitOps objects must live outside it (e.g. dist/gitops-argocd/).
   */
  readonly path: string;

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
   * Names of Deployments whose `spec.replicas` is owned by a HorizontalPodAutoscaler. Argo CD ignores
   * that field when diffing and, with `RespectIgnoreDifferences=true`, keeps the live value on sync,
   * so Argo CD and the HPA stop fighting. Use `deploymentsScaledByHpa(chart)` to derive the list.
   * @default [] (no field is ignored)
   */
  readonly hpaManagedDeployments?: string[];
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

  constructor(scope: Construct, id: string, props: ArgoCdApplicationProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const server = props.destinationServer ?? ARGOCD_IN_CLUSTER_SERVER;

    const c = new PropChecker();
    checkObjectName(c, 'name', this.name);
    checkCommonProps(c, props);
    if (c.required('path', props.path)) checkRepoPath(c, 'path', props.path);
    c.matches('destinationServer', server, API_SERVER_URL, 'an https:// API server URL');
    if (c.required('destinationNamespace', props.destinationNamespace)) checkNamespace(c, 'destinationNamespace', props.destinationNamespace);
    (props.hpaManagedDeployments ?? []).forEach((name, i) => checkObjectName(c.at('hpaManagedDeployments'), i, name));
    c.throwIfInvalid(`ArgoCdApplication "${this.name}"`);

    const finalizers = applicationFinalizers(props);
    this.application = new (argoCdApi().Application)(this, 'Resource', {
      metadata: {
        name: this.name,
        namespace: props.argoCdNamespace ?? 'argocd',
        ...(finalizers ? { finalizers } : {}),
      },
      spec: applicationSpec(props, {
        path: normalizeRepoPath(props.path),
        server,
        namespace: props.destinationNamespace,
        hpaManagedDeployments: sortedNames(props.hpaManagedDeployments),
      }),
    });
  }
}
