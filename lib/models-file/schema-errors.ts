/**
 * ajv's JSON Schema errors as the library's violations, so a shape error in models.yaml reads and is
 * placed exactly like a rule violation: `<path> must …, but <value> was provided`.
 */
import type { ErrorObject } from 'ajv';
import type { PropPath, Violation } from '../core/validation/violation';

/** The violation an ajv error (compiled with `verbose: true`) stands for; `undefined` for errors reported by an inner one. */
export function schemaViolation(error: ErrorObject): Violation | undefined {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, any>;
  const schema = error.parentSchema as Record<string, any> | undefined;
  switch (error.keyword) {
    case 'additionalProperties': {
      const known = Object.keys(schema?.properties ?? {});
      return { path: [...path, params.additionalProperty], key: true, requirement: `be one of the known settings (${known.join(', ')})`, value: params.additionalProperty };
    }
    case 'propertyNames':
      return undefined;
    case 'required':
      return { path: [...path, params.missingProperty], requirement: 'be set', value: undefined };
    case 'pattern':
      if (error.propertyName !== undefined) {
        return { path: [...path, error.propertyName], key: true, requirement: `be ${schema?.description}`, value: error.propertyName };
      }
      return { path, requirement: `be ${schema?.description}`, value: error.data };
    case 'type': {
      const hint = params.type === 'string' && typeof error.data === 'number' ? ` (quote it: "${error.data}")` : '';
      return { path, requirement: `be ${/^[aeiou]/.test(params.type) ? 'an' : 'a'} ${params.type}${hint}`, value: error.data };
    }
    case 'enum':
      return { path, requirement: `be one of ${params.allowedValues.map((v: unknown) => JSON.stringify(v)).join(', ')}`, value: error.data };
    case 'minimum':
    case 'maximum':
      return { path, requirement: `be an integer between ${schema?.minimum} and ${schema?.maximum}`, value: error.data };
    case 'minItems':
    case 'minProperties':
      return { path, requirement: 'list at least one entry', value: error.data };
    default:
      return { path, requirement: `satisfy the schema (${error.message})`, value: error.data };
  }
}

function pointerToPath(pointer: string): PropPath {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((raw) => {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(segment) ? Number(segment) : segment;
  });
}
