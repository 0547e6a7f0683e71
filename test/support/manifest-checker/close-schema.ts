/**
 * Makes OpenAPI object schemas "closed": every object schema that lists `properties` and says nothing about
 * `additionalProperties` gets `additionalProperties: false`, so a misspelled or unknown field is an error
 * (the API server silently drops unknown fields, which is how `replcas: 3` ships unnoticed and why Argo CD then
 * shows a permanent diff).
 *
 * Only structural positions are closed (the schema itself, property values, array items, map values, and
 * definitions); branches of anyOf/oneOf/allOf/not are left alone because they often list a subset of the
 * properties to express "one of these fields" and closing them would reject valid objects.
 */

type Schema = Record<string, any>;

/** Returns a closed deep copy of `schema`. */
export function closeSchema(schema: Schema): Schema {
  const copy = structuredClone(schema);
  closeInPlace(copy);
  return copy;
}

function closeInPlace(schema: unknown): void {
  if (!isSchema(schema)) return;
  // CRDs mark free-form subtrees (Helm values, raw patches) with this; they must stay open.
  if (schema['x-kubernetes-preserve-unknown-fields'] === true) return;
  if (isSchema(schema.properties)) {
    if (schema.additionalProperties === undefined && (schema.type === undefined || schema.type === 'object')) {
      schema.additionalProperties = false;
    }
    for (const property of Object.values(schema.properties)) closeInPlace(property);
  }
  if (isSchema(schema.items)) closeInPlace(schema.items);
  if (isSchema(schema.additionalProperties)) closeInPlace(schema.additionalProperties);
  if (isSchema(schema.definitions)) {
    for (const definition of Object.values(schema.definitions)) closeInPlace(definition);
  }
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
