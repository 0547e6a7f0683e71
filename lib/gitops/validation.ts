/**
 * Prop checks shared by the Argo CD and Flux constructs.
 *
 * Every check throws at construction time with the construct, the prop and the rejected value in
 * the message, because the alternative is a manifest that passes `kubectl apply` and then sits in
 * the GitOps controller with a status condition nobody reads.
 */

/** Who is complaining, e.g. `ArgoCdApplication "iris-production"`. */
export type Owner = string;

function fail(owner: Owner, field: string, expectation: string, value: unknown): never {
  throw new Error(`${owner}: ${field} must be ${expectation}, but ${JSON.stringify(value)} was provided`);
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A Kubernetes object name (RFC 1123 subdomain, at most 253 characters). */
export function checkObjectName(owner: Owner, field: string, value: string): void {
  if (value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    fail(owner, field, 'a lowercase RFC 1123 name (a-z, 0-9, "-", "."; at most 253 characters)', value);
  }
}

/** A namespace name (RFC 1123 label, at most 63 characters). */
export function checkNamespace(owner: Owner, field: string, value: string): void {
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    fail(owner, field, 'a lowercase RFC 1123 label (a-z, 0-9, "-"; at most 63 characters)', value);
  }
}

/** Which Git URL spellings a controller understands. */
export enum GitUrlStyle {
  /** Argo CD: `https://`, `ssh://` and scp-like `git@host:org/repo.git`. */
  ARGO_CD,
  /** Flux source-controller: `http://`, `https://` and `ssh://` only (its CRD pattern rejects scp-like URLs). */
  FLUX,
}

/** A Git repository URL the given controller can clone. */
export function checkGitUrl(owner: Owner, field: string, value: string, style: GitUrlStyle): void {
  if (style === GitUrlStyle.FLUX) {
    if (!/^(https?|ssh):\/\/[^\s/]+\/\S+$/.test(value)) {
      fail(owner, field, 'an https://, http:// or ssh:// URL (Flux does not accept scp-like git@host:path)', value);
    }
    return;
  }
  if (!/^(https|ssh):\/\/[^\s/]+\/\S+$/.test(value) && !/^[\w.-]+@[\w.-]+:\S+$/.test(value)) {
    fail(owner, field, 'an https://, ssh:// or git@ URL', value);
  }
}

/**
 * A path inside the repository, relative to its root, e.g. `dist/production`.
 *
 * Absolute paths and `..` are rejected: both controllers resolve the path inside the checkout and
 * either refuse or silently sync the wrong directory.
 */
export function checkRepoPath(owner: Owner, field: string, value: string): void {
  const trimmed = normalizeRepoPath(value);
  const segments = trimmed.split('/');
  if (trimmed === '' || value.startsWith('/') || segments.some((s) => s === '..' || s === '.' || s === '') || /\s/.test(value)) {
    fail(owner, field, 'a relative directory inside the repository such as "dist/production" (no leading "/", no "..")', value);
  }
}

/** The path without a leading `./` or trailing `/`, the form Argo CD expects. */
export function normalizeRepoPath(value: string): string {
  return value.replace(/^\.\//, '').replace(/\/+$/, '');
}

/**
 * A Go duration as both Flux CRDs and Argo CD accept it, e.g. `30s`, `5m`, `1h30m`.
 * `allowHours` is false for fields whose CRD pattern stops at minutes (GitRepository timeout).
 */
export function checkDuration(owner: Owner, field: string, value: string, allowHours = true): void {
  const pattern = allowHours ? /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/ : /^([0-9]+(\.[0-9]+)?(ms|s|m))+$/;
  if (!pattern.test(value) || /^(0+(\.0+)?(ms|s|m|h))+$/.test(value)) {
    fail(owner, field, `a positive duration such as "30s", "5m"${allowHours ? ' or "1h"' : ''}`, value);
  }
}

/** A whole number within [min, max]. */
export function checkInteger(owner: Owner, field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(owner, field, `an integer from ${min} to ${max}`, value);
  }
}

/** A non-empty string without whitespace (branch names, revisions, project names). */
export function checkToken(owner: Owner, field: string, value: string): void {
  if (value === '' || /\s/.test(value)) {
    fail(owner, field, 'a non-empty string without whitespace', value);
  }
}
