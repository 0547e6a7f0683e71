import { versionResourceName } from '../../core/naming';
import { weightOf } from '../defaults';
import type { ModelServingProps } from '../props';

/** A version as the routers see it: the Service to send to, its weight, and whether it may be pinned at weight 0. */
export interface RoutedVersion {
  readonly version: string;
  readonly serviceName: string;
  readonly weight: number;
  /** The version opted into dark-launch pinning (see public-routes.ts). */
  readonly darkLaunch: boolean;
}

/** Every version of the model, in declaration order, as the routers see it. */
export function routedVersions(props: ModelServingProps): RoutedVersion[] {
  return props.versions.map((v) => ({
    version: v.version,
    serviceName: versionResourceName(props.modelName, v.version),
    weight: weightOf(v),
    darkLaunch: v.darkLaunch ?? false,
  }));
}
