// The Transport contract (transport.ts), run against both transports: the tray's undici client
// and the CLI's node:http client must send the same request and report every outcome with the
// same TokenError, so each case below expects one answer from both. What only one of them does
// (undici's pools and proxies, node:http's lazy loading) is tested at the end and in
// undici-transport.test.ts.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { ServerOptions as HttpsServerOptions } from 'node:https';
import { connect, createServer as createNetServer } from 'node:net';
import type { Socket } from 'node:net';
import { join, resolve } from 'node:path';

import { buildSync } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createNodeHttpTransport } from '../../../src/main/core/node-http-transport';
import type { Transport } from '../../../src/main/core/transport';
import { createUndiciTransport } from '../../../src/main/core/undici-transport';
import { testCertificates } from '../../support/certs';
import type { TestCertificates } from '../../support/certs';
import { listen, startLocalServer } from '../../support/local-http-server';
import type { Handler, LocalServer } from '../../support/local-http-server';
import { tokenErrorOf } from '../../support/token-error';
import { TOKEN_FORM, transportRequest } from '../../support/transport-request';

type ClosableTransport = Transport & { close(): Promise<void> };

const transports: Array<[string, () => ClosableTransport]> = [
  ['createUndiciTransport', () => createUndiciTransport()],
  ['createNodeHttpTransport', () => createNodeHttpTransport()],
];

const cleanups: Array<() => Promise<void>> = [];
let certs: TestCertificates;

beforeAll(async () => {
  certs = await testCertificates();
}, 120_000);

afterEach(async () => {
  while (cleanups.length > 0) {
    await cleanups.pop()?.();
  }
});

const json: Handler = (_request, response) => {
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end('{"ok":true}');
};

async function startServer(handler: Handler, tls?: HttpsServerOptions): Promise<LocalServer> {
  const server = await startLocalServer(handler, tls);
  cleanups.push(server.close);
  return server;
}

/** The test CA's server certificate; with `requireClientCertificate`, TLS 1.2 refuses none. */
function tlsOptions(
  extra: HttpsServerOptions & { requireClientCertificate?: boolean } = {},
): HttpsServerOptions {
  const { requireClientCertificate, ...rest } = extra;
  return {
    cert: certs.server.cert,
    key: certs.server.key,
    ca: certs.ca.cert,
    requestCert: true,
    rejectUnauthorized: requireClientCertificate ?? false,
    ...rest,
  };
}

/** A TCP listener that hands each connection to `onSocket`: for servers that do not speak HTTP. */
async function startRawServer(onSocket: (socket: Socket) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  const port = await listen(server);
  cleanups.push(
    () =>
      new Promise<void>((resolvePromise) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolvePromise());
      }),
  );
  return `127.0.0.1:${port}`;
}

/**
 * A loopback port where a TCP connect hangs: its listener (another process, blocked) never
 * accepts, and once its backlog is full the kernel drops further SYNs. Unlike an unroutable
 * address, this needs no network and does not depend on what sits between the test and it.
 */
async function unansweredPort(): Promise<string> {
  const listener = spawn(
    process.execPath,
    [
      '-e',
      `const server = require('node:net').createServer();
       server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
         process.stdout.write(server.address().port + '\\n');
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
       });`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  cleanups.push(async () => {
    listener.kill('SIGKILL');
  });
  const port = await new Promise<number>((resolvePromise) =>
    listener.stdout.once('data', (chunk: Buffer) => resolvePromise(Number(String(chunk).trim()))),
  );

  const fillers: Socket[] = [];
  cleanups.push(async () => fillers.forEach((socket) => socket.destroy()));
  for (let attempt = 0; attempt < 16; attempt += 1) {
    const filler = connect(port, '127.0.0.1');
    filler.on('error', () => undefined);
    fillers.push(filler);
    if (!(await connectsWithin(filler, 300))) {
      return `127.0.0.1:${port}`;
    }
  }
  throw new Error('the listen backlog never filled');
}

function connectsWithin(socket: Socket, ms: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => resolvePromise(false), ms);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolvePromise(true);
    });
  });
}

