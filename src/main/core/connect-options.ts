// The connect options of a connection pool: its timeout, the client certificate and key, and the
// trusted roots, which only ever grow (verification is never switched off).
import tls from 'node:tls';

import type { TlsMaterial } from './transport';

/** Options for undici's connector; TLS fields apply to https:// origins only. */
export function connectOptions(material: TlsMaterial, timeoutMs: number): Record<string, unknown> {
  const options: Record<string, unknown> = { timeout: timeoutMs };
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
