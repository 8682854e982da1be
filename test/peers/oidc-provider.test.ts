// panva's oidc-provider as an independent OAuth 2.0 server: client_secret_basic with a secret
// that only survives RFC 6749 §2.3.1 encoding, client_secret_post, and RFC 8705 tls_client_auth.
import { createHash, X509Certificate } from 'node:crypto';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { clientSecretBasic } from '../../src/main/core/token-request';
import { ensureCliBuilt, runBuiltCli } from '../cli/built-cli';
import type { TestCertificates } from '../support/certs';
import { testCertificates } from '../support/certs';
import type { OidcPeer } from '../support/peers/oidc-provider-peer';
import { PEER_RESOURCE, startOidcProviderPeer } from '../support/peers/oidc-provider-peer';

import { acquireFromPeer, jwtPayload, refusalFromPeer } from './peer-client';

// Every character here changes under form-encoding; oidc-provider allows only printable ASCII.
const SPECIAL_SECRET = 'p:a%2Fss+w rd&x=1~!*';
const POST_SECRET = 'post:secret%+ value';

let peer: OidcPeer;
let tlsPeer: OidcPeer;
let certs: TestCertificates;

beforeAll(async () => {
  certs = await testCertificates();
  peer = await startOidcProviderPeer({
    clients: [
      { clientId: 'tray-basic', method: 'client_secret_basic', secret: SPECIAL_SECRET },
      { clientId: 'tray-post', method: 'client_secret_post', secret: POST_SECRET },
    ],
  });
  tlsPeer = await startOidcProviderPeer({
    clients: [
      {
        clientId: 'tray-mtls',
        method: 'tls_client_auth',
        subjectDn: `CN=${certs.client.commonName}`,
      },
    ],
    tls: { key: certs.server.key, cert: certs.server.cert, ca: certs.ca.cert },
  });
  await ensureCliBuilt();
}, 120_000);

afterAll(async () => {
  await Promise.all([peer?.close(), tlsPeer?.close()]);
});

describe('token client against oidc-provider', () => {
  it('authenticates with client_secret_basic, form-encoding the secret before base64', async () => {
    const token = await acquireFromPeer(
      {
        tokenEndpoint: peer.tokenEndpoint,
        clientId: 'tray-basic',
        clientAuth: 'basic',
        allowHttp: true,
        scope: 'read write',
      },
      { clientSecret: SPECIAL_SECRET },
    );

    expect(token.generation).toBe('oauth2');
    expect(token.tokenType).toBe('Bearer');
    expect(token.expiresInSeconds).toBe(300);
    expect(jwtPayload(token.accessToken)).toMatchObject({
      client_id: 'tray-basic',
      aud: PEER_RESOURCE,
      scope: 'read write',
    });
  });

  it('is refused by the same peer when the secret is sent without form-encoding', async () => {
    // The control for the case above: proves the peer really decodes, so encoding matters.
    const raw = Buffer.from(`tray-basic:${SPECIAL_SECRET}`).toString('base64');
    const response = await fetch(peer.tokenEndpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${raw}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });

    // Decoded, the raw text is another secret ("+" becomes a space, "%2F" a slash).
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    expect(clientSecretBasic('tray-basic', SPECIAL_SECRET)).not.toBe(raw);
  });

  it('authenticates with client_secret_post', async () => {
    const token = await acquireFromPeer(
      {
        tokenEndpoint: peer.tokenEndpoint,
        clientId: 'tray-post',
        clientAuth: 'post',
        allowHttp: true,
        scope: 'read',
      },
      { clientSecret: POST_SECRET },
    );

    expect(jwtPayload(token.accessToken)).toMatchObject({ client_id: 'tray-post', scope: 'read' });
  });

  it('reports a wrong secret as server_refused with invalid_client and HTTP 401', async () => {
    const error = await refusalFromPeer(
      { tokenEndpoint: peer.tokenEndpoint, clientId: 'tray-basic', allowHttp: true },
      { clientSecret: 'not-the-secret' },
    );

    expect(error.code).toBe('server_refused');
    expect(error.context).toMatchObject({ status: 401, oauthError: 'invalid_client' });
    expect(JSON.stringify(error)).not.toContain('not-the-secret');
  });

  it('authenticates by client certificate (tls_client_auth) and gets a bound token', async () => {
    const token = await acquireFromPeer(
      {
        tokenEndpoint: tlsPeer.tokenEndpoint,
        clientId: 'tray-mtls',
        nodeAuth: { kind: 'pkcs12', path: certs.client.pkcs12Path },
        caPath: certs.ca.certPath,
      },
      { certPassphrase: certs.client.passphrase },
    );

    const thumbprint = createHash('sha256')
      .update(new X509Certificate(certs.client.cert).raw)
      .digest('base64url');
    expect(jwtPayload(token.accessToken)).toMatchObject({
      client_id: 'tray-mtls',
      cnf: { 'x5t#S256': thumbprint },
    });
  });

  it('is refused by the mTLS peer for a certificate from a CA it does not trust', async () => {
    const error = await refusalFromPeer({
      tokenEndpoint: tlsPeer.tokenEndpoint,
      clientId: 'tray-mtls',
      nodeAuth: {
        kind: 'pem',
        certPath: certs.untrustedClient.certPath,
        keyPath: certs.untrustedClient.keyPath,
      },
      caPath: certs.ca.certPath,
    });

    expect(error.code).toBe('server_refused');
    expect(error.context).toMatchObject({ status: 401, oauthError: 'invalid_client' });
  });
});

