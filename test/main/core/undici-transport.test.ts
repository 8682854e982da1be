// What only the undici transport does: connection pools per TLS material, proxies, and keeping
// undici's index out of the bundle. The behaviour it shares with the node:http transport is
// tested against both in transport-contract.test.ts.
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import type { HttpRequest } from '../../../src/main/core/transport';
import { createUndiciTransport } from '../../../src/main/core/undici-transport';
import type { UndiciTransport } from '../../../src/main/core/undici-transport';
import { startLocalServer } from '../../support/local-http-server';
import type { Handler, LocalServer } from '../../support/local-http-server';
import { tokenErrorOf } from '../../support/token-error';
import { transportRequest } from '../../support/transport-request';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  while (cleanups.length > 0) {
    await cleanups.pop()?.();
  }
});

async function startServer(handler: Handler): Promise<LocalServer> {
  const server = await startLocalServer(handler);
  cleanups.push(server.close);
  return server;
}

function newTransport(): UndiciTransport {
  const transport = createUndiciTransport();
  cleanups.push(() => transport.close());
  return transport;
}

describe('createUndiciTransport', () => {
  it('reuses one pool per TLS material and opens another for different material', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('{}');
    });
    const transport = newTransport();
    const get = (extra: Partial<HttpRequest> = {}) =>
      transport(transportRequest(server.url, { method: 'GET', body: undefined, ...extra }));

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
      transportRequest(`${target.url}/auth/oauth2_token`, { proxyUrl: proxy.url }),
    );

    expect(response.body).toBe('{"via":"proxy"}');
    expect(proxy.tunnels).toEqual([target.url.slice('http://'.length)]);
    expect(target.requests[0]?.url).toBe('/auth/oauth2_token');
  });

  it("never loads undici's index, which carries fetch, WebSocket and mocks, even for a proxy", async () => {
    const target = await startServer((_request, response) => response.end('{}'));
    const proxy = await startProxy(() => true);
    const transport = newTransport();

    await transport(transportRequest(`${target.url}/auth/oauth2_token`));
    await transport(transportRequest(`${target.url}/auth/oauth2_token`, { proxyUrl: proxy.url }));

    const loaded = Object.keys(createRequire(import.meta.url).cache);
    expect(loaded.some((path) => path.includes('undici/lib/dispatcher/agent.js'))).toBe(true);
    expect(loaded.filter((path) => /undici[\\/]index\.js$/.test(path))).toEqual([]);
    expect(loaded.filter((path) => path.includes('undici/lib/web/'))).toEqual([]);
  });

  it('rejects a malformed proxy address without repeating it', async () => {
    const error = await tokenErrorOf(
      newTransport()(
        transportRequest('http://sdb.example.org/', { proxyUrl: 'http://user:pw@[bad' }),
      ),
    );

    expect([error.code, error.context.detail]).toEqual(['network', 'proxy_url']);
    expect(JSON.stringify(error.toJSON())).not.toContain('pw');
  });

  it('says when the proxy wants authentication', async () => {
    const proxy = await startProxy(() => false);

    const error = await tokenErrorOf(
      newTransport()(
        transportRequest('http://sdb.example.org:8080/auth/oauth2_token', { proxyUrl: proxy.url }),
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
