import { connect } from 'node:net';

import { describe, expect, it } from 'vitest';

import { exampleApplication } from '../../src/dev-server/accounts';
import { startDevServer } from '../../src/dev-server/server';
import { testCertificates } from '../support/certs';

import { exampleSecretForm, useDevServer, verifyIdToken } from './fixtures';
import { deviceBasic, postForm, send } from './http-client';

const dev = useDevServer();
const { clock } = dev;

const clientSecretForm = { ...exampleSecretForm, nonce: 'bm9uY2U' };

async function newSession(): Promise<Record<string, unknown>> {
  const response = await postForm(`${dev.server.url}/auth/oauth2_token`, clientSecretForm);
  expect(response.status).toBe(200);
  return response.json;
}

describe('E1: discovery', () => {
  it('builds endpoint URLs from the request Host and keeps a configured issuer', async () => {
    const certs = await testCertificates();
    const tlsServer = await startDevServer({
      tls: { cert: certs.server.cert, key: certs.server.key },
      issuer: 'https://sdb.example.org/auth',
      allowedHosts: ['sdb.example.org:8443'],
    });
    try {
      const response = await send(`${tlsServer.url}/auth/.well-known/openid-configuration`, {
        headers: { Host: 'sdb.example.org:8443', Accept: 'application/json' },
        tls: { ca: certs.ca.cert, servername: 'localhost' },
      });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.json).toEqual({
        issuer: 'https://sdb.example.org/auth',
        authorization_endpoint: 'https://sdb.example.org:8443/auth/authorize',
        token_endpoint: 'https://sdb.example.org:8443/auth/oauth2_token',
        userinfo_endpoint: 'https://sdb.example.org:8443/auth/userinfo',
        jwks_uri: 'https://sdb.example.org:8443/auth/jwks',
        scopes_supported: expect.arrayContaining([
          '1.3.6.1.4.1.33349.3.1.5.9.2',
          '1.3.6.1.4.1.33349.3.1.5.9.2.1.0',
        ]) as unknown,
        response_types_supported: ['code'],
        grant_types_supported: ['client_credentials', 'password', 'refresh_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['HS256'],
        end_session_endpoint: 'https://sdb.example.org:8443/auth/signout',
      });
    } finally {
      await tlsServer.close();
    }
  });

  it('keeps the mount and fault prefix in every URL, and issues tokens with that issuer', async () => {
    const base = `${dev.server.url}/strict/_fault/slow-10/auth`;
    const discovery = (await send(`${base}/.well-known/openid-configuration`)).json;
    expect(discovery.issuer).toBe(base);
    expect(discovery.token_endpoint).toBe(`${base}/oauth2_token`);

    const token = await postForm(
      discovery.token_endpoint as string,
      {
        grant_type: 'client_credentials',
        client_id: exampleApplication.clientId,
      },
      { Authorization: deviceBasic },
    );
    const claims = await verifyIdToken(token.json.id_token as string, clock.now());
    expect(claims.iss).toBe(base);
  });
});

describe('E2: JWKS', () => {
  it('publishes the HS256 key with its secret k', async () => {
    const response = await send(`${dev.server.url}/auth/jwks`);
    expect(response.status).toBe(200);
    expect(response.text).toBe(
      '{"keys":[{"kty":"oct","kid":"default","k":"ZXhhbXBsZS1zZXJ2ZXItaHMyNTYta2V5LTAxMjM0NTY3ODk"}]}',
    );
  });

  it('verifies an issued id_token with the published key', async () => {
    const jwks = (await send(`${dev.server.url}/auth/jwks`)).json as { keys: { kid: string }[] };
    const session = await newSession();
    const claims = await verifyIdToken(session.id_token as string, clock.now(), jwks);
    expect(claims.name).toBe(exampleApplication.clientId);
  });
});

describe('E15: session endpoint', () => {
  it('re-describes the session with a fresh expires_in and no nonce', async () => {
    const session = await newSession();
    clock.advanceSeconds(890);
    const response = await send(`${dev.server.url}/auth/session`, {
      headers: { Authorization: `bearer ${session.access_token as string}` },
    });
    expect(response.status).toBe(200);
    expect(Object.keys(response.json).sort()).toEqual([
      'access_token',
      'expires_in',
      'id_token',
      'token_type',
    ]);
    expect(response.json).toMatchObject({
      access_token: session.access_token,
      expires_in: 2710,
      token_type: 'bearer',
    });
    const claims = await verifyIdToken(response.json.id_token as string, clock.now());
    expect(claims.nonce).toBeUndefined();
  });

  it('answers 204 with no body when there is no Authorization header', async () => {
    const response = await send(`${dev.server.url}/auth/session`);
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
  });

  it('answers 401 once the session has expired', async () => {
    const session = await newSession();
    clock.advanceSeconds(3600);
    const response = await send(`${dev.server.url}/auth/session`, {
      headers: { Authorization: `Bearer ${session.access_token as string}` },
    });
    expect(response.status).toBe(401);
    expect(response.json).toEqual({
      error: 'unspecified_error',
      error_description: 'This session is expired',
    });
  });

  it('answers 403 for a garbled token', async () => {
    const response = await send(`${dev.server.url}/auth/session`, {
      headers: { Authorization: 'BEARER abc.def' },
    });
    expect(response.status).toBe(403);
    expect(response.json.error).toBe('unspecified_error');
  });

  it('answers a validly signed token of an unknown session with an error body and HTTP 200', async () => {
    const other = await startDevServer({ now: clock.now });
    try {
      const stranger = (await postForm(`${other.url}/auth/oauth2_token`, clientSecretForm)).json;
      const response = await send(`${dev.server.url}/auth/session`, {
        headers: { Authorization: `Bearer ${stranger.access_token as string}` },
      });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({
        error: 'invalid_request',
        error_description: 'No Such Session',
      });
    } finally {
      await other.close();
    }
  });
});

