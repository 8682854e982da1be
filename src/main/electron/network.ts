// Token requests stay in main on the core's undici stack (it can present a client certificate
// from a file, which Chromium's stack cannot: https://github.com/electron/electron/issues/29984),
// but the proxy comes from the system: Chromium's resolver answers per URL, PAC scripts included.
import { session } from 'electron';

import type { Logger } from '../core/logger';
import type { Transport } from '../core/transport';

export type ProxyResolver = (url: string) => Promise<string | undefined>;

/**
 * Turns a PAC answer such as "PROXY proxy.example:3128; DIRECT" into a proxy URL, or undefined
 * for a direct connection. Only HTTP(S) proxies can carry the request; SOCKS entries are skipped.
 */
export function proxyUrlFromPac(pac: string): string | { unsupported: string } | undefined {
  const unsupported: string[] = [];
  for (const entry of pac.split(';')) {
    const [kind = '', hostPort] = entry.trim().split(/\s+/, 2);
    const type = kind.toUpperCase();
    if (type === 'DIRECT') {
      return undefined;
    }
    if ((type === 'PROXY' || type === 'HTTP') && hostPort) {
      return `http://${hostPort}`;
    }
    if (type === 'HTTPS' && hostPort) {
      return `https://${hostPort}`;
    }
    if (type !== '') {
      unsupported.push(type);
    }
  }
  return unsupported.length > 0 ? { unsupported: unsupported.join(', ') } : undefined;
}

export function createSystemProxyResolver(logger: Logger): ProxyResolver {
  return async (url) => {
    let pac: string;
    try {
      pac = await session.defaultSession.resolveProxy(url);
    } catch {
      logger.warn('the system proxy could not be resolved; connecting directly');
      return undefined;
    }
    const proxy = proxyUrlFromPac(pac);
    if (typeof proxy === 'object') {
      logger.warn(
        'the system proxy is of a kind the token client cannot use; connecting directly',
        {
          kinds: proxy.unsupported,
        },
      );
      return undefined;
    }
    return proxy;
  };
}

/** The core transport, with the system proxy filled in where the request names none. */
export function withSystemProxy(transport: Transport, resolve: ProxyResolver): Transport {
  return async (request) => {
    if (request.proxyUrl) {
      return transport(request);
    }
    const proxyUrl = await resolve(request.url);
    return transport(proxyUrl ? { ...request, proxyUrl } : request);
  };
}
