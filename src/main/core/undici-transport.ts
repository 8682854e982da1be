// The production Transport: undici, with one connection pool per TLS material and proxy. Custom
// CAs are added to the bundled roots (never replacing them, never switching verification off),
// redirects are not followed, a total deadline covers the whole exchange, and the body is cut
// off at the size cap while it is read. Failures become TokenErrors that say what to check
// (transport-failures.ts words those below HTTP).
import { createHash } from 'node:crypto';
import tls from 'node:tls';

import { Agent, ProxyAgent, request as undiciRequest } from 'undici';
import type { Dispatcher } from 'undici';

import { TokenError } from './errors';
import type { HttpRequest, HttpResponse, TlsMaterial, Transport } from './transport';
import { describeTransportFailure, hostOf } from './transport-failures';

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
