import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { TokenError } from '../../../src/main/core/errors';
import type { HttpRequest } from '../../../src/main/core/transport';
import { createUndiciTransport } from '../../../src/main/core/undici-transport';
import type { UndiciTransport } from '../../../src/main/core/undici-transport';

interface LocalServer {
  url: string;
  requests: Array<{
    method?: string;
    url?: string;
    headers: IncomingMessage['headers'];
    body: string;
  }>;
  connections: number;
  close(): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  while (cleanups.length > 0) {
    await cleanups.pop()?.();
  }
});

async function startServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<LocalServer> {
  const state: LocalServer = {
    url: '',
    requests: [],
    connections: 0,
    close: async () => undefined,
  };
  const server: Server = createServer((request, response) => {
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
      });
      handler(request, response);
    });
  });
  server.on('connection', () => {
    state.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  cleanups.push(state.close);
  return state;
}

function newTransport(): UndiciTransport {
  const transport = createUndiciTransport();
  cleanups.push(() => transport.close());
  return transport;
}

const request = (url: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({
  method: 'POST',
  url,
  headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
  body: 'grant_type=client_credentials&client_id=org.example.desktop',
  connectTimeoutMs: 5000,
  totalTimeoutMs: 10_000,
  maxResponseBytes: 1024,
  ...extra,
});

async function rejection(promise: Promise<unknown>): Promise<TokenError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TokenError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('createUndiciTransport', () => {
  it('sends the request as built and returns lower-case headers and the body', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'X-Answer': 'yes' });
      response.end('{"ok":true}');
    });

    const response = await newTransport()(request(`${server.url}/auth/oauth2_token`));

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['x-answer']).toBe('yes');
    expect(response.body).toBe('{"ok":true}');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      url: '/auth/oauth2_token',
      body: 'grant_type=client_credentials&client_id=org.example.desktop',
    });
    expect(server.requests[0]?.headers.accept).toBe('application/json');
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('never follows a redirect: the 307 and its location come back', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(307, { Location: 'https://elsewhere.example.org/token' });
      response.end();
    });

    const response = await newTransport()(request(`${server.url}/auth/oauth2_token`));

    expect(response.status).toBe(307);
    expect(response.headers.location).toBe('https://elsewhere.example.org/token');
    expect(server.requests).toHaveLength(1);
  });

  it('abandons a body whose declared length is over the cap', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '4096' });
      response.end('x'.repeat(4096));
    });

    const error = await rejection(newTransport()(request(server.url)));

    expect(error.code).toBe('bad_response');
    expect(error.context.detail).toBe('too_large:4096');
  });

  it('cuts off a chunked body at the cap while reading', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      for (let index = 0; index < 8; index += 1) {
        response.write('y'.repeat(512));
      }
      response.end();
    });

    const error = await rejection(newTransport()(request(server.url)));

    expect(error.code).toBe('bad_response');
    expect(error.context.field).toBe('body');
    expect(error.context.detail).toMatch(/^too_large:\d+$/);
  });

  it('enforces a total deadline over a slow drip that idle timers never catch', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      const drip = setInterval(() => response.write(' '), 50);
      response.on('close', () => clearInterval(drip));
    });

    const error = await rejection(
      newTransport()(request(server.url, { totalTimeoutMs: 600, maxResponseBytes: 1_000_000 })),
    );

    expect(error.code).toBe('timeout');
    expect(error.context.detail).toBe('total_deadline');
  });

  it('reports a caller abort as cancelled', async () => {
    const controller = new AbortController();
    const server = await startServer(() => controller.abort());

    const error = await rejection(
      newTransport()(request(server.url, { signal: controller.signal })),
    );

    expect(error.code).toBe('cancelled');
    expect(server.requests).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const server = await startServer((_request, response) => response.end());
    const controller = new AbortController();
    controller.abort();

    const error = await rejection(
      newTransport()(request(server.url, { signal: controller.signal })),
    );

    expect(error.code).toBe('cancelled');
    expect(server.requests).toHaveLength(0);
  });

  it('names host and port when the connection is refused', async () => {
    const server = await startServer((_request, response) => response.end());
    const url = server.url;
    await server.close();

    const error = await rejection(newTransport()(request(url)));

    expect(error.code).toBe('network');
    expect(error.context.detail).toBe('ECONNREFUSED');
    expect(error.message).toContain(`Could not reach ${url.slice('http://'.length)}`);
    expect(error.message).toContain('check that the server is running');
  });

  it('reuses one pool per TLS material and opens another for different material', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('{}');
    });
    const transport = newTransport();
    const get = (extra: Partial<HttpRequest> = {}) =>
      transport(request(server.url, { method: 'GET', body: undefined, ...extra }));

    // Undici may replace the very first socket, so count only once the pool has settled.
    await get();
    await get();
    const settled = server.connections;
    await get();
    await get();
    expect(server.connections).toBe(settled);

    await get({ tls: { ca: 'another CA' } });
    expect(server.connections).toBe(settled + 1);
  });

  it('tunnels through the proxy when one is given', async () => {
    const target = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('{"via":"proxy"}');
    });
    const proxy = await startProxy((_target) => true);

    const response = await newTransport()(
      request(`${target.url}/auth/oauth2_token`, { proxyUrl: proxy.url }),
    );

    expect(response.body).toBe('{"via":"proxy"}');
    expect(proxy.tunnels).toEqual([target.url.slice('http://'.length)]);
    expect(target.requests[0]?.url).toBe('/auth/oauth2_token');
  });

  it("never loads undici's index, which carries fetch, WebSocket and mocks, even for a proxy", async () => {
    const target = await startServer((_request, response) => response.end('{}'));
    const proxy = await startProxy(() => true);
    const transport = newTransport();

    await transport(request(`${target.url}/auth/oauth2_token`));
    await transport(request(`${target.url}/auth/oauth2_token`, { proxyUrl: proxy.url }));

    const loaded = Object.keys(createRequire(import.meta.url).cache);
    expect(loaded.some((path) => path.includes('undici/lib/dispatcher/agent.js'))).toBe(true);
    expect(loaded.filter((path) => /undici[\\/]index\.js$/.test(path))).toEqual([]);
    expect(loaded.filter((path) => path.includes('undici/lib/web/'))).toEqual([]);
  });

  it('rejects a malformed proxy address without repeating it', async () => {
    const error = await rejection(
      newTransport()(request('http://sdb.example.org/', { proxyUrl: 'http://user:pw@[bad' })),
    );

    expect([error.code, error.context.detail]).toEqual(['network', 'proxy_url']);
    expect(JSON.stringify(error.toJSON())).not.toContain('pw');
  });

  it('says when the proxy wants authentication', async () => {
    const proxy = await startProxy(() => false);

    const error = await rejection(
      newTransport()(
        request('http://sdb.example.org:8080/auth/oauth2_token', { proxyUrl: proxy.url }),
      ),
    );

    expect(error.code).toBe('network');
    expect(error.context).toMatchObject({ status: 407, detail: 'proxy' });
    expect(error.message).toContain('The proxy requires authentication');
  });
});

/** A CONNECT proxy: tunnels when `allow` says so, otherwise answers 407. */
async function startProxy(allow: (target: string) => boolean) {
  const tunnels: string[] = [];
  const server = createServer();
  server.on('connect', (connectRequest: IncomingMessage, client: Socket) => {
    const target = connectRequest.url ?? '';
    tunnels.push(target);
    if (!allow(target)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = target.split(':');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tunnels };
}
