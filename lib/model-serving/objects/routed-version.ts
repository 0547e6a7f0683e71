import { versionResourceName } from '../../core/naming';
import { weightOf } from '../defaults';
import type { ModelServingProps } from '../props';

/** A version as the routers see it: the Service to send to and its weight. */
export interface RoutedVersion {
  readonly version: string;
  readonly serviceName: string;
  readonly weight: number;
}

/** Every version of the model, in declaration order, as the routers see it. */
export function routedVersions(props: ModelServingProps): RoutedVersion[] {
  return props.versions.map((v) => ({ version: v.version, serviceName: versionResourceName(props.modelName, v.version), weight: weightOf(v) }));
}