const SCHEME_ADVICE = 'check that the URL scheme (http or https) matches the server';
const PASSPHRASE_WRONG =
  'The certificate passphrase is wrong: enter the passphrase of the certificate or key file in the profile';

describe.each(transports)('%s keeps the Transport contract', (_name, create) => {
  const newTransport = (): ClosableTransport => {
    const transport = create();
    cleanups.push(() => transport.close());
    return transport;
  };

  describe('over http', () => {
    it('sends the request as built and returns lower-case headers and the body', async () => {
      const server = await startServer((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json', 'X-Answer': 'yes' });
        response.end('{"ok":true}');
      });

      const response = await newTransport()(
        transportRequest(`${server.url}/auth/oauth2_token?x=1`),
      );

      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.headers['x-answer']).toBe('yes');
      expect(response.body).toBe('{"ok":true}');
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]).toMatchObject({
        method: 'POST',
        url: '/auth/oauth2_token?x=1',
        body: TOKEN_FORM,
      });
      expect(server.requests[0]?.headers).toMatchObject({
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(TOKEN_FORM)),
        host: server.host,
      });
      expect(server.requests[0]?.headers.authorization).toBeUndefined();
    });

    it('sends a GET without a body', async () => {
      const server = await startServer(json);

      await newTransport()(transportRequest(server.url, { method: 'GET', body: undefined }));

      expect(server.requests[0]).toMatchObject({ method: 'GET', body: '' });
      expect(server.requests[0]?.headers['content-length']).toBeUndefined();
      expect(server.requests[0]?.headers['transfer-encoding']).toBeUndefined();
    });

    it('joins a header sent more than once with ", ", whatever its name', async () => {
      const server = await startServer((_request, response) => {
        response.setHeader('Set-Cookie', ['a=1', 'b=2']);
        response.setHeader('Retry-After', ['7', '8']);
        response.setHeader('X-Multi', ['x', 'y']);
        response.end('{}');
      });

      const { headers } = await newTransport()(transportRequest(server.url));

      expect([headers['set-cookie'], headers['retry-after'], headers['x-multi']]).toEqual([
        'a=1, b=2',
        '7, 8',
        'x, y',
      ]);
    });

    it('decodes the body as UTF-8, even with a character split between chunks', async () => {
      const text = Buffer.from('{"name":"Zoë €"}', 'utf8');
      const split = text.indexOf(0xe2) + 1;
      const server = await startServer((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.write(text.subarray(0, split));
        setTimeout(() => response.end(text.subarray(split)), 20);
      });

      const response = await newTransport()(transportRequest(server.url));

      expect(response.body).toBe('{"name":"Zoë €"}');
    });

    it('never follows a redirect: the 307 and its location come back', async () => {
      const server = await startServer((_request, response) => {
        response.writeHead(307, { Location: 'https://elsewhere.example.org/token' });
        response.end();
      });

      const response = await newTransport()(transportRequest(`${server.url}/auth/oauth2_token`));

      expect(response.status).toBe(307);
      expect(response.headers.location).toBe('https://elsewhere.example.org/token');
      expect(response.body).toBe('');
      expect(server.requests).toHaveLength(1);
    });
    it('passes over a 103 Early Hints and returns the answer after it', async () => {
      const server = await startServer((_request, response) => {
        // Its headers are not the answer's: a length over the cap here must not cut anything off.
        response.writeEarlyHints({
          link: '</style.css>; rel=preload; as=style',
          'content-length': '5000000',
        });
        response.writeHead(200, { 'Content-Type': 'application/json', 'X-Final': 'yes' });
        response.end('{"ok":true}');
      });

      const response = await newTransport()(transportRequest(server.url));

      expect(response.status).toBe(200);
      expect(response.headers['x-final']).toBe('yes');
      expect(response.headers.link).toBeUndefined();
      expect(response.body).toBe('{"ok":true}');
    });

    it('fails at once, not at the deadline, on a 101 Switching Protocols', async () => {
      // A server that switches protocols and then keeps the connection open, saying nothing.
      const sockets: Socket[] = [];
      const server = createNetServer((socket) => {
        sockets.push(socket);
        socket.once('data', () =>
          socket.write(
            'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n',
          ),
        );
      });
      const port = await listen(server);
      cleanups.push(
        () =>
          new Promise<void>((resolvePromise) => {
            sockets.forEach((socket) => socket.destroy());
            server.close(() => resolvePromise());
          }),
      );
      const started = Date.now();

      const error = await tokenErrorOf(
        newTransport()(
          transportRequest(`http://127.0.0.1:${port}/auth/oauth2_token`, { totalTimeoutMs: 5000 }),
        ),
      );

      expect(error.code).toBe('network');
      expect(error.context.detail).not.toBe('total_deadline');
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });

  describe('the size cap', () => {
    const tooLarge = (server: LocalServer) =>
      `The answer from ${server.host} is larger than 1024 bytes and was abandoned: a token endpoint sends a few kilobytes, so check the URL`;

    it('keeps a body exactly as large as the cap', async () => {
      const server = await startServer((_request, response) => response.end('z'.repeat(1024)));

      const response = await newTransport()(transportRequest(server.url));

      expect(response.body).toBe('z'.repeat(1024));
    });

    it('abandons a body whose declared length is over the cap', async () => {
      const server = await startServer((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '4096' });
        response.end('x'.repeat(4096));
      });

      const error = await tokenErrorOf(newTransport()(transportRequest(server.url)));

      expect(error.toJSON()).toEqual({
        code: 'bad_response',
        message: tooLarge(server),
        context: { url: server.url, field: 'body', detail: 'too_large:4096' },
      });
    });

    it('cuts off a chunked body at the cap and drops the connection', async () => {
      let serverSide: Promise<boolean> = Promise.resolve(true);
      const server = await startServer((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        const drip = setInterval(() => response.write('y'.repeat(512)), 10);
        serverSide = new Promise((resolvePromise) =>
          response.on('close', () => {
            clearInterval(drip);
            resolvePromise(response.writableFinished);
          }),
        );
      });

      const error = await tokenErrorOf(newTransport()(transportRequest(server.url)));

      expect([error.code, error.message, error.context.field]).toEqual([
        'bad_response',
        tooLarge(server),
        'body',
      ]);
      const size = Number(/^too_large:(\d+)$/.exec(error.context.detail ?? '')?.[1]);
      expect(size).toBeGreaterThan(1024);
      // The server never finished: the client closed the connection instead of reading on.
      expect(await serverSide).toBe(false);
    });
  });

  describe('deadlines and cancelling', () => {
    it.each([
      ['drips the body', true],
      ['never sends the headers', false],
    ])('enforces the total deadline over a server that %s', async (_case, drips) => {
      const server = await startServer((_request, response) => {
        if (!drips) {
          return;
        }
        response.writeHead(200, { 'Content-Type': 'application/json' });
        const drip = setInterval(() => response.write(' '), 50);
        response.on('close', () => clearInterval(drip));
      });
      const started = performance.now();

      const error = await tokenErrorOf(
        newTransport()(
          transportRequest(server.url, { totalTimeoutMs: 600, maxResponseBytes: 1_000_000 }),
        ),
      );

      expect(error.toJSON()).toEqual({
        code: 'timeout',
        message: `${server.host} did not answer within 0.6 s: check that the server is up, or raise the profile's timeout`,
        context: { url: server.url, detail: 'total_deadline' },
      });
      expect(performance.now() - started).toBeGreaterThanOrEqual(590);
    });

    it.each([
      ['TCP connect (http)', 'http'],
      ['TLS handshake (https)', 'https'],
    ])('enforces the connect deadline over a %s that never completes', async (_case, scheme) => {
      // For https the TCP connect succeeds and the server never answers the ClientHello.
      const host = scheme === 'http' ? await unansweredPort() : await startRawServer(() => {});
      const url = `${scheme}://${host}/auth/oauth2_token`;
      const started = performance.now();

      const error = await tokenErrorOf(
        newTransport()(transportRequest(url, { connectTimeoutMs: 300, totalTimeoutMs: 10_000 })),
      );

      expect(error.toJSON()).toEqual({
        code: 'timeout',
        message: `Could not connect to ${host} in 0.3 s: check the server URL, the network or VPN, and any firewall`,
        context: { url, detail: 'UND_ERR_CONNECT_TIMEOUT' },
      });
      expect(performance.now() - started).toBeLessThan(5000);
    });

    it('answers at the total deadline while the TLS handshake is still under way', async () => {
      // The connect limit is longer than the whole deadline: the total deadline must win.
      const host = await startRawServer(() => {});
      const url = `https://${host}/auth/oauth2_token`;
      const started = performance.now();

      const error = await tokenErrorOf(
        newTransport()(transportRequest(url, { connectTimeoutMs: 1500, totalTimeoutMs: 400 })),
      );

      expect(error.toJSON()).toEqual({
        code: 'timeout',
        message: `${host} did not answer within 0.4 s: check that the server is up, or raise the profile's timeout`,
        context: { url, detail: 'total_deadline' },
      });
      expect(performance.now() - started).toBeLessThan(1000);
    });

    it('reports a caller abort during the TLS handshake as cancelled, at once', async () => {
      const host = await startRawServer(() => {});
      const url = `https://${host}/auth/oauth2_token`;
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = performance.now();

      const error = await tokenErrorOf(
        newTransport()(
          transportRequest(url, { signal: controller.signal, connectTimeoutMs: 1500 }),
        ),
      );

      expect(error.toJSON()).toEqual({
        code: 'cancelled',
        message: 'The request was cancelled before it finished',
        context: { url },
      });
      expect(performance.now() - started).toBeLessThan(1000);
    });

    it('reports a caller abort as cancelled', async () => {
      const controller = new AbortController();
      const server = await startServer(() => controller.abort());

      const error = await tokenErrorOf(
        newTransport()(transportRequest(server.url, { signal: controller.signal })),
      );

      expect(error.toJSON()).toEqual({
        code: 'cancelled',
        message: 'The request was cancelled before it finished',
        context: { url: server.url },
      });
      expect(server.requests).toHaveLength(1);
    });

    it('sends nothing when the signal is already aborted', async () => {
      const server = await startServer(json);
      const controller = new AbortController();
      controller.abort();

      const error = await tokenErrorOf(
        newTransport()(transportRequest(server.url, { signal: controller.signal })),
      );

      expect(error.code).toBe('cancelled');
      await new Promise((wake) => setTimeout(wake, 50));
      expect(server.connections).toBe(0);
    });
  });

  describe('over https', () => {
    it('trusts a server whose CA the request adds', async () => {
      const server = await startServer(json, tlsOptions());

      const response = await newTransport()(
        transportRequest(server.url, { tls: { ca: certs.ca.cert } }),
      );

      expect([response.status, response.body]).toEqual([200, '{"ok":true}']);
      expect(server.requests[0]?.clientCertificate).toEqual({
        commonName: undefined,
        authorized: false,
      });
    });

    it('authenticates with a PKCS#12 client certificate and its passphrase', async () => {
      const server = await startServer(json, tlsOptions());
      const tls = {
        ca: certs.ca.cert,
        pfx: certs.client.pkcs12,
        passphrase: certs.client.passphrase,
      };

      await newTransport()(transportRequest(server.url, { tls }));

      expect(server.requests[0]?.clientCertificate).toEqual({
        commonName: certs.client.commonName,
        authorized: true,
      });
    });

    it('authenticates with a PEM certificate and an encrypted PEM key', async () => {
      const server = await startServer(json, tlsOptions());
      const tls = {
        ca: certs.ca.cert,
        cert: certs.client.cert,
        key: certs.client.encryptedKey,
        passphrase: certs.client.passphrase,
      };

      await newTransport()(transportRequest(server.url, { tls }));

      expect(server.requests[0]?.clientCertificate).toEqual({
        commonName: certs.client.commonName,
        authorized: true,
      });
    });

    it.each([
      ['a PKCS#12 file', 'mac_verify_failure'],
      ['an encrypted PEM key', 'ERR_OSSL_BAD_DECRYPT'],
    ])('names the passphrase when it does not open %s', async (kind, detail) => {
      const server = await startServer(json, tlsOptions());
      const material =
        kind === 'a PKCS#12 file'
          ? { pfx: certs.client.pkcs12 }
          : { cert: certs.client.cert, key: certs.client.encryptedKey };

      const error = await tokenErrorOf(
        newTransport()(
          transportRequest(server.url, {
            tls: { ca: certs.ca.cert, ...material, passphrase: 'not-the-passphrase' },
          }),
        ),
      );

      expect(error.toJSON()).toEqual({
        code: 'tls',
        message: PASSPHRASE_WRONG,
        context: { url: server.url, detail, field: 'secrets.certPassphrase' },
      });
      expect(JSON.stringify(error.toJSON())).not.toContain('not-the-passphrase');
      expect(server.connections).toBe(0);
    });

    it.each([
      ['a self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT', true],
      ['a certificate from a CA the request does not add', 'SELF_SIGNED_CERT_IN_CHAIN', false],
    ])('refuses a server with %s, naming the CA file', async (_case, detail, selfSigned) => {
      const server = await startServer(
        json,
        selfSigned
          ? { cert: certs.selfSignedServer.cert, key: certs.selfSignedServer.key }
          : tlsOptions(),
      );

      const error = await tokenErrorOf(newTransport()(transportRequest(server.url)));

      expect(error.toJSON()).toEqual({
        code: 'tls',
        message: `The server certificate of ${server.host} is not trusted: add the server's CA file to the profile`,
        context: { url: server.url, detail, field: 'caPath' },
      });
      expect(server.requests).toHaveLength(0);
    });

    it('says the handshake failed when a TLS 1.2 server requires a client certificate', async () => {
      const server = await startServer(
        json,
        tlsOptions({ requireClientCertificate: true, maxVersion: 'TLSv1.2' }),
      );

      const error = await tokenErrorOf(
        newTransport()(transportRequest(server.url, { tls: { ca: certs.ca.cert } })),
      );

      expect(error.toJSON()).toEqual({
        code: 'tls',
        message: `The TLS handshake with ${server.host} failed (the server may have rejected the client certificate, or the certificate file cannot be read): check the certificate, key and CA files`,
        context: { url: server.url, detail: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' },
      });
    });
  });

  describe('failures below HTTP', () => {
    it('names host and port when the connection is refused', async () => {
      const server = await startServer(json);
      await server.close();

      const error = await tokenErrorOf(newTransport()(transportRequest(server.url)));

      expect(error.toJSON()).toEqual({
        code: 'network',
        message: `Could not reach ${server.host}: the connection was refused: check that the server is running and the port is right`,
        context: { url: server.url, detail: 'ECONNREFUSED' },
      });
    });

    it('says to check the scheme when plain http reaches a TLS port', async () => {
      const server = await startServer(json, tlsOptions());
      const url = `http://${server.host}/auth/oauth2_token`;

      const error = await tokenErrorOf(newTransport()(transportRequest(url)));

      expect(error.toJSON()).toEqual({
        code: 'network',
        message: `Could not reach ${server.host}: the server closed the connection: ${SCHEME_ADVICE}`,
        context: { url, detail: 'UND_ERR_SOCKET' },
      });
    });

    it.each([
      ['resets', (socket: Socket) => socket.resetAndDestroy()],
      ['hangs up', (socket: Socket) => socket.end()],
    ])('says to check the scheme when https reaches a plain port that %s', async (_case, close) => {
      // What a plain-HTTP server that drops unparsable requests does with a ClientHello.
      const host = await startRawServer((socket) => socket.once('data', () => close(socket)));
      const url = `https://${host}/auth/oauth2_token`;

      const error = await tokenErrorOf(newTransport()(transportRequest(url)));

      expect(error.toJSON()).toEqual({
        code: 'network',
        message: `Could not reach ${host}: the connection was reset: check that the URL scheme (http or https) and the port match the server, then any proxy or firewall in between`,
        context: { url, detail: 'ECONNRESET' },
      });
    });

    it('says the server does not speak TLS when https reaches a plain port', async () => {
      const server = await startServer(json);
      const url = `https://${server.host}/auth/oauth2_token`;

      const error = await tokenErrorOf(newTransport()(transportRequest(url)));

      expect(error.toJSON()).toEqual({
        code: 'tls',
        message: `${server.host} does not speak TLS: check whether the URL should start with http:// or use another port`,
        context: { url, detail: 'ERR_SSL_WRONG_VERSION_NUMBER' },
      });
    });

    it.each([
      ['before answering', false],
      ['in the middle of the body', true],
    ])('says the server closed the connection %s', async (_case, midBody) => {
      const server = await startServer((incoming, response) => {
        if (midBody) {
          response.writeHead(200, { 'Content-Length': '100' });
          response.write('{"access_token":');
        }
        setTimeout(() => incoming.socket.destroy(), 20);
      });

      const error = await tokenErrorOf(newTransport()(transportRequest(server.url)));

      expect(error.toJSON()).toEqual({
        code: 'network',
        message: `Could not reach ${server.host}: the server closed the connection: ${SCHEME_ADVICE}`,
        context: { url: server.url, detail: 'UND_ERR_SOCKET' },
      });
    });

    it('tells a reset connection from a closed one', async () => {
      const server = await startServer((incoming) => incoming.socket.resetAndDestroy());

      const error = await tokenErrorOf(newTransport()(transportRequest(server.url)));

      expect(error.toJSON()).toEqual({
        code: 'network',
        message: `Could not reach ${server.host}: the connection was reset: try again, and check any proxy or firewall in between`,
        context: { url: server.url, detail: 'ECONNRESET' },
      });
    });

    it('says the answer is not HTTP when the server sends something else', async () => {
      const host = await startRawServer((socket) =>
        socket.once('data', () => socket.end('SSH-2.0-OpenSSH_9.6\r\n')),
      );
      const url = `http://${host}/auth/oauth2_token`;

      const error = await tokenErrorOf(newTransport()(transportRequest(url)));

      expect(error.toJSON()).toEqual({
        code: 'network',
        message: `Could not reach ${host}: the answer is not valid HTTP: check that the URL scheme (http or https) and the port match the server`,
        context: { url, detail: 'not_http' },
      });
    });
  });
});

