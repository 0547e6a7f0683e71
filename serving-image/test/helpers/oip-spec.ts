/**
 * Validates responses against the official Open Inference Protocol REST spec
 * (fixtures/open_inference_rest.yaml, vendored from kserve/open-inference-protocol, Apache-2.0).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';

const spec = parse(readFileSync(join(__dirname, '..', 'fixtures', 'open_inference_rest.yaml'), 'utf8'));
// The spec is OpenAPI 3.0 with x-examples etc., so strict mode is off; refs resolve inside the document.
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema({ $id: 'oip', components: spec.components });

export type OipSchemaName = 'metadata_server_response' | 'metadata_model_response' | 'inference_response'
  | 'inference_error_response' | 'metadata_model_error_response' | 'metadata_server_error_response' | 'inference_request';

export function expectMatchesOip(schema: OipSchemaName, body: unknown): void {
  const validate = ajv.getSchema(`oip#/components/schemas/${schema}`);
  if (!validate) throw new Error(`schema ${schema} missing from the vendored spec`);
  if (!validate(body)) {
    throw new Error(`response does not match OIP ${schema}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
  }
}

/** The paths the spec defines, with ${MODEL_NAME}/${MODEL_VERSION} placeholders. */
export const oipPaths: string[] = Object.keys(spec.paths);