describe('E16: signout', () => {
  it('answers 204 no-store and abandons the session, so /session then answers 401', async () => {
    const session = await newSession();
    const response = await postForm(`${dev.server.url}/auth/signout`, {
      id_token_hint: session.id_token as string,
    });
    expect(response.status).toBe(204);
    expect(response.headers['cache-control']).toBe('no-store');

    const after = await send(`${dev.server.url}/auth/session`, {
      headers: { Authorization: `Bearer ${session.access_token as string}` },
    });
    expect(after.status).toBe(401);
    expect(after.json.error_description).toBe('This session is expired');
  });

  it('works with GET and the hint in the query string', async () => {
    const session = await newSession();
    const hint = encodeURIComponent(session.id_token as string);
    const response = await send(`${dev.server.url}/auth/signout?id_token_hint=${hint}`);
    expect(response.status).toBe(204);
  });

  it('refuses a forged id_token with 400 invalid_request "invalid token"', async () => {
    const session = await newSession();
    const forged = `${(session.id_token as string).slice(0, -2)}AA`;
    const response = await postForm(`${dev.server.url}/auth/signout`, { id_token_hint: forged });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ error: 'invalid_request', error_description: 'invalid token' });
  });

  it('refuses an expired id_token the same way', async () => {
    const session = await newSession();
    clock.advanceSeconds(3601);
    const response = await postForm(`${dev.server.url}/auth/signout`, {
      id_token_hint: session.id_token as string,
    });
    expect(response.status).toBe(400);
    expect(response.json.error_description).toBe('invalid token');
  });

  it('refuses an id_token of another issuer (mount)', async () => {
    const session = await newSession();
    const response = await postForm(`${dev.server.url}/strict/auth/signout`, {
      id_token_hint: session.id_token as string,
    });
    expect(response.status).toBe(400);
  });

  it('answers 204 without a hint and ends nothing', async () => {
    const session = await newSession();
    const response = await postForm(
      `${dev.server.url}/auth/signout`,
      {},
      { Authorization: `Bearer ${session.access_token as string}` },
    );
    expect(response.status).toBe(204);
    const still = await send(`${dev.server.url}/auth/session`, {
      headers: { Authorization: `Bearer ${session.access_token as string}` },
    });
    expect(still.status).toBe(200);
  });
});

describe('other routes', () => {
  it('userinfo gives flat claims keyed by claim-type URIs', async () => {
    const session = await newSession();
    const response = await send(`${dev.server.url}/auth/userinfo`, {
      headers: { Authorization: `Bearer ${session.access_token as string}` },
    });
    expect(response.json).toEqual({
      'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name': exampleApplication.clientId,
      'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier': exampleApplication.id,
      'urn:santedb:org:claim:application': exampleApplication.id,
    });
  });

  it('answers PING / with 204, as SanteDB does', async () => {
    const raw = await rawExchange(dev.server.port, 'PING / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(raw.startsWith('HTTP/1.1 204 No Content\r\n')).toBe(true);
    expect(dev.server.requests.at(-1)).toMatchObject({ method: 'PING', path: '/' });
  });

  it('answers PING on a mount root with 204 and elsewhere with 404', async () => {
    expect(
      await rawExchange(dev.server.port, 'PING /santedb2/auth HTTP/1.1\r\nHost: x\r\n\r\n'),
    ).toMatch(/^HTTP\/1\.1 204/);
    expect(await rawExchange(dev.server.port, 'PING /nowhere HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 404/,
    );
  });

  it('answers 404 off the mounts, 405 for a wrong method, 404 for an unknown fault', async () => {
    expect((await send(`${dev.server.url}/bis/Report`)).status).toBe(404);
    const wrongMethod = await send(`${dev.server.url}/auth/oauth2_token`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
    const unknown = await send(`${dev.server.url}/_fault/nonsense/auth/jwks`);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error_description).toContain("unknown fault 'nonsense'");
  });
});

function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
}
