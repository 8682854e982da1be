// The production Transport: undici, with one connection pool per TLS material and proxy. Custom
// CAs are added to the bundled roots (never replacing them, never switching verification off),
// redirects are not followed, a total deadline covers the whole exchange, and the body is cut
// off at the size cap while it is read. Failures become TokenErrors that say what to check.
import { createHash } from 'node:crypto';
import tls from 'node:tls';

import { Agent, ProxyAgent, request as undiciRequest } from 'undici';
import type { Dispatcher } from 'undici';

import { TokenError } from './errors';
import type { HttpRequest, HttpResponse, TlsMaterial, Transport } from './transport';

export interface UndiciTransportOptions {
  /** How many distinct TLS/proxy set-ups keep a pool open; the least recently used is closed. */
  maxAgents?: number;
}

export type UndiciTransport = Transport & { close(): Promise<void> };

export function createUndiciTransport(options: UndiciTransportOptions = {}): UndiciTransport {
  const agents = new AgentCache(options.maxAgents ?? 16);
  const transport = (request: HttpRequest): Promise<HttpResponse> =>
    send(request, () => agents.get(request));
  return Object.assign(transport, { close: () => agents.closeAll() });
}

async function send(request: HttpRequest, pool: () => Dispatcher): Promise<HttpResponse> {
  const caller = request.signal;
  if (caller?.aborted) {
    throw cancelled(request);
  }
  const dispatcher = dispatcherFor(request, pool);
  const deadline = AbortSignal.timeout(request.totalTimeoutMs);
  const signal = caller ? AbortSignal.any([deadline, caller]) : deadline;

  try {
    const response = await undiciRequest(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      dispatcher,
      signal,
      // Idle timers only: the total deadline above is what bounds a slow drip.
      headersTimeout: request.totalTimeoutMs,
      bodyTimeout: request.totalTimeoutMs,
    });
    const headers = flattenHeaders(response.headers);
    const body = await readCapped(response.body, request, headers['content-length']);
    return { status: response.statusCode, headers, body };
  } catch (error) {
    if (error instanceof TokenError) {
      throw error;
    }
    if (caller?.aborted) {
      throw cancelled(request);
    }
    if (deadline.aborted) {
      throw new TokenError(
        'timeout',
        `${hostOf(request.url)} did not answer within ${Math.round(request.totalTimeoutMs / 1000)} s: check that the server is up, or raise the profile's timeout`,
        { url: request.url, detail: 'total_deadline' },
      );
    }
    throw describeTransportFailure(error, request.url);
  }
}

/** Only a malformed proxy URL makes a pool fail to build; its text may hold proxy credentials. */
function dispatcherFor(request: HttpRequest, pool: () => Dispatcher): Dispatcher {
  try {
    return pool();
  } catch (error) {
    throw new TokenError(
      'network',
      'The proxy address is not a valid URL: check the proxy settings',
      { url: request.url, detail: 'proxy_url' },
      error,
    );
  }
}

type ResponseBody = Dispatcher.ResponseData['body'];

