/**
 * Facts about this package that live in serving-image/package.json (one source, no literals):
 * its root folder — found by walking up, because the compiled layout nests deeper than the
 * sources — and the server version reported by GET /v2 and the OpenAPI document.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Name the server reports in GET /v2 (the project, not the npm workspace name). */
export const SERVER_NAME = 'cdk8s-model-serving';

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** serving-image/ (or /app/serving-image in the image). */
export const PACKAGE_ROOT = findPackageRoot(__dirname);

/** `version` from serving-image/package.json. */
export const SERVER_VERSION: string = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;
