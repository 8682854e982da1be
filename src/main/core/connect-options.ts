// The connect options of a connection: its timeout, the client certificate and key, and the
// trusted roots, which only ever grow (verification is never switched off). Both transports
// take their TLS options from here, so they trust and present the same certificates.
import tls from 'node:tls';

import type { TlsMaterial } from './transport';

/** The TLS half of the connect options, for any client built on node:tls. */
export interface TlsConnectOptions {
  /** Always true: set, not left to Node's default, which NODE_TLS_REJECT_UNAUTHORIZED=0 turns off. */
  rejectUnauthorized: true;
  ca?: string[];
  pfx?: Buffer;
  cert?: string;
  key?: string;
  passphrase?: string;
}

/** Options for undici's connector; TLS fields apply to https:// origins only. */
export function connectOptions(material: TlsMaterial, timeoutMs: number): Record<string, unknown> {
  return { timeout: timeoutMs, ...tlsConnectOptions(material) };
}

/** Only the fields the material sets, so the rest keep Node's defaults, bar verification. */
export function tlsConnectOptions(material: TlsMaterial): TlsConnectOptions {
  const options: TlsConnectOptions = { rejectUnauthorized: true };
  const ca = trustedCertificates(material.ca);
  if (ca) {
    options.ca = ca;
  }
  if (material.pfx) {
    options.pfx = material.pfx;
  }
  if (material.cert) {
    options.cert = material.cert;
  }
  if (material.key) {
    options.key = material.key;
  }
  if (material.passphrase !== undefined) {
    options.passphrase = material.passphrase;
  }
  return options;
}

/**
 * Passing `ca` replaces Node's roots, so a custom CA is appended to the bundled roots (and to
 * the OS store where this Node can read it). Undefined means "Node's defaults".
 */
function trustedCertificates(customCa: string | undefined): string[] | undefined {
  const readSystem = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  const system = typeof readSystem === 'function' ? safeSystemCertificates(readSystem) : [];
  if (!customCa && system.length === 0) {
    return undefined;
  }
  return [...tls.rootCertificates, ...system, ...(customCa ? [customCa] : [])];
}

function safeSystemCertificates(read: (type: string) => string[]): string[] {
  try {
    return read('system');
  } catch {
    return [];
  }
}
