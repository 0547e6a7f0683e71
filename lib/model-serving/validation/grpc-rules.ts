/** Rules of `grpc`: its port, the router it needs, and its GRPCRoute's attachment, header and public methods. */
import type { PropChecker } from '../../core/validation/checker';
import { hostnamesIntersect, mayShareListener } from '../../core/route-attachment';
import { serverSettings } from '../defaults';
import type { GatewayParentRef } from '../objects/gateway';
import { MAX_EXTRA_PUBLIC_METHODS, OIP_GRPC_MODEL_METHODS, OIP_GRPC_SERVICE } from '../objects/public-routes';
import { GRPC_PORT } from '../server-env';
import { checkHostnames, checkParentRefs } from './router-rules';
import type { Rule } from './rule';

/**
 * `package.Service` or `package.Service/Method`: the CRD's grammar for services and methods, without
 * the leading `.` it tolerates (a request's `:path` never carries one, so such a match never matches).
 */
const GRPC_METHOD_REFERENCE = /^[A-Za-z_][A-Za-z_0-9]*(\.[A-Za-z_][A-Za-z_0-9]*)*(\/[A-Za-z_][A-Za-z_0-9]*)?$/;
/** The CRD's length limit on a service and on a method name. */
const MAX_GRPC_NAME = 1024;

export const grpc: Rule = (p, c) => {
  const g = p.grpc;
  if (g === undefined) return;
  if (g === null || typeof g !== 'object' || Array.isArray(g)) {
    c.fail('grpc', 'be an object of gRPC settings ({} for the defaults)', g);
    return;
  }
  const at = c.at('grpc');
  checkPort(p, at);
  if (!p.gateway) {
    if (p.ingress) {
      c.fail('grpc', 'be used with gateway, not with ingress alone: an Ingress cannot route gRPC by the versions\' weights and pins. '
        + 'Set gateway (a GRPCRoute next to the HTTPRoute; ingress may stay for HTTP), or remove ingress to serve gRPC in the cluster only', g);
    }
    for (const key of ['parentRefs', 'hostnames', 'extraPublicMethods'] as const) {
      if (g[key] !== undefined) at.fail(key, 'be used with gateway (it configures the GRPCRoute)', g[key]);
    }
    return;
  }
  const refsOk = g.parentRefs === undefined || checkParentRefs(at, g.parentRefs);
  const hostsOk = checkHostnames(at, g.hostnames);
  checkExtraMethods(at, g.extraPublicMethods);
  const header = p.gateway.versionHeader;
  if (typeof header === 'string' && /^grpc-|-bin$/i.test(header)) {
    c.at('gateway').fail('versionHeader', 'be plain gRPC metadata with grpc: not "grpc-…" (reserved by gRPC) nor "…-bin" (binary, '
      + 'sent base64-encoded, so it never equals a version)', header);
  }
  if (refsOk && hostsOk && Array.isArray(p.gateway.parentRefs) && p.gateway.parentRefs.length > 0) {
    const grpcRefs = g.parentRefs ?? p.gateway.parentRefs;
    if (mayShareListener(p.gateway.parentRefs, grpcRefs) && hostnamesIntersect(p.gateway.hostnames, g.hostnames)) {
      c.fail('grpc', 'give its GRPCRoute a hostname or listener the HTTPRoute does not use: Gateway API accepts only one of an HTTPRoute and '
        + `a GRPCRoute that share a listener and a hostname, and rejects the other. Set grpc.hostnames (e.g. ${suggestedHostname(p.modelName, p.gateway.hostnames)}), `
        + 'or grpc.parentRefs to another listener (sectionName)', g,
      `the GRPCRoute on ${hosts(g.hostnames)} and the HTTPRoute on ${hosts(p.gateway.hostnames)}, both attached to ${gateways(grpcRefs)}`);
    }
  }
};

/** The gRPC port, distinct from every other port of the pods and the Services. */
function checkPort(p: Parameters<Rule>[0], at: PropChecker): void {
  if (!at.integer('port', p.grpc!.port, GRPC_PORT.min, GRPC_PORT.max)) return;
  const settings = serverSettings(p);
  const port = settings.grpcPort!;
  const clash = (['port', 'metricsPort', 'servicePort'] as const).find((key) => settings[key] === port);
  // The Services expose the gRPC port as the same number, next to servicePort and metricsPort.
  if (clash) at.fail('port', `differ from ${clash} (${port}): gRPC needs a container and Service port of its own`, port);
}

function checkExtraMethods(c: PropChecker, extra: readonly string[] | undefined): void {
  if (extra === undefined) return;
  if (!Array.isArray(extra)) {
    c.fail('extraPublicMethods', 'be a list of gRPC services or methods', extra);
    return;
  }
  if (extra.length > MAX_EXTRA_PUBLIC_METHODS) {
    c.fail('extraPublicMethods', `list at most ${MAX_EXTRA_PUBLIC_METHODS} services or methods (each one is repeated in every pin rule, `
      + 'and a Gateway API route holds at most 128 matches)', extra, `${extra.length} entries`);
  }
  const list = c.at('extraPublicMethods');
  const seen = new Set(OIP_GRPC_MODEL_METHODS.map((method) => `${OIP_GRPC_SERVICE}/${method}`));
  extra.forEach((value, i) => {
    if (typeof value !== 'string' || !GRPC_METHOD_REFERENCE.test(value) || value.split('/').some((part) => part.length > MAX_GRPC_NAME)) {
      list.fail(i, 'be a gRPC service or method, "package.Service" or "package.Service/Method" (e.g. "inference.GRPCInferenceService/ServerReady")', value);
    } else if (seen.has(value)) {
      list.fail(i, 'be a service or method the GRPCRoute does not match already (ModelReady, ModelMetadata and ModelInfer are always routed)', value);
    }
    seen.add(value);
  });
}

function suggestedHostname(modelName: string, httpHostnames: readonly string[] | undefined): string {
  const plain = httpHostnames?.find((h) => !h.startsWith('*.'));
  return JSON.stringify(plain ? `grpc.${plain}` : `${modelName}-grpc.example.com`);
}

function hosts(hostnames: readonly string[] | undefined): string {
  return hostnames?.length ? hostnames.map((h) => JSON.stringify(h)).join(', ') : 'every hostname';
}

function gateways(refs: readonly GatewayParentRef[]): string {
  return refs.map((r) => `Gateway "${r.namespace ? `${r.namespace}/` : ''}${r.name}"${r.sectionName ? ` listener "${r.sectionName}"` : ''}`).join(', ');
}