async function readCapped(
  body: ResponseBody,
  request: HttpRequest,
  declaredLength: string | undefined,
): Promise<string> {
  const cap = request.maxResponseBytes;
  if (declaredLength !== undefined && Number(declaredLength) > cap) {
    discard(body);
    throw tooLarge(request, Number(declaredLength));
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > cap) {
      discard(body);
      throw tooLarge(request, size);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Stop reading and drop the connection; the abort it causes is expected, not an error. */
function discard(body: ResponseBody): void {
  body.on('error', () => undefined);
  body.destroy();
}

function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) {
      result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return result;
}

/** Pools keyed by a hash of their TLS material and proxy, so the material itself is not kept as a key. */
class AgentCache {
  readonly #agents = new Map<string, Dispatcher>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  get(request: HttpRequest): Dispatcher {
    const key = agentKey(request);
    const existing = this.#agents.get(key);
    if (existing) {
      this.#agents.delete(key);
      this.#agents.set(key, existing);
      return existing;
    }
    const agent = createDispatcher(request);
    this.#agents.set(key, agent);
    for (const [oldKey, oldAgent] of this.#agents) {
      if (this.#agents.size <= this.#limit) {
        break;
      }
      this.#agents.delete(oldKey);
      // close() lets requests under way finish first.
      void oldAgent.close().catch(() => undefined);
    }
    return agent;
  }

  async closeAll(): Promise<void> {
    const agents = [...this.#agents.values()];
    this.#agents.clear();
    await Promise.all(agents.map((agent) => agent.close().catch(() => undefined)));
  }
}

function agentKey(request: HttpRequest): string {
  const material = request.tls ?? {};
  const hash = createHash('sha256');
  for (const part of [
    material.ca,
    material.pfx?.toString('base64'),
    material.cert,
    material.key,
    material.passphrase,
    request.proxyUrl,
    String(request.connectTimeoutMs),
  ]) {
    hash.update(part ?? '\u0000');
    hash.update('\u0001');
  }
  return hash.digest('hex');
}

function createDispatcher(request: HttpRequest): Dispatcher {
  const connect = connectOptions(request.tls ?? {}, request.connectTimeoutMs);
  if (!request.proxyUrl) {
    return new Agent({ connect });
  }
  return new ProxyAgent({
    uri: request.proxyUrl,
    requestTls: connect,
    proxyTls: { timeout: request.connectTimeoutMs },
  });
}

function connectOptions(material: TlsMaterial, timeoutMs: number): Record<string, unknown> {
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

function tooLarge(request: HttpRequest, size: number): TokenError {
  return new TokenError(
    'bad_response',
    `The answer from ${hostOf(request.url)} is larger than ${request.maxResponseBytes} bytes and was abandoned: a token endpoint sends a few kilobytes, so check the URL`,
    { url: request.url, field: 'body', detail: `too_large:${size}` },
  );
}

function cancelled(request: HttpRequest): TokenError {
  return new TokenError('cancelled', 'The request was cancelled before it finished', {
    url: request.url,
  });
}

/** host:port of a URL, with the scheme's default port written out. */
export function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
    return `${parsed.hostname}:${port}`;
  } catch {
    return 'the server';
  }
}

const WRONG_PASSPHRASE =
  'The certificate passphrase is wrong: enter the passphrase of the certificate or key file in the profile';

const untrusted = (host: string) =>
  `The server certificate of ${host} is not trusted: add the server's CA file to the profile`;
const rejected = (host: string, code: string) =>
  `The server certificate of ${host} was rejected (${code}): the server administrator must replace it`;

/** TLS failures by OpenSSL or Node code, in words that say what to change. */
const tlsAdvice: Record<string, (host: string, code: string) => string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: untrusted,
  SELF_SIGNED_CERT_IN_CHAIN: untrusted,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: untrusted,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: untrusted,
  UNABLE_TO_GET_ISSUER_CERT: untrusted,
  CERT_UNTRUSTED: untrusted,
  ERR_TLS_CERT_ALTNAME_INVALID: (host) =>
    `The server certificate is not issued for ${host}: use the host name the certificate names, or ask for a certificate for this name`,
  CERT_HAS_EXPIRED: (host) =>
    `The server certificate of ${host} has expired: the server administrator must renew it`,
  CERT_NOT_YET_VALID: (host) =>
    `The server certificate of ${host} is not valid yet: check this computer's date and time`,
  INVALID_PURPOSE: rejected,
  CERT_REVOKED: rejected,
  CERT_SIGNATURE_FAILURE: rejected,
  CERT_CHAIN_TOO_LONG: rejected,
  INVALID_CA: rejected,
  ERR_OSSL_BAD_DECRYPT: () => WRONG_PASSPHRASE,
  ERR_OSSL_EVP_UNSUPPORTED: () =>
    'The certificate file uses encryption this app cannot read (an old PKCS#12 format): export it again with AES',
  ERR_OSSL_X509_KEY_VALUES_MISMATCH: () =>
    'The private key does not belong to the client certificate: choose the matching key file',
  ERR_SSL_WRONG_VERSION_NUMBER: (host) =>
    `${host} does not speak TLS: check whether the URL should start with http:// or use another port`,
};

