// The one-shot Transport, for the CLI: Node's own http and https clients, one connection per
// request and nothing pooled, so a process that makes one request can exit as soon as it has
// the answer. Loading undici (its modules, node:http2, node:tls, its WebAssembly parser) takes
// longer than a whole loopback request with node:http, and a one-shot process pays for every
// module it loads; so each client loads on first use, and only for its scheme: an http://
// request never evaluates node:tls or node:http2. The contract is undici-transport.ts's, word
// for word: no redirects, the same deadlines, size cap and TokenErrors (transport-common.ts).
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { RequestOptions } from 'node:https';
import type { Socket } from 'node:net';

import { TokenError } from './errors';
import type { HttpRequest, HttpResponse, Transport } from './transport';
import { cancelled, flattenHeaders, readCapped, totalDeadlinePassed } from './transport-common';
import { connectTimedOut, describeTransportFailure, hostOf } from './transport-failures';

export type NodeHttpTransport = Transport & { close(): Promise<void> };

/** node:http's or node:https's `request`. */
type Open = (url: URL, options: RequestOptions) => ClientRequest;

export function createNodeHttpTransport(): NodeHttpTransport {
  // What close() must stop: each exchange still under way, as the function that cancels it.
  const inFlight = new Set<() => void>();
  const transport = (request: HttpRequest): Promise<HttpResponse> => send(request, inFlight);
  const close = (): Promise<void> => {
    for (const stop of [...inFlight]) {
      stop();
    }
    return Promise.resolve();
  };
  return Object.assign(transport, { close });
}

async function send(request: HttpRequest, inFlight: Set<() => void>): Promise<HttpResponse> {
  if (request.signal?.aborted) {
    throw cancelled(request);
  }
  if (request.proxyUrl) {
    throw proxyUnsupported(request);
  }

  let target: URL;
  try {
    target = new URL(request.url);
  } catch (error) {
    throw describeTransportFailure(error, request.url, request.connectTimeoutMs);
  }
  const { open, options } = await clientFor(target, request);
  return exchange(open, target, options, request, inFlight);
}

/**
 * The client for the URL's scheme, loaded now; TLS options only for https://. Node's modules come
 * from getBuiltinModule, not import(): in a CommonJS bundle an import() of a built-in stays a real
 * ES import, which costs a one-shot process some 3 ms for the ES loader and fails outright in code
 * compiled by vm.Script, as the CLI's code cache runs its bundle. connect-options is bundled, so
 * esbuild turns its import() into a lazy initialiser, which is safe in both.
 */
async function clientFor(
  target: URL,
  request: HttpRequest,
): Promise<{ open: Open; options: RequestOptions }> {
  // No agent: a fresh connection that closes after the answer, so no socket outlives the request.
  const options: RequestOptions = {
    method: request.method,
    headers: request.headers,
    agent: false,
  };
  if (target.protocol !== 'https:') {
    return { open: process.getBuiltinModule('node:http').request, options };
  }
  const { tlsConnectOptions } = await import('./connect-options');
  const open = process.getBuiltinModule('node:https').request;
  return { open, options: { ...options, ...tlsConnectOptions(request.tls ?? {}) } };
}

function exchange(
  open: Open,
  target: URL,
  options: RequestOptions,
  request: HttpRequest,
  inFlight: Set<() => void>,
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    new Exchange(request, inFlight, resolve, reject).start(open, target, options);
  });
}

/**
 * One request on a connection of its own, ended exactly once: by the answer, a failure, a
 * deadline or a cancel. Every end but the answer drops the connection.
 */
class Exchange {
  readonly #request: HttpRequest;
  readonly #inFlight: Set<() => void>;
  readonly #resolve: (response: HttpResponse) => void;
  readonly #reject: (error: TokenError) => void;
  readonly #timers: NodeJS.Timeout[] = [];
  #outgoing: ClientRequest | undefined;
  #settled = false;

