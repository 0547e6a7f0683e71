/**
 * Object names. Readable and stable: derived from the model and version only — no hash, no
 * construct path — so a rename of a construct or a new image never renames an object.
 */

/**
 * A version as it appears in object and rule names: lowercase, every character that a DNS-1035
 * label does not allow turned into `-` (`1.1.0` → `1-1-0`). Two versions with the same name part
 * would produce the same objects, so validation refuses that.
 */
export function versionNamePart(version: string): string {
  return version.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

/** The object name of a version: `<modelName>-<version name part>`, e.g. `iris` + `1.1.0` → `iris-1-1-0`. */
export function versionResourceName(modelName: string, version: string): string {
  return `${modelName}-${versionNamePart(version)}`;
}
