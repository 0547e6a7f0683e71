import { Construct } from 'constructs';
import { k8s } from '../../core/k8s';

/**
 * The identity and sandbox of the model server pods (Pod Security Standards "restricted").
 * @category Construct options
 */
export interface SecurityOptions {
  /**
   * UID the containers run as; must be non-zero. The sample image's user.
   * @default 65532
   */
  readonly runAsUser?: number;
  /**
   * GID the containers run as, and the owner group of mounted volumes (fsGroup).
   * @default 65532
   */
  readonly runAsGroup?: number;
  /**
   * Mount the container's root filesystem read-only; `/tmp` is an emptyDir either way.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Name of an existing ServiceAccount to run as. When omitted, a dedicated ServiceAccount named
   * after the model is created with `automountServiceAccountToken: false`.
   * @default - a dedicated ServiceAccount `<modelName>`
   */
  readonly serviceAccountName?: string;
}

/** The resolved security settings used by every container. */
export interface ResolvedSecurity {
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly readOnlyRootFilesystem: boolean;
}

/** Resolves the defaults of `SecurityOptions`. */
export function resolveSecurity(options: SecurityOptions = {}): ResolvedSecurity {
  return {
    runAsUser: options.runAsUser ?? 65532,
    runAsGroup: options.runAsGroup ?? 65532,
    readOnlyRootFilesystem: options.readOnlyRootFilesystem ?? true,
  };
}

/** Pod-level security context satisfying Pod Security Standards "restricted". */
export function podSecurityContext(security: ResolvedSecurity): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: security.runAsUser,
    runAsGroup: security.runAsGroup,
    fsGroup: security.runAsGroup,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Container-level security context satisfying Pod Security Standards "restricted". */
export function containerSecurityContext(security: ResolvedSecurity): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: security.readOnlyRootFilesystem,
    runAsNonRoot: true,
  };
}

/** The dedicated ServiceAccount of a model: no API token is mounted, the server never calls the API. */
export function addServiceAccount(scope: Construct, name: string, labels: Record<string, string>): k8s.KubeServiceAccount {
  return new k8s.KubeServiceAccount(scope, 'ServiceAccount', {
    metadata: { name, labels },
    automountServiceAccountToken: false,
  });
}
