/** Rules of the routers: Ingress, Gateway API HTTPRoute and mirroring. */
import { weightOf } from '../defaults';
import { DNS_1123_LABEL, DNS_1123_SUBDOMAIN, HEADER_NAME, HOSTNAME } from '../../core/validation/patterns';
import { MAX_BACKENDS_PER_RULE } from '../objects/gateway';
import type { Rule } from './rule';

export const ingress: Rule = (p, c) => {
  const ing = p.ingress;
  if (!ing) return;
  const at = c.at('ingress');
  if (!at.matches('host', ing.host, HOSTNAME, 'a lowercase host name without scheme, port or path (e.g. "iris.example.com")')) return;
  at.matches('path', ing.path, /^\/[^\s]*$/, 'an absolute path starting with "/"');
  at.matches('tlsSecretName', ing.tlsSecretName, DNS_1123_SUBDOMAIN, 'a Secret name (DNS-1123 subdomain)');
  at.matches('className', ing.className, DNS_1123_SUBDOMAIN, 'an IngressClass name (DNS-1123 subdomain)');
};

export const gateway: Rule = (p, c) => {
  const g = p.gateway;
  if (!g) return;
  const at = c.at('gateway');
  if (!Array.isArray(g.parentRefs) || g.parentRefs.length === 0) at.fail('parentRefs', 'list at least one Gateway', g.parentRefs);
  (g.parentRefs ?? []).forEach((ref, i) => {
    const refAt = at.at('parentRefs', i);
    refAt.matches('name', ref.name ?? '', DNS_1123_SUBDOMAIN, 'a Gateway name (DNS-1123 subdomain)');
    refAt.matches('namespace', ref.namespace, DNS_1123_LABEL, 'a namespace name (DNS-1123 label)');
    refAt.matches('sectionName', ref.sectionName, DNS_1123_SUBDOMAIN, 'a listener name (DNS-1123 subdomain)');
  });
  (g.hostnames ?? []).forEach((h, i) => at.at('hostnames').matches(i, h, HOSTNAME, 'a lowercase host name without scheme or port'));
  at.matches('versionHeader', g.versionHeader, HEADER_NAME, 'an HTTP header name');
  const weighted = (p.versions ?? []).filter((v) => weightOf(v) > 0);
  if (weighted.length > MAX_BACKENDS_PER_RULE) {
    c.fail('versions', `give at most ${MAX_BACKENDS_PER_RULE} versions a weight above 0 with gateway (a Gateway API rule holds at most `
      + `${MAX_BACKENDS_PER_RULE} backends): set the weight of retired versions to 0 or remove them`,
    weighted.map((v) => v.version), `${weighted.length} weighted versions`);
  }
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
