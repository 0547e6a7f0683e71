/** Rules of the routers: Ingress, Gateway API HTTPRoute, mirroring and the public paths. */
import { weightOf } from '../defaults';
import { DNS_1123_LABEL, DNS_1123_SUBDOMAIN, HEADER_NAME, HOSTNAME, LABEL_KEY } from '../../core/validation/patterns';
import type { PropChecker } from '../../core/validation/checker';
import type { GatewayParentRef } from '../objects/gateway';
import { MAX_BACKENDS_PER_RULE } from '../objects/route-packing';
import { MAX_EXTRA_PUBLIC_PATHS, modelApiPaths } from '../objects/public-routes';
import type { Rule } from './rule';

/**
 * A path both Gateway API (PathPrefix) and the Ingress API accept: absolute, URI path characters
 * only, no `//`, `/./`, `/../`, encoded slash or fragment, not ending in `/.` or `/..`.
 */
const ROUTE_PATH = /^\/(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})*$/;
const UNSAFE_PATH = /\/\/|\/\.\.?\/|\/\.\.?$|%2f/i;

/** NGINX annotations that inject raw configuration (ingress-nginx `*-snippet`, NGINX Inc's `*-snippets`). */
const SNIPPET_ANNOTATION = /-snippets?$/;
/** Annotations `nginxCanary` writes itself; a user value would silently change or break the split. */
const CANARY_ANNOTATION = /^nginx\.ingress\.kubernetes\.io\/canary(-|$)/;

export const ingress: Rule = (p, c) => {
  const ing = p.ingress;
  if (!ing) return;
  const at = c.at('ingress');
  if (!at.matches('host', ing.host, HOSTNAME, 'a lowercase host name without scheme, port or path (e.g. "iris.example.com")')) return;
  if (ing.path !== undefined) checkRoutePath(at, 'path', ing.path);
  at.matches('tlsSecretName', ing.tlsSecretName, DNS_1123_SUBDOMAIN, 'a Secret name (DNS-1123 subdomain)');
  at.matches('className', ing.className, DNS_1123_SUBDOMAIN, 'an IngressClass name (DNS-1123 subdomain)');
  checkAnnotations(at.at('annotations'), ing.annotations);
};

function checkAnnotations(c: PropChecker, annotations: Record<string, string> | undefined): void {
  for (const [key, value] of Object.entries(annotations ?? {})) {
    const name = key.slice(key.lastIndexOf('/') + 1);
    if (!LABEL_KEY.test(key)) {
      c.failKey(key, 'be an annotation key ([prefix/]name)');
    } else if (SNIPPET_ANNOTATION.test(name)) {
      c.failKey(key, 'not be an NGINX snippet annotation: it injects raw NGINX configuration, which runs with the controller\'s '
        + 'privileges for every host it serves; use the controller\'s dedicated annotations, or ask its admin for a global setting');
    } else if (CANARY_ANNOTATION.test(key)) {
      c.failKey(key, 'not be an NGINX canary annotation: set ingress.nginxCanary and the versions\' weights instead');
    }
    if (typeof value !== 'string') c.fail(key, 'be a string', value);
  }
}

function checkRoutePath(c: PropChecker, key: string | number, path: string): boolean {
  if (typeof path !== 'string' || !ROUTE_PATH.test(path)) {
    c.fail(key, 'be an absolute path starting with "/" (URI path characters only)', path);
    return false;
  }
  if (UNSAFE_PATH.test(path)) {
    c.fail(key, 'be a normalized path (no "//", "/./", "/../", trailing "/." or "/..", or encoded "/")', path);
    return false;
  }
  return true;
}

export const publicPathsRule: Rule = (p, c) => {
  const extra = p.extraPublicPaths;
  if (extra === undefined) return;
  if (!Array.isArray(extra)) {
    c.fail('extraPublicPaths', 'be a list of paths', extra);
    return;
  }
  if (extra.length > MAX_EXTRA_PUBLIC_PATHS) {
    c.fail('extraPublicPaths', `list at most ${MAX_EXTRA_PUBLIC_PATHS} paths (each one is repeated in every pin rule, and a Gateway API route `
      + 'holds at most 128 matches)', extra, `${extra.length} paths`);
  }
  const seen = new Set(modelApiPaths(p.modelName ?? '').map((m) => m.value));
  extra.forEach((path, i) => {
    if (!checkRoutePath(c.at('extraPublicPaths'), i, path)) return;
    if (seen.has(path)) c.at('extraPublicPaths').fail(i, 'be a path the routes do not match already (the model\'s API paths are always routed)', path);
    seen.add(path);
  });
  if (!p.gateway && (!p.ingress || p.ingress.path !== undefined)) {
    c.fail('extraPublicPaths', 'be used with gateway, or with an ingress that does not set ingress.path (an explicit path replaces the public paths)', extra);
  }
};