describe('createNodeHttpTransport', () => {
  const newTransport = () => {
    const transport = createNodeHttpTransport();
    cleanups.push(() => transport.close());
    return transport;
  };

  it('opens one connection per request and asks the server to close it', async () => {
    const server = await startServer(json);
    const transport = newTransport();

    await transport(transportRequest(server.url));
    await transport(transportRequest(server.url));

    expect(server.connections).toBe(2);
    expect(server.requests.map((sent) => sent.headers.connection)).toEqual(['close', 'close']);
  });

  it('refuses a proxy plainly, without connecting anywhere', async () => {
    const server = await startServer(json);

    const error = await tokenErrorOf(
      newTransport()(
        transportRequest(server.url, { proxyUrl: 'http://user:pw@proxy.example.org:3128' }),
      ),
    );

    expect(error.toJSON()).toEqual({
      code: 'network',
      message: `Could not reach ${server.host}: this client connects directly and cannot go through the proxy set for it, so the server must be reachable without a proxy`,
      context: { url: server.url, detail: 'proxy_unsupported' },
    });
    expect(server.connections).toBe(0);
  });

  it('close() resolves at once and cancels what is still under way', async () => {
    let serverSide: Promise<void> = Promise.resolve();
    const server = await startServer((incoming) => {
      serverSide = new Promise((resolvePromise) => incoming.socket.once('close', resolvePromise));
    });
    const transport = newTransport();
    const pending = transport(transportRequest(server.url));
    await expect.poll(() => server.requests.length).toBe(1);

    await transport.close();

    expect((await tokenErrorOf(pending)).code).toBe('cancelled');
    await serverSide;
  });

  it('loads neither node:tls nor node:http2 for http://, even compiled by vm as the CLI is', async () => {
    const plain = await startServer(json);
    const secure = await startServer(json, tlsOptions());
    const script = bundleModuleProbe();

    const run = await runThroughVm(script, [plain.url, secure.url, certs.ca.certPath]);

    expect(run.stderr).toBe('');
    // The https request shows the probe sees what the transport loads.
    expect(JSON.parse(run.stdout)).toEqual({
      before: { http: false, tls: false, http2: false },
      afterHttp: { status: 200, http: true, tls: false, http2: false },
      afterHttps: { status: 200, http: true, tls: true, http2: false },
    });
  });
});

