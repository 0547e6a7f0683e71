/**
 * One Argo CD ApplicationSet that generates an Application per environment, each the same as an
 * `ArgoCdApplication` would be (same spec, same safe defaults, same name: `<name>-<environment>`).
 *
 * Generator: a list generator whose elements are the environments, each carrying its synced path,
 * destination namespace and cluster, and the Deployments whose replicas an HPA owns. A git directory
 * generator over dist/* was the alternative, and was not chosen: it derives everything from folder
 * names, so it cannot carry a namespace that differs from the folder (the sample's production
 * deploys to `models`) nor the per-environment ignoreDifferences, it would also pick up the
 * dist/gitops-* folders unless told to exclude them, and it needs repository credentials in the
 * ApplicationSet controller. The list is also reviewable: a release that adds an autoscaled
 * version shows up as one added name in one element.
 *
 * A template can only put strings into string fields, so the list-valued ignoreDifferences comes
 * from `templatePatch` (a Go template rendered per element and merged into the Application), which
 * is why `goTemplate` is on; `missingkey=error` makes a template typo fail instead of rendering "".
 * The typed classes of the ApplicationSet CRD are not generated (`cdk8s import` writes 3.3 MB of
 * TypeScript for its nested generators), so this file types what it writes; the template's spec is
 * the generated `ApplicationSpec`, and the tests check the object against the vendored CRD.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { argoCdApi } from '../core/crd-imports';
import { PropChecker } from '../core/validation/checker';
import { DNS_1123_LABEL } from '../core/validation/patterns';
import {
  API_SERVER_URL, applicationFinalizers, applicationSpec, ARGOCD_IN_CLUSTER_SERVER, ArgoCdCommonProps, checkCommonProps, sortedNames,
} from './argocd-app-spec';
import { checkNamespace, checkObjectName, checkRepoPath, normalizeRepoPath } from './validation';

/**
 * One environment: one generated Application.
 * @category GitOps
 */
export interface ArgoCdApplicationSetEnvironment {
  /**
   * Name of the environment; its Application is named `<ApplicationSet name>-<name>`.
   */
  readonly name: string;

  /**
   * The synced path inside the repository, e.g. "dist/production" (that directory only, not its
   * subdirectories).
   */
  readonly path: string;

  /**
   * Namespace the environment's objects are deployed to (used for objects that do not set one).
   */
  readonly namespace: string;

  /**
   * API server URL of the environment's cluster.
   * @default "https://kubernetes.default.svc" (the cluster Argo CD runs in)
   */
  readonly destinationServer?: string;

  /**
   * Deployments whose `spec.replicas` an HPA owns: the environment's Application ignores exactly
   * that field of exactly those Deployments. Use `deploymentsScaledByHpa(chart)`.
   * @default [] (no field is ignored)
   */
  readonly hpaManagedDeployments?: string[];
}

/**
 * Props of `ArgoCdApplicationSet`: the repository, and the environments it makes an Application for.
 * @category GitOps
 */
export interface ArgoCdApplicationSetProps extends ArgoCdCommonProps {
  /**
   * Name of the ApplicationSet, and the prefix of each generated Application's name.
   * @default the construct id
   */
  readonly name?: string;

  /**
   * The environments, one Application each, in this order. Removing one from the list (and
   * re-applying the ApplicationSet) deletes its Application, and with `cascadeDelete` its objects.
   */
  readonly environments: ArgoCdApplicationSetEnvironment[];
}

