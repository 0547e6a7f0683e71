/**
 * Which Deployments a HorizontalPodAutoscaler owns the replica count of.
 *
 * Argo CD must ignore `spec.replicas` of exactly those Deployments (see ArgoCdApplication's
 * `hpaManagedDeployments`): ignoring it everywhere would silently stop git from scaling the
 * Deployments that have no HPA. Deriving the list from the synthesized HPAs keeps it from drifting.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * Names of the Deployments targeted by an HPA under `scope`, sorted and without duplicates: what
 * `ArgoCdApplicationProps.hpaManagedDeployments` needs, so Argo CD ignores `spec.replicas` of
 * exactly the Deployments an HPA scales.
 * @param scope - a chart, or any construct whose HorizontalPodAutoscalers to read
 * @returns the `scaleTargetRef.name` of every HPA targeting a Deployment
 * @category GitOps
 */
export function deploymentsScaledByHpa(scope: IConstruct): string[] {
  const names = new Set<string>();
  for (const node of scope.node.findAll()) {
    if (!ApiObject.isApiObject(node) || node.kind !== 'HorizontalPodAutoscaler') continue;
    const target = node.toJson()?.spec?.scaleTargetRef;
    if (target?.kind === 'Deployment' && typeof target.name === 'string') names.add(target.name);
  }
  return [...names].sort();
}
