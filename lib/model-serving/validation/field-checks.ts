/**
 * Checks of fields that appear in several places of the props (model-wide and per version):
 * images, resources, env and labels.
 */
import { LabelKeys } from '../../core/labels';
import { parseQuantity } from '../../core/quantities';
import { PropChecker } from '../../core/validation/checker';
import { imageReferenceProblem } from '../../core/validation/image-reference';
import { ENV_NAME, LABEL_KEY, LABEL_VALUE } from '../../core/validation/patterns';
import type { ResourceOptions } from '../objects/resources';
import { CONSTRUCT_WRITTEN_ENV } from '../server-env';

/** A well-formed image reference with a fixed tag or digest (unless mutable tags are allowed). */
export function checkImage(c: PropChecker, key: string, image: string, allowMutable: boolean): void {
  const problem = imageReferenceProblem(image, allowMutable);
  if (problem) c.fail(key, problem, image);
}

/** Quantities of `r` (under `c`), and limits not below requests once merged over `base`. */
export function checkResources(c: PropChecker, r: ResourceOptions | undefined, base: ResourceOptions = {}): void {
  if (!r) return;
  const cpuOk = c.quantity('cpu', r.cpu, true) && c.quantity('cpuLimit', r.cpuLimit, true);
  const memOk = c.quantity('memory', r.memory) && c.quantity('memoryLimit', r.memoryLimit);
  c.integer('gpu', r.gpu, 0, 64);
  const merged = { ...base, ...r };
  if (cpuOk && merged.cpu && merged.cpuLimit && larger(merged.cpu, merged.cpuLimit)) c.fail('cpuLimit', `be at least the CPU request (${merged.cpu})`, merged.cpuLimit);
  if (memOk && merged.memory && merged.memoryLimit && larger(merged.memory, merged.memoryLimit)) c.fail('memoryLimit', `be at least the memory request (${merged.memory})`, merged.memoryLimit);
}

function larger(a: string, b: string): boolean {
  const pa = parseQuantity(a);
  const pb = parseQuantity(b);
  return !!pa && !!pb && pa.nanos > pb.nanos;
}

/** Env var names (C identifiers, none the construct writes itself) and string values. */
export function checkEnv(c: PropChecker, env: Record<string, string> | undefined): void {
  for (const [name, value] of Object.entries(env ?? {})) {
    if (!ENV_NAME.test(name)) {
      c.failKey(name, 'be an environment variable name (letters, digits, "_", not starting with a digit)');
    } else if (CONSTRUCT_WRITTEN_ENV.includes(name)) {
      c.fail(name, `not be set: the construct sets ${CONSTRUCT_WRITTEN_ENV.join(', ')} from its props`, value);
    }
    if (typeof value !== 'string') c.fail(name, 'be a string', value);
  }
}

/** Label keys and values; `protect` refuses the app.kubernetes.io keys the construct owns. */
export function checkLabels(c: PropChecker, labels: Record<string, string> | undefined, protect: boolean): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (!LABEL_KEY.test(key)) c.failKey(key, 'be a label key');
    if (value !== '') c.matches(key, value, LABEL_VALUE, 'a label value');
    if (protect && Object.values(LabelKeys).includes(key as never)) c.failKey(key, 'not override the app.kubernetes.io labels the construct sets');
  }
}
