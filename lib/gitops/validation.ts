/**
 * Prop checks shared by the Argo CD and Flux constructs, on the library's one validation model:
 * each records a violation on the construct's checker, and the construct reports them all at once.
 *
 * They run at construction time because the alternative is a manifest that passes `kubectl apply`
 * and then sits in the GitOps controller with a status condition nobody reads.
 */
import { PropChecker } from '../core/validation/checker';
import { DNS_1123_LABEL, DNS_1123_SUBDOMAIN } from '../core/validation/patterns';

/** A Kubernetes object name (RFC 1123 subdomain, at most 253 characters). */
export function checkObjectName(c: PropChecker, key: string | number, value: string): void {
  c.matches(key, value, DNS_1123_SUBDOMAIN, 'a lowercase RFC 1123 name (a-z, 0-9, "-", "."; at most 253 characters)');
}

/** A namespace name (RFC 1123 label, at most 63 characters). */
export function checkNamespace(c: PropChecker, key: string, value: string): void {
  c.matches(key, value, DNS_1123_LABEL, 'a lowercase RFC 1123 label (a-z, 0-9, "-"; at most 63 characters)');
}

/** Which Git URL spellings a controller understands. */
export enum GitUrlStyle {
  /** Argo CD: `https://`, `ssh://` and scp-like `git@host:org/repo.git`. */
  ARGO_CD,
  /** Flux source-controller: `http://`, `https://` and `ssh://` only (its CRD pattern rejects scp-like URLs). */
  FLUX,
}

/** A Git repository URL the given controller can clone. */
export function checkGitUrl(c: PropChecker, key: string, value: string, style: GitUrlStyle): void {
  if (style === GitUrlStyle.FLUX) {
    c.matches(key, value, /^(https?|ssh):\/\/[^\s/]+\/\S+$/, 'an https://, http:// or ssh:// URL (Flux does not accept scp-like git@host:path)');
    return;
  }
  c.matches(key, value, /^(https|ssh):\/\/[^\s/]+\/\S+$|^[\w.-]+@[\w.-]+:\S+$/, 'an https://, ssh:// or git@ URL');
}

/**
 * A path inside the repository, relative to its root, e.g. `dist/production`.
 *
 * Absolute paths and `..` are rejected: both controllers resolve the path inside the checkout and
 * either refuse or silently sync the wrong directory.
 */
export function checkRepoPath(c: PropChecker, key: string, value: string): void {
  const trimmed = normalizeRepoPath(value);
  const segments = trimmed.split('/');
  if (trimmed === '' || value.startsWith('/') || segments.some((s) => s === '..' || s === '.' || s === '') || /\s/.test(value)) {
    c.fail(key, 'be a relative directory inside the repository such as "dist/production" (no leading "/", no "..")', value);
  }
}

/** The path without a leading `./` or trailing `/`, the form Argo CD expects. */
export function normalizeRepoPath(value: string): string {
  return value.replace(/^\.\//, '').replace(/\/+$/, '');
}

/** A positive Go duration as both Flux CRDs and Argo CD accept it, e.g. `30s`, `5m`, `1h30m`. */
export function checkDuration(c: PropChecker, key: string, value: string): void {
  if (!/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/.test(value) || /^(0+(\.0+)?(ms|s|m|h))+$/.test(value)) {
    c.fail(key, 'be a positive duration such as "30s", "5m" or "1h"', value);
  }
}

/** A non-empty string without whitespace (branch names, revisions, project names). */
export function checkToken(c: PropChecker, key: string, value: string): void {
  c.matches(key, value, /^\S+$/, 'a non-empty string without whitespace');
}