const repositoryRoot = resolve(__dirname, '../../..');

/** A small CommonJS program, bundled the way the CLI is, that reports which modules it loaded. */
function bundleModuleProbe(): string {
  const outfile = join(repositoryRoot, 'test-output/transport-contract/module-probe.cjs');
  mkdirSync(join(repositoryRoot, 'test-output/transport-contract'), { recursive: true });
  buildSync({
    stdin: {
      contents: `
        import { readFileSync } from 'node:fs';
        import { createNodeHttpTransport } from './src/main/core/node-http-transport';

        const [plainUrl, secureUrl, caPath] = process.argv.slice(-3);
        const list = (process as unknown as { moduleLoadList: string[] }).moduleLoadList;
        const loaded = () => ({
          http: list.includes('NativeModule http'),
          tls: list.includes('NativeModule tls'),
          http2: list.includes('NativeModule http2'),
        });
        const base = { method: 'GET' as const, headers: {}, connectTimeoutMs: 5000,
          totalTimeoutMs: 10000, maxResponseBytes: 1024 };

        async function main(): Promise<void> {
          const before = loaded();
          const transport = createNodeHttpTransport();
          const plain = await transport({ ...base, url: plainUrl });
          const afterHttp = { status: plain.status, ...loaded() };
          const ca = readFileSync(caPath, 'utf8');
          const secure = await transport({ ...base, url: secureUrl, tls: { ca } });
          const afterHttps = { status: secure.status, ...loaded() };
          process.stdout.write(JSON.stringify({ before, afterHttp, afterHttps }));
        }
        void main();
      `,
      resolveDir: repositoryRoot,
      sourcefile: 'module-probe.ts',
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
  });
  return outfile;
}

/**
 * Runs a CommonJS file compiled by vm.Script, as the CLI's code-cache loader runs its bundle.
 * Such code has no dynamic-import callback, so an import() of a Node module there fails.
 */
function runThroughVm(
  script: string,
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const loader = `
    const { readFileSync } = require('node:fs');
    const { createRequire } = require('node:module');
    const { dirname } = require('node:path');
    const { Script } = require('node:vm');
    const file = process.argv[1];
    const wrapped = '(function (exports, require, module, __filename, __dirname) {' +
      readFileSync(file, 'utf8') + '\\n})';
    const run = new Script(wrapped, { filename: file }).runInThisContext();
    const module = { exports: {} };
    run(module.exports, createRequire(file), module, file, dirname(file));
  `;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['-e', loader, script, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}
