// The HTTP boundary of the engine. The token client builds an HttpRequest and reads an
// HttpResponse; how bytes move is injected: undici in the tray (undici-transport.ts), Node's own
// http client in the one-shot CLI (node-http-transport.ts), a fake in unit tests. Both real ones
// keep the contract below to the word (test/main/core/transport-contract.test.ts).

export interface TlsMaterial {
  /** Extra trusted CA certificates (PEM), added to the bundled roots, never replacing them. */
  ca?: string;
  /** PKCS#12 / PFX client certificate. */
  pfx?: Buffer;
  /** PEM client certificate and key. */
  cert?: string;
  key?: string;
  /** Passphrase of `pfx` or of an encrypted `key`. */
  passphrase?: string;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  tls?: TlsMaterial;
  /** Deadline for the TCP + TLS handshake. */
  connectTimeoutMs: number;
  /** Deadline for the whole exchange, from sending to the last byte. */
  totalTimeoutMs: number;
  /** Larger bodies are abandoned with a `bad_response` error. */
  maxResponseBytes: number;
  /** A proxy URL to tunnel through, when the system has one for this URL. */
  proxyUrl?: string;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends one request and never follows redirects. Rejects only with a TokenError whose code is
 * `network`, `tls`, `timeout`, `bad_response` (too large) or `cancelled`.
 */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

export const DEFAULT_MAX_RESPONSE_BYTES = 1_048_576;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** The two deadlines of a request whose whole exchange may take `totalTimeoutMs`. */
export function deadlines(totalTimeoutMs: number): {
  connectTimeoutMs: number;
  totalTimeoutMs: number;
} {
  return { connectTimeoutMs: Math.min(DEFAULT_CONNECT_TIMEOUT_MS, totalTimeoutMs), totalTimeoutMs };
}
