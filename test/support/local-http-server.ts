// A loopback http or https server that records what it receives, for the tests that drive the
// transports directly. The handler answers once the request body is in.
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { ServerOptions as HttpsServerOptions } from 'node:https';
import type { Server as NetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

export interface RecordedRequest {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** Over https: the client certificate's CN and whether the server's CA vouches for it. */
  clientCertificate?: { commonName?: string; authorized: boolean };
}

export interface LocalServer {
  url: string;
  /** host:port, as the transports' messages name the server. */
  host: string;
  requests: RecordedRequest[];
  connections: number;
  close(): Promise<void>;
}

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** An http server, or an https one given TLS options; the handler runs once the body is in. */
export async function startLocalServer(
  handler: Handler,
  tls?: HttpsServerOptions,
): Promise<LocalServer> {
  const state: LocalServer = {
    url: '',
    host: '',
    requests: [],
    connections: 0,
    close: async () => undefined,
  };
  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      state.requests.push({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body,
        ...(tls ? { clientCertificate: clientCertificateOf(request) } : {}),
      });
      handler(request, response);
    });
  };
  const server: Server = tls ? createHttpsServer(tls, listener) : createHttpServer(listener);
  server.on('connection', () => {
    state.connections += 1;
  });
  const port = await listen(server);
  state.host = `127.0.0.1:${port}`;
  state.url = `${tls ? 'https' : 'http'}://${state.host}`;
  state.close = () =>
    new Promise<void>((resolvePromise) => {
      server.closeAllConnections();
      server.close(() => resolvePromise());
    });
  return state;
}

function clientCertificateOf(request: IncomingMessage) {
  const socket = request.socket as TLSSocket;
  // Without a client certificate the peer certificate is an empty object.
  const commonName = socket.getPeerCertificate().subject?.CN;
  return {
    commonName: typeof commonName === 'string' ? commonName : undefined,
    authorized: socket.authorized,
  };
}

export function listen(server: Server | NetServer): Promise<number> {
  return new Promise((resolvePromise) =>
    server.listen(0, '127.0.0.1', () => resolvePromise((server.address() as AddressInfo).port)),
  );
}