describe('what the token client sends for a non-ASCII secret', () => {
  // oidc-provider refuses to register a secret outside printable ASCII, so the UTF-8 case of
  // §2.3.1 is checked on the wire instead: UTF-8, then form-encoding, then base64.
  let recorder: Server;
  let seenAuthorization: string | undefined;

  beforeAll(async () => {
    recorder = createServer((request, response) => {
      seenAuthorization = request.headers.authorization;
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end('{"error":"invalid_client"}');
    });
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => recorder.close(resolve));
  });

  it('percent-encodes the UTF-8 bytes of the id and secret inside Basic', async () => {
    const { port } = recorder.address() as AddressInfo;
    await refusalFromPeer(
      { tokenEndpoint: `http://127.0.0.1:${port}/token`, clientId: 'träy client', allowHttp: true },
      { clientSecret: 'sécret:ü+%' },
    );

    const decoded = Buffer.from(seenAuthorization?.replace(/^Basic /, '') ?? '', 'base64');
    expect(decoded.toString('latin1')).toBe('tr%C3%A4y+client:s%C3%A9cret%3A%C3%BC%2B%25');
  });
});

describe('santedb-token against oidc-provider', () => {
  it('prints a token for --protocol oauth2 with client_secret_basic', async () => {
    const run = await runBuiltCli(
      [
        'json',
        '--protocol',
        'oauth2',
        '--token-endpoint',
        peer.tokenEndpoint,
        '--client-id',
        'tray-basic',
        '--scope',
        'read',
        '--allow-http',
      ],
      { SANTEDB_CLIENT_SECRET: SPECIAL_SECRET },
    );

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({ token_type: 'Bearer', protocol: 'oauth2', claims: null });
    expect(jwtPayload(result.access_token as string)).toMatchObject({ client_id: 'tray-basic' });
  });

  it('prints a token for tls_client_auth with --cert and --ca', async () => {
    const run = await runBuiltCli(
      [
        '--protocol',
        'oauth2',
        '--token-endpoint',
        tlsPeer.tokenEndpoint,
        '--client-id',
        'tray-mtls',
        '--cert',
        certs.client.pkcs12Path,
        '--ca',
        certs.ca.certPath,
      ],
      { SANTEDB_CERT_PASSPHRASE: certs.client.passphrase },
    );

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(jwtPayload(run.stdout.trim())).toMatchObject({ client_id: 'tray-mtls' });
  });

  it('exits 3 naming invalid_client and HTTP 401 for a wrong secret', async () => {
    const run = await runBuiltCli(
      [
        '--protocol',
        'oauth2',
        '--token-endpoint',
        peer.tokenEndpoint,
        '--client-id',
        'tray-post',
        '--client-auth',
        'post',
        '--allow-http',
      ],
      { SANTEDB_CLIENT_SECRET: 'not-the-secret' },
    );

    expect(run.stdout).toBe('');
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('invalid_client');
    expect(run.stderr).toContain('HTTP 401');
  });
});