export const gateway: Rule = (p, c) => {
  const g = p.gateway;
  if (!g) return;
  const at = c.at('gateway');
  checkParentRefs(at, g.parentRefs);
  checkHostnames(at, g.hostnames);
  at.matches('versionHeader', g.versionHeader, HEADER_NAME, 'an HTTP header name');
  const weighted = (p.versions ?? []).filter((v) => weightOf(v) > 0);
  if (weighted.length > MAX_BACKENDS_PER_RULE) {
    c.fail('versions', `give at most ${MAX_BACKENDS_PER_RULE} versions a weight above 0 with gateway (a Gateway API rule holds at most `
      + `${MAX_BACKENDS_PER_RULE} backends): set the weight of retired versions to 0 or remove them`,
    weighted.map((v) => v.version), `${weighted.length} weighted versions`);
  }
};

/** Gateway API's limits on a route's parentRefs and hostnames (CRD `maxItems`, HTTPRoute and GRPCRoute alike). */
const MAX_PARENT_REFS = 32;
const MAX_HOSTNAMES = 16;

/** A non-empty list of Gateway references; false when it is not usable (missing, empty, too long or a bad entry). */
export function checkParentRefs(c: PropChecker, refs: readonly GatewayParentRef[] | undefined): boolean {
  if (!Array.isArray(refs) || refs.length === 0) {
    c.fail('parentRefs', 'list at least one Gateway', refs);
    return false;
  }
  if (refs.length > MAX_PARENT_REFS) {
    c.fail('parentRefs', `list at most ${MAX_PARENT_REFS} Gateways (a Gateway API route's limit)`, refs, `${refs.length} Gateways`);
    return false;
  }
  return refs.map((ref, i) => {
    const refAt = c.at('parentRefs', i);
    return [
      refAt.matches('name', ref.name ?? '', DNS_1123_SUBDOMAIN, 'a Gateway name (DNS-1123 subdomain)'),
      refAt.matches('namespace', ref.namespace, DNS_1123_LABEL, 'a namespace name (DNS-1123 label)'),
      refAt.matches('sectionName', ref.sectionName, DNS_1123_SUBDOMAIN, 'a listener name (DNS-1123 subdomain)'),
    ].every(Boolean);
  }).every(Boolean);
}

/** Route hostnames; false when one is not a host name, or there are too many. */
export function checkHostnames(c: PropChecker, hostnames: readonly string[] | undefined): boolean {
  if (hostnames !== undefined && hostnames.length > MAX_HOSTNAMES) {
    c.fail('hostnames', `list at most ${MAX_HOSTNAMES} hostnames (a Gateway API route's limit)`, hostnames, `${hostnames.length} hostnames`);
    return false;
  }
  return (hostnames ?? []).map((h, i) => c.at('hostnames').matches(i, h, HOSTNAME, 'a lowercase host name without scheme or port')).every(Boolean);
}

/** Dark-launch pinning is an HTTPRoute rule: without gateway it would be silently ignored, so it is refused. */
export const darkLaunch: Rule = (p, c) => {
  if (p.gateway) return;
  (p.versions ?? []).forEach((v, i) => {
    if (v.darkLaunch === true) {
      c.at('versions', i).fail('darkLaunch', 'be used with gateway (pinning a weight-0 version is an HTTPRoute rule; '
        + 'an Ingress can pin only the NGINX canary, which has traffic)', true);
    }
  });
};

export const mirror: Rule = (p, c) => {
  const m = p.mirror;
  if (!m) return;
  if (!p.gateway) c.fail('mirror', 'be used together with gateway (mirroring is a Gateway API filter)', m);
  const known = (p.versions ?? []).map((v) => v.version);
  const at = c.at('mirror');
  if (!known.includes(m.version)) at.fail('version', `name one of the versions (${known.join(', ')})`, m.version);
  at.integer('percent', m.percent, 1, 100);
};