  constructor(
    request: HttpRequest,
    inFlight: Set<() => void>,
    resolve: (response: HttpResponse) => void,
    reject: (error: TokenError) => void,
  ) {
    this.#request = request;
    this.#inFlight = inFlight;
    this.#resolve = resolve;
    this.#reject = reject;
    inFlight.add(this.#cancel);
    request.signal?.addEventListener('abort', this.#cancel, { once: true });
    const total = () => this.#finish(totalDeadlinePassed(request));
    this.#timers.push(setTimeout(total, request.totalTimeoutMs));
  }

  start(open: Open, target: URL, options: RequestOptions): void {
    // The signal may have fired while the client module loaded.
    if (this.#request.signal?.aborted) {
      this.#cancel();
      return;
    }
    try {
      this.#outgoing = open(target, options);
    } catch (error) {
      // Bad header values and unreadable TLS material (a wrong passphrase) throw at once.
      this.#fail(error);
      return;
    }
    this.#outgoing.once('socket', (socket: Socket) => this.#watchConnect(socket, target));
    this.#outgoing.on('error', (error) => this.#fail(error));
    this.#outgoing.once('response', (response: IncomingMessage) => {
      readResponse(response, this.#request).then(this.#finish, (error: unknown) =>
        this.#fail(error),
      );
    });
    // A 101 Switching Protocols hands the socket over instead of answering; nothing more comes,
    // so it is the connection closing on the request, as undici reports it.
    this.#outgoing.once('upgrade', (_response: IncomingMessage, socket: Socket) => {
      socket.destroy();
      this.#fail(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    });
    this.#outgoing.end(this.#request.body);
  }

  readonly #cancel = (): void => this.#finish(cancelled(this.#request));

  /** A TokenError as it is; anything else failed below HTTP. */
  #fail(error: unknown): void {
    const { url, connectTimeoutMs } = this.#request;
    this.#finish(
      error instanceof TokenError ? error : describeTransportFailure(error, url, connectTimeoutMs),
    );
  }

  readonly #finish = (outcome: HttpResponse | TokenError): void => {
    if (this.#settled) {
      return;
    }
    this.#settled = true;
    this.#inFlight.delete(this.#cancel);
    this.#request.signal?.removeEventListener('abort', this.#cancel);
    this.#timers.forEach((timer) => clearTimeout(timer));
    if (outcome instanceof TokenError) {
      this.#outgoing?.destroy();
      this.#reject(outcome);
    } else {
      this.#resolve(outcome);
    }
  };

  /** From the socket to TCP connect (http) or to the end of the TLS handshake (https). */
  #watchConnect(socket: Socket, target: URL): void {
    if (this.#settled) {
      return;
    }
    const expire = () =>
      this.#finish(connectTimedOut(this.#request.url, this.#request.connectTimeoutMs));
    const deadline = setTimeout(expire, this.#request.connectTimeoutMs);
    this.#timers.push(deadline);
    const connected = target.protocol === 'https:' ? 'secureConnect' : 'connect';
    socket.once(connected, () => clearTimeout(deadline));
  }
}

async function readResponse(
  response: IncomingMessage,
  request: HttpRequest,
): Promise<HttpResponse> {
  // `headersDistinct` keeps every value: `headers` drops repeats of some names (Content-Type,
  // Retry-After, ...) where undici keeps them all, and both must give the engine the same.
  const headers = flattenHeaders(response.headersDistinct);
  const body = await readCapped(response, request, headers['content-length']);
  return { status: response.statusCode ?? 0, headers, body };
}

function proxyUnsupported(request: HttpRequest): TokenError {
  return new TokenError(
    'network',
    `Could not reach ${hostOf(request.url)}: this client connects directly and cannot go through the proxy set for it, so the server must be reachable without a proxy`,
    { url: request.url, detail: 'proxy_unsupported' },
  );
}