/** Group, version and kind of the object. */
export const APPLICATION_SET_GVK = { apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet' } as const;

/**
 * Adds `ignoreDifferences` for the element's HPA-managed Deployments. Elements without any omit the
 * key (no empty list in git), so the patch is then `{}`: an empty `spec:` would clear the template's spec.
 * Names go through toJson, as Argo CD advises for values inside a patch.
 */
export const HPA_REPLICAS_TEMPLATE_PATCH = [
  '{{- if hasKey . "hpaManagedDeployments" }}',
  'spec:',
  '  ignoreDifferences:',
  '  {{- range .hpaManagedDeployments }}',
  '    - group: apps',
  '      kind: Deployment',
  '      name: {{ toJson . }}',
  '      jsonPointers:',
  '        - /spec/replicas',
  '  {{- end }}',
  '{{- else }}',
  '{}',
  '{{- end }}',
  '',
].join('\n');

/**
 * An Argo CD ApplicationSet (argoproj.io/v1alpha1) with one Application per environment's synced path.
 * @category GitOps
 */
export class ArgoCdApplicationSet extends Construct {
  /** The ApplicationSet's metadata.name. */
  public readonly name: string;
  /** The names of the generated Applications, in the order of `environments`. */
  public readonly applicationNames: string[];
  /** The synthesized ApplicationSet object. */
  public readonly applicationSet: ApiObject;

  constructor(scope: Construct, id: string, props: ArgoCdApplicationSetProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const environments = props.environments ?? [];
    this.applicationNames = environments.map((env) => `${this.name}-${env.name}`);

    const c = new PropChecker();
    checkObjectName(c, 'name', this.name);
    checkCommonProps(c, props);
    checkEnvironments(c, this.name, environments);
    c.throwIfInvalid(`ArgoCdApplicationSet "${this.name}"`);

    const finalizers = applicationFinalizers(props);
    const template = applicationSpec(props, { path: '{{ .path }}', server: '{{ .server }}', namespace: '{{ .namespace }}', hpaManagedDeployments: [] });
    this.applicationSet = new ApiObject(this, 'Resource', {
      ...APPLICATION_SET_GVK,
      metadata: { name: this.name, namespace: props.argoCdNamespace ?? 'argocd' },
      spec: {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [{ list: { elements: environments.map(element) } }],
        template: {
          metadata: { name: `${this.name}-{{ .environment }}`, ...(finalizers ? { finalizers } : {}) },
          spec: argoCdApi().toJson_ApplicationSpec(template),
        },
        templatePatch: HPA_REPLICAS_TEMPLATE_PATCH,
        // Without the finalizer in the template the controller would add it anyway, unless told to preserve resources.
        ...(finalizers ? {} : { syncPolicy: { preserveResourcesOnDeletion: true } }),
      },
    });
  }
}

/** The list generator's element of one environment: the parameters the template and the patch read. */
function element(env: ArgoCdApplicationSetEnvironment): Record<string, unknown> {
  const hpaManaged = sortedNames(env.hpaManagedDeployments);
  return {
    environment: env.name,
    path: normalizeRepoPath(env.path),
    namespace: env.namespace,
    server: env.destinationServer ?? ARGOCD_IN_CLUSTER_SERVER,
    ...(hpaManaged.length > 0 ? { hpaManagedDeployments: hpaManaged } : {}),
  };
}

function checkEnvironments(c: PropChecker, name: string, environments: ArgoCdApplicationSetEnvironment[]): void {
  if (environments.length === 0) c.fail('environments', 'list at least one environment', environments);
  const seenNames = new Map<string, number>();
  const seenTargets = new Map<string, number>();
  environments.forEach((env, i) => {
    const at = c.at('environments', i);
    if (at.required('name', env.name) && at.matches('name', env.name, DNS_1123_LABEL, 'a lowercase RFC 1123 label (a-z, 0-9, "-"; at most 63 characters)')) {
      if (name.length + 1 + env.name.length > 253) at.fail('name', 'keep the Application name "<ApplicationSet name>-<environment>" within 253 characters', env.name);
      if (seenNames.has(env.name)) at.fail('name', `differ from environments[${seenNames.get(env.name)}].name (each names an Application)`, env.name);
      seenNames.set(env.name, i);
    }
    if (at.required('path', env.path)) checkRepoPath(at, 'path', env.path);
    if (at.required('namespace', env.namespace)) checkNamespace(at, 'namespace', env.namespace);
    const server = env.destinationServer ?? ARGOCD_IN_CLUSTER_SERVER;
    at.matches('destinationServer', server, API_SERVER_URL, 'an https:// API server URL');
    (env.hpaManagedDeployments ?? []).forEach((deployment, j) => checkObjectName(at.at('hpaManagedDeployments'), j, deployment));
    if (typeof env.path === 'string') {
      // Two Applications syncing the same path into the same cluster would prune each other's objects.
      const target = `${server} ${normalizeRepoPath(env.path)}`;
      if (seenTargets.has(target)) at.fail('path', `differ from environments[${seenTargets.get(target)}].path on the same cluster (two Applications would prune each other's objects)`, env.path);
      seenTargets.set(target, i);
    }
  });
}