const networkAdvice: Record<string, string> = {
  ECONNREFUSED:
    'the connection was refused: check that the server is running and the port is right',
  ENOTFOUND: 'the host name could not be resolved: check the server URL and the network or VPN',
  EAI_AGAIN: 'the host name could not be resolved: check the network or VPN',
  ECONNRESET: 'the connection was reset: try again, and check any proxy or firewall in between',
  EPIPE: 'the connection was closed while sending: try again',
  EHOSTUNREACH: 'the host cannot be reached: check the network or VPN',
  ENETUNREACH: 'the network cannot be reached: check the network connection',
  UND_ERR_SOCKET:
    'the server closed the connection: check that the URL scheme (http or https) matches the server',
};

/** What went wrong below HTTP, in words that say what to check. Never reads error details aloud. */
export function describeTransportFailure(error: unknown, url: string): TokenError {
  const code = findCode(error);
  const message = error instanceof Error ? error.message.toLowerCase() : '';
  const host = hostOf(url);
  const context = (detail: string) => ({ url, detail });

  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') {
    return new TokenError(
      'timeout',
      `Could not connect to ${host} in time: check the server URL, the network or VPN, and any firewall`,
      context(code),
    );
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new TokenError(
      'timeout',
      `${host} stopped answering: try again later, or raise the profile's timeout`,
      context(code),
    );
  }
  const tlsError = describeTlsFailure(code, message, host);
  if (tlsError) {
    return new TokenError('tls', tlsError.message, context(tlsError.detail));
  }
  const proxyError = describeProxyFailure(message, host, url);
  if (proxyError) {
    return proxyError;
  }
  const advice =
    (code && networkAdvice[code]) ?? 'the connection failed: check the server URL and the network';
  return new TokenError(
    'network',
    `Could not reach ${host}: ${advice}`,
    context(code ?? 'unknown'),
  );
}

/** Undici reports a refused CONNECT only in its message: "Proxy response (407) !== 200". */
function describeProxyFailure(message: string, host: string, url: string): TokenError | undefined {
  const proxyStatus = /proxy response \((\d{3})\)/.exec(message)?.[1];
  if (!proxyStatus) {
    return undefined;
  }
  return new TokenError(
    'network',
    proxyStatus === '407'
      ? 'The proxy requires authentication: configure the proxy credentials in the system settings'
      : `The proxy refused to connect to ${host} (HTTP ${proxyStatus}): check the proxy settings`,
    { url, status: Number(proxyStatus), detail: 'proxy' },
  );
}

function describeTlsFailure(
  code: string | undefined,
  message: string,
  host: string,
): { message: string; detail: string } | undefined {
  const advice = code ? tlsAdvice[code] : undefined;
  if (code && advice) {
    return { message: advice(host, code), detail: code };
  }
  // A wrong PKCS#12 passphrase surfaces as OpenSSL's MAC failure, without a code.
  if (message.includes('mac verify failure') || message.includes('bad decrypt')) {
    return { message: WRONG_PASSPHRASE, detail: code ?? 'mac_verify_failure' };
  }
  if (code && /^ERR_(SSL|OSSL|TLS)_/.test(code)) {
    return {
      message: `The TLS handshake with ${host} failed (the server may have rejected the client certificate, or the certificate file cannot be read): check the certificate, key and CA files`,
      detail: code,
    };
  }
  return undefined;
}

/** The first string `code` on the error or its causes. */
function findCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
