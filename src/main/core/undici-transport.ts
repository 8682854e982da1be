// The tray's Transport: undici, with one connection pool per TLS material and proxy. Custom
// CAs are added to the bundled roots (never replacing them, never switching verification off),
// redirects are not followed, a total deadline covers the whole exchange, and the body is cut
// off at the size cap while it is read. Failures become TokenErrors that say what to check
// (transport-failures.ts words those below HTTP, transport-common.ts the rest).
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';

import type { Dispatcher } from 'undici';
import requestOn from 'undici/lib/api/api-request.js';
import Agent from 'undici/lib/dispatcher/agent.js';

import { connectOptions } from './connect-options';
import { TokenError } from './errors';
import type { HttpRequest, HttpResponse, Transport } from './transport';
import { cancelled, flattenHeaders, readCapped, totalDeadlinePassed } from './transport-common';
import { describeTransportFailure } from './transport-failures';
import { createProxyDispatcher } from './undici-proxy';

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

async function send(
  request: HttpRequest,
  pool: () => Dispatcher | Promise<Dispatcher>,
): Promise<HttpResponse> {
  const caller = request.signal;
  if (caller?.aborted) {
    throw cancelled(request);
  }
  const entry = pool();
  // A pool is there at once except while the proxy code first loads: no await in the usual case.
  const dispatcher = entry instanceof Promise ? await dispatcherFor(request, entry) : entry;
  // undici takes an EventEmitter as the abort signal: one timer and one emitter cost a tenth of
  // what an AbortController does on Node 20 (AbortSignal.timeout with AbortSignal.any, more still),
  // and that was a measurable share of a loopback request.
  const abort = new EventEmitter();
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    abort.emit('abort');
  }, request.totalTimeoutMs);
  const forwardAbort = (): void => {
    abort.emit('abort');
  };
  caller?.addEventListener('abort', forwardAbort, { once: true });

  try {
    const target = new URL(request.url);
    const response = await requestOn.call(dispatcher, {
      origin: target.origin,
      path: `${target.pathname}${target.search}`,
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      signal: abort,
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
    if (timedOut) {
      throw totalDeadlinePassed(request);
    }
    throw describeTransportFailure(error, request.url, request.connectTimeoutMs);
  } finally {
    clearTimeout(deadline);
    caller?.removeEventListener('abort', forwardAbort);
  }
}

/** Only a malformed proxy URL makes a pool fail to build; its text may hold proxy credentials. */
async function dispatcherFor(
  request: HttpRequest,
  pending: Promise<Dispatcher>,
): Promise<Dispatcher> {
  try {
    return await pending;
  } catch (error) {
    throw new TokenError(
      'network',
      'The proxy address is not a valid URL: check the proxy settings',
      { url: request.url, detail: 'proxy_url' },
      error,
    );
  }
}

/** A pool, or the promise of one while the proxy code loads. */
type PoolEntry = Dispatcher | Promise<Dispatcher>;

/** Pools keyed by a hash of their TLS material and proxy, so the material itself is not kept as a key. */
class AgentCache {
  readonly #agents = new Map<string, PoolEntry>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  get(request: HttpRequest): PoolEntry {
    const key = agentKey(request);
    const existing = this.#agents.get(key);
    if (existing) {
      this.#agents.delete(key);
      this.#agents.set(key, existing);
      return existing;
    }
    const agent = createDispatcher(request);
    this.#agents.set(key, agent);
    if (agent instanceof Promise) {
      // A proxy that cannot be built is not kept: the next request tries again.
      agent.catch(() => {
        if (this.#agents.get(key) === agent) {
          this.#agents.delete(key);
        }
      });
    }
    for (const [oldKey, oldAgent] of this.#agents) {
      if (this.#agents.size <= this.#limit) {
        break;
      }
      this.#agents.delete(oldKey);
      // close() lets requests under way finish first.
      void closeQuietly(oldAgent);
    }
    return agent;
  }

  async closeAll(): Promise<void> {
    const agents = [...this.#agents.values()];
    this.#agents.clear();
    await Promise.all(agents.map(closeQuietly));
  }
}

async function closeQuietly(entry: PoolEntry): Promise<void> {
  try {
    await (await entry).close();
  } catch {
    // A pool that never came to be, or is already closed, has nothing left to close.
  }
}

/** Without TLS material or a proxy only the connect timeout tells pools apart: no hash needed. */
function agentKey(request: HttpRequest): string {
  const material = request.tls;
  const hasMaterial =
    material !== undefined &&
    (material.ca !== undefined ||
      material.pfx !== undefined ||
      material.cert !== undefined ||
      material.key !== undefined ||
      material.passphrase !== undefined);
  if (!hasMaterial && !request.proxyUrl) {
    return `plain:${request.connectTimeoutMs}`;
  }
  const hash = createHash('sha256');
  for (const part of [
    material?.ca,
    material?.pfx?.toString('base64'),
    material?.cert,
    material?.key,
    material?.passphrase,
    request.proxyUrl,
    String(request.connectTimeoutMs),
  ]) {
    hash.update(part ?? '\u0000');
    hash.update('\u0001');
  }
  return hash.digest('hex');
}

function createDispatcher(request: HttpRequest): PoolEntry {
  const connect = connectOptions(request.tls ?? {}, request.connectTimeoutMs);
  const proxyUrl = request.proxyUrl;
  if (!proxyUrl) {
    return new Agent({ connect });
  }
  return createProxyDispatcher(proxyUrl, connect, request.connectTimeoutMs);
}
