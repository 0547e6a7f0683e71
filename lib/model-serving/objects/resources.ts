import { k8s } from '../../core/k8s';
import { canonicalQuantity } from '../../core/quantities';

/**
 * Compute resources of one model server container. Requests and limits are always emitted.
 * @category Construct options
 */
export interface ResourceOptions {
  /**
   * CPU request, a Kubernetes quantity (`500m`, `2`).
   * @default "500m"
   */
  readonly cpu?: string;
  /**
   * Memory request, a Kubernetes quantity (`512Mi`, `4Gi`).
   * @default "512Mi"
   */
  readonly memory?: string;
  /**
   * CPU limit. Equal to the request by default, which with equal memory gives the pod the
   * Guaranteed QoS class: predictable latency and the last to be evicted.
   * @default - the CPU request
   */
  readonly cpuLimit?: string;
  /**
   * Memory limit. A model server that outgrows it is OOM-killed, so keep it equal to the request.
   * @default - the memory request
   */
  readonly memoryLimit?: string;
  /**
   * NVIDIA GPUs per pod, emitted as the `nvidia.com/gpu` limit. A version with GPUs gets a
   * GPU-safe rollout strategy (see `RolloutOptions`).
   * @default 0
   */
  readonly gpu?: number;
}

/** Default CPU request when `resources.cpu` is omitted. */
export const DEFAULT_CPU = '500m';
/** Default memory request when `resources.memory` is omitted. */
export const DEFAULT_MEMORY = '512Mi';

/** Merges model-wide and per-version resources (version wins, field by field). */
export function mergeResources(model: ResourceOptions = {}, version: ResourceOptions = {}): ResourceOptions {
  return { ...model, ...dropUndefined(version) };
}

/** The container `resources` block in canonical quantities. */
export function containerResources(options: ResourceOptions): k8s.ResourceRequirements {
  const cpu = canonicalQuantity(options.cpu ?? DEFAULT_CPU);
  const memory = canonicalQuantity(options.memory ?? DEFAULT_MEMORY);
  const limits: Record<string, k8s.Quantity> = {
    cpu: k8s.Quantity.fromString(options.cpuLimit ? canonicalQuantity(options.cpuLimit) : cpu),
    memory: k8s.Quantity.fromString(options.memoryLimit ? canonicalQuantity(options.memoryLimit) : memory),
  };
  if (options.gpu) limits['nvidia.com/gpu'] = k8s.Quantity.fromNumber(options.gpu);
  return {
    limits,
    requests: { cpu: k8s.Quantity.fromString(cpu), memory: k8s.Quantity.fromString(memory) },
  };
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
