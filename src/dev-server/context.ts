// What every route handler gets: the mount it was reached through, the server clock as that
// mount sees it (shifted by a skew fault), the address the client used, and the shared state.
import type { IncomingHttpHeaders } from 'node:http';

import type { Mount } from './mounts';
import type { SessionStore } from './sessions';

export interface ClientCertificate {
  commonName?: string;
  /** True when the certificate chains to the configured client CA. */
  authorized: boolean;
}

export interface RequestContext {
  mount: Mount;
  /** Server time in milliseconds, including any skew fault. */
  now(): number;
  /** `scheme://host[:port]` as the client addressed the server (from the Host header). */
  origin: string;
  /** The `iss` of this mount's id_tokens and its discovery `issuer`. */
  issuer: string;
  lifetimeSeconds: number;
  headers: IncomingHttpHeaders;
  clientCertificate?: ClientCertificate;
  /** Unique per request; feeds the id_token `jti`. */
  requestId: string;
  sessions: SessionStore;
}

/** A request header as one string (repeated headers joined as Node joins them). */
export function headerValue(context: RequestContext, name: string): string | undefined {
  const value = context.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Base URL of this mount's auth service, e.g. `https://host:8443/santedb2/auth`. */
export function authBaseUrl(context: RequestContext): string {
  return `${context.origin}${context.mount.prefix}/auth`;
}

export function nowSeconds(context: RequestContext): number {
  return Math.floor(context.now() / 1000);
}
