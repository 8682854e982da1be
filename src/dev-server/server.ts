// The protocol-faithful SanteDB dev server: plain node:http / node:https, no framework, no
// Electron, no side effects until startDevServer() runs, so the tray app can bundle it and run
// it in-process as its demo server. The path in front of `/auth` picks the behaviour:
//
//   <url>/auth/...            SanteDB 3.x, nodeless client_credentials allowed (Docker default)
//   <url>/strict/auth/...     SanteDB 3.x requiring node authentication (E5 without a device)
//   <url>/santedb2/auth/...   SanteDB 2.x (X-Device-Authorization, ms expiry, hex tokens, all 400)
//   <mount>/_fault/<name>[+<name>...]/auth/...   the same with fault switches (faults.ts)
//
// PING / answers 204, and `<mount>/hdsi/Patient` tries a token (E17). See mounts.ts for the
// table and faults.ts for every switch.
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';

import { serverSigningKey } from './accounts';
import { hostPolicy } from './host-check';
import { PendingTimers } from './pending-timers';
import { answerPing, isPingPacket } from './ping';
import { handleRequest, remember } from './request-handler';
import type { ServerState } from './request-handler';
import type { RecordedRequest } from './request-intake';
import { SessionStore } from './sessions';

export type { RecordedRequest } from './request-intake';

export interface DevServerOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Serve HTTPS. With `clientCa`, client certificates are requested (not required) and an
   * authorized certificate's CN is mapped to a device (mTLS node authentication). PEM text. */
  tls?: { cert: string; key: string; clientCa?: string };
  /** Default 3600. */
  sessionLifetimeSeconds?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  /** Receives one line per request: method, path, status, outcome in words. Never secrets. */
  logger?: (line: string) => void;
  /** A fixed issuer (SanteDB's `issuerName`); by default `<origin><mount>/auth` per request. */
  issuer?: string;
  /** Default true. Off, `requests` stays empty: for a long-running server, such as the tray's. */
  recordRequests?: boolean;
  /** Host header values (`name:port`) answered besides the listen address and localhost. */
  allowedHosts?: readonly string[];
}

export interface DevServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:8080`. */
  url: string;
  port: number;
  /** Every request received, oldest first (none with `recordRequests: false`). Holds
   * credentials: for assertions, never for logs. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const DEFAULT_LIFETIME_SECONDS = 3600;

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const host = options.host ?? '127.0.0.1';
  const state = initialState(options, host);
  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    // handleRequest answers its own failures; this only guards a write to a dead socket.
    handleRequest(state, request, response).catch(() => response.destroy());
  };
  const server: Server = options.tls
    ? createHttpsServer(tlsServerOptions(options.tls), handler)
    : createHttpServer(handler);

  const sockets = trackSockets(server);
  server.on('clientError', (error: ClientError, socket: Duplex) =>
    answerClientError(state, error, socket),
  );

  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  state.listenAddress = `${urlHost(host)}:${port}`;
  const scheme = options.tls ? 'https' : 'http';
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  state.hosts = hostPolicy(state.listenAddress, port, scheme, wildcard, options.allowedHosts);
  return {
    url: `${scheme}://${state.listenAddress}`,
    port,
    requests: state.requests,
    close: closeOnce(server, sockets, state.timers),
  };
}

function initialState(options: DevServerOptions, host: string): ServerState {
  return {
    now: options.now ?? Date.now,
    sessionLifetimeSeconds: options.sessionLifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS,
    issuer: options.issuer,
    logger: options.logger,
    listenAddress: urlHost(host),
    hosts: new Set(),
    sessions: new SessionStore(serverSigningKey.secret),
    timers: new PendingTimers(),
    recordRequests: options.recordRequests ?? true,
    requests: [],
    nextRequestId: 1,
  };
}

type ClientError = NodeJS.ErrnoException & { rawPacket?: Buffer };

/** Node's parser rejects the PING method; everything else it rejects is dropped. */
function answerClientError(state: ServerState, error: ClientError, socket: Duplex): void {
  if (!isPingPacket(error)) {
    socket.destroy();
    return;
  }
  const record = (entry: RecordedRequest): void => remember(state, () => entry);
  const status = answerPing(error.rawPacket, socket, state.now(), record);
  state.logger?.(`PING ${status}`);
}

function tlsServerOptions(tls: NonNullable<DevServerOptions['tls']>) {
  const mutual = tls.clientCa !== undefined;
  return {
    cert: tls.cert,
    key: tls.key,
    ca: tls.clientCa,
    requestCert: mutual,
    // The certificate is optional; an untrusted one is refused by the token endpoint instead.
    rejectUnauthorized: false,
  };
}

function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Close stops listening, ends every pending fault delay and destroys open connections. */
function closeOnce(
  server: Server,
  sockets: Set<Socket>,
  timers: PendingTimers,
): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= new Promise((resolve) => {
      timers.cancelAll();
      server.close(() => resolve());
      for (const socket of sockets) {
        socket.destroy();
      }
    });
    return closing;
  };
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') {
    return '127.0.0.1';
  }
  if (host === '::') {
    return '[::1]';
  }
  return host.includes(':') ? `[${host}]` : host;
}
