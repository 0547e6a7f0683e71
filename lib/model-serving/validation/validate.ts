/**
 * The rules table of `ModelServingProps`: one concern per rule, every rule run, every violation
 * reported at once as data (see core/validation). The order is the order of the messages.
 */
import { PropChecker } from '../../core/validation/checker';
import type { Violation } from '../../core/validation/violation';
import type { ModelServingProps } from '../props';
import { grpc } from './grpc-rules';
import { darkLaunch, gateway, ingress, mirror, publicPathsRule } from './router-rules';
import type { Rule } from './rule';
import { eachVersion, modelName, someTraffic, traffic, uniqueVersions, versionList } from './version-rules';
import { autoscaling, labels, modelResources, monitoring, operations, placement, ports, security } from './workload-rules';

const RULES: readonly Rule[] = [
  modelName, versionList, eachVersion, uniqueVersions, someTraffic,
  ports, modelResources, ingress, gateway, grpc, darkLaunch, publicPathsRule, mirror, autoscaling, operations, monitoring, security, placement, labels,
  traffic,
];

/** Every violation of `props`, in rule order; empty when they are valid. */
export function modelServingViolations(props: ModelServingProps): readonly Violation[] {
  const check = new PropChecker();
  for (const rule of RULES) rule(props, check);
  return check.violations;
}

/** Validates `props`; throws one `ValidationError` for `owner` listing every violation. */
export function validateModelServingProps(owner: string, props: ModelServingProps): void {
  const check = new PropChecker();
  for (const rule of RULES) rule(props, check);
  check.throwIfInvalid(owner);
}
