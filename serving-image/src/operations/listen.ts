/**
 * Where the listeners bind. With HOST unset: `::`, which on Linux is dual-stack (libuv clears
 * IPV6_V6ONLY, so IPv4 clients arrive as IPv4-mapped addresses) — pods on IPv6-only and
 * dual-stack clusters are reachable on every address, and kubelet probes on either family
 * work. Where the kernel has no IPv6 (EAFNOSUPPORT, EADDRNOTAVAIL), `0.0.0.0`. HOST overrides
 * both; if it cannot be bound, the error names the variable.
 */
import type { FastifyInstance } from 'fastify';
import { ConfigError } from './env-parsing';

/** The address the listeners were bound to. */
export type BoundHost = string;

const NO_IPV6 = new Set(['EAFNOSUPPORT', 'EADDRNOTAVAIL', 'EPROTONOSUPPORT']);
const HOST_ERRORS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']);

/** Listens `app` on `port`, on HOST or the dual-stack default; returns the host it bound. */
export async function listenOn(app: FastifyInstance, port: number, host: string | undefined): Promise<BoundHost> {
  if (host !== undefined) {
    try {
      await app.listen({ port, host });
      return host;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (HOST_ERRORS.has(code)) throw new ConfigError(`HOST=${JSON.stringify(host)} is invalid: cannot listen on it (${code})`);
      throw err;
    }
  }
  try {
    await app.listen({ port, host: '::' });
    return '::';
  } catch (err) {
    if (!NO_IPV6.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
    await app.listen({ port, host: '0.0.0.0' });
    return '0.0.0.0';
  }
}
