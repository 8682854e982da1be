// The tray's Transport: undici, with one connection pool per TLS material and proxy. Custom
// CAs are added to the bundled roots (never replacing them, never switching verification off),
// redirects are not followed, a total deadline covers the whole exchange, and the body is cut
// off at the size cap while it is read. Failures become TokenErrors that say what to check
// (transport-failures.ts words those below HTTP, transport-common.ts the rest).
import { createHash } from 'node:crypto';

import type { Dispatcher } from 'undici';
import Agent from 'undici/lib/dispatcher/agent.js';

import { connectOptions } from './connect-options';
import { TokenError } from './errors';
import type { HttpRequest, HttpResponse, Transport } from './transport';
import { cancelled, flattenHeaders, tooLarge, totalDeadlinePassed } from './transport-common';
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

function send(
  request: HttpRequest,
  pool: () => Dispatcher | Promise<Dispatcher>,
): Promise<HttpResponse> {
  if (request.signal?.aborted) {
    return Promise.reject(cancelled(request));
  }
  const entry = pool();
  // A pool is there at once except while the proxy code first loads: no await in the usual case.
  if (entry instanceof Promise) {
    return dispatcherFor(request, entry).then((dispatcher) => exchange(dispatcher, request));
  }
  return exchange(entry, request);
}

/**
 * One request through undici's dispatch interface, its body gathered as it arrives. The request
 * API would wrap the answer in a Node stream and an async resource; a token answer is one small
 * chunk, and that machinery cost a tenth of a loopback exchange.
 */
function exchange(dispatcher: Dispatcher, request: HttpRequest): Promise<HttpResponse> {
  let target: URL;
  try {
    target = new URL(request.url);
  } catch (error) {
    return Promise.reject(describeTransportFailure(error, request.url, request.connectTimeoutMs));
  }
  return new Promise((resolve, reject) => {
    const handler = new AnswerCollector(request, resolve, reject);
    dispatcher.dispatch(
      {
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: request.method as Dispatcher.HttpMethod,
        headers: request.headers,
        body: request.body ?? null,
        // Idle timers only: the total deadline is what bounds a slow drip.
        headersTimeout: request.totalTimeoutMs,
        bodyTimeout: request.totalTimeoutMs,
      },
      handler,
    );
  });
}

/**
 * Gathers one answer under the size cap and settles once: with the answer, or with the first of
 * the caller's cancel, the total deadline, the cap or undici's failure. Whichever comes first
 * also stops the request; what undici reports after that is dropped.
 */
class AnswerCollector implements Dispatcher.DispatchHandler {
  readonly #request: HttpRequest;
  readonly #resolve: (response: HttpResponse) => void;
  readonly #reject: (error: unknown) => void;
  readonly #deadline: ReturnType<typeof setTimeout>;
  readonly #forwardCancel = (): void => {
    this.#stop(cancelled(this.#request));
  };
  #controller: Dispatcher.DispatchController | undefined;
  #stopReason: TokenError | undefined;
  #settled = false;
  #status = 0;
  #headers: Record<string, string> = {};
  #chunks: Buffer[] = [];
  #size = 0;

  constructor(
    request: HttpRequest,
    resolve: (response: HttpResponse) => void,
    reject: (error: unknown) => void,
  ) {
    this.#request = request;
    this.#resolve = resolve;
    this.#reject = reject;
    this.#deadline = setTimeout(() => {
      this.#stop(totalDeadlinePassed(request));
    }, request.totalTimeoutMs);
    request.signal?.addEventListener('abort', this.#forwardCancel, { once: true });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#stopReason) {
      controller.abort(this.#stopReason);
    }
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    // An interim answer (103 Early Hints) comes before the real one and carries no body.
    if (statusCode < 200) {
      return;
    }
    this.#status = statusCode;
    this.#headers = flattenHeaders(headers);
    const declared = this.#headers['content-length'];
    if (declared !== undefined && Number(declared) > this.#request.maxResponseBytes) {
      this.#stop(tooLarge(this.#request, Number(declared)));
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#size += chunk.length;
    if (this.#size > this.#request.maxResponseBytes) {
      this.#stop(tooLarge(this.#request, this.#size));
      return;
    }
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.#finish()) {
      const body = Buffer.concat(this.#chunks, this.#size).toString('utf8');
      this.#resolve({ status: this.#status, headers: this.#headers, body });
    }
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#finish()) {
      this.#reject(
        error instanceof TokenError
          ? error
          : describeTransportFailure(error, this.#request.url, this.#request.connectTimeoutMs),
      );
    }
  }

  /** Settles with `reason` at once and stops the request, now or as soon as it starts. */
  #stop(reason: TokenError): void {
    if (!this.#finish()) {
      return;
    }
    this.#stopReason = reason;
    this.#controller?.abort(reason);
    this.#reject(reason);
  }

  /** True for the first outcome only; clears the deadline and the cancel listener. */
  #finish(): boolean {
    if (this.#settled) {
      return false;
    }
    this.#settled = true;
    clearTimeout(this.#deadline);
    this.#request.signal?.removeEventListener('abort', this.#forwardCancel);
    return true;
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
