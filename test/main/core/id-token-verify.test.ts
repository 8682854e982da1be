import { X509Certificate } from 'node:crypto';

import { SignJWT, exportJWK, generateKeyPair, importPKCS8 } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';

import type { Clock } from '../../../src/main/core/clock';
import { createIdTokenVerifier } from '../../../src/main/core/id-token-verify';
import { parseProfile } from '../../../src/main/core/profile';
import type { Profile } from '../../../src/main/core/profile';
import type { HttpRequest, HttpResponse, Transport } from '../../../src/main/core/transport';
import { testCertificates } from '../../support/certs';

const T = Date.UTC(2026, 8, 1, 9, 0, 0);
const ROOT = 'https://sdb.example.org:8443';
const ISSUER = 'https://sdb.example.org/auth';
const HS_KEY = 'example-server-hs256-key-0123456789';
const clock: Clock = { now: () => T, setTimeout: () => ({ cancel: () => undefined }) };

const parsed = parseProfile({
  id: 'prod',
  name: 'Production',
  protocol: 'santedb3',
  serverRoot: ROOT,
  clientId: 'org.example.desktop',
});
if (!parsed.ok) {
  throw new Error('bad test profile');
}
const profile: Profile = parsed.profile;
const credentials = { tls: {} };

function server(jwksSets: Array<Record<string, unknown>>, discovery: Record<string, unknown> = {}) {
  const requests: HttpRequest[] = [];
  const json = (body: unknown): HttpResponse => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const transport: Transport = async (request) => {
    requests.push(request);
    if (request.url === `${ROOT}/auth/.well-known/openid-configuration`) {
      return json({ issuer: ISSUER, jwks_uri: `${ROOT}/auth/jwks`, ...discovery });
    }
    if (request.url === `${ROOT}/auth/jwks`) {
      return json(jwksSets.length > 1 ? jwksSets.shift() : jwksSets[0]);
    }
    return { status: 404, headers: {}, body: '' };
  };
  return { transport, requests };
}

const hsJwks = {
  keys: [{ kty: 'oct', kid: 'default', k: Buffer.from(HS_KEY).toString('base64url') }],
};

async function hsToken(claims: Record<string, unknown> = {}, key = HS_KEY): Promise<string> {
  return new SignJWT({ aud: ['org.example.desktop'], iss: ISSUER, ...claims })
    .setProtectedHeader({ alg: 'HS256', kid: 'default', typ: 'JWT' })
    .setIssuedAt(T / 1000)
    .setExpirationTime(T / 1000 + 3600)
    .sign(new TextEncoder().encode(key));
}

const tokenOf = (idToken: string) => ({ idToken });

describe('HS256 (SanteDB publishes the oct key with k)', () => {
  it('verifies, and reuses discovery and keys from the cache', async () => {
    const { transport, requests } = server([hsJwks]);
    const verifier = createIdTokenVerifier({ transport, clock });
    const idToken = await hsToken();

    expect(await verifier.verifyIdToken(profile, credentials, tokenOf(idToken))).toEqual({
      status: 'verified',
    });
    expect(await verifier.verifyIdToken(profile, credentials, tokenOf(idToken))).toEqual({
      status: 'verified',
    });
    expect(requests.map((request) => request.url)).toEqual([
      `${ROOT}/auth/.well-known/openid-configuration`,
      `${ROOT}/auth/jwks`,
    ]);
    expect(requests.every((request) => request.headers.Accept === 'application/json')).toBe(true);
  });

  it('is only decoded when the signature does not match', async () => {
    const { transport } = server([hsJwks]);
    const verifier = createIdTokenVerifier({ transport, clock });

    const result = await verifier.verifyIdToken(
      profile,
      credentials,
      tokenOf(await hsToken({}, 'another-key-entirely-0123456789')),
    );

    expect(result).toEqual({
      status: 'decoded',
      reason: "the signature does not match the server's keys",
    });
  });

  it('checks the issuer against discovery and the audience against the client id', async () => {
    const verifier = createIdTokenVerifier({ transport: server([hsJwks]).transport, clock });

    const wrongIssuer = await verifier.verifyIdToken(
      profile,
      credentials,
      tokenOf(await hsToken({ iss: 'https://other.example.org/auth' })),
    );
    const wrongAudience = await verifier.verifyIdToken(
      profile,
      credentials,
      tokenOf(await hsToken({ aud: ['org.example.other'] })),
    );

    expect(wrongIssuer).toEqual({
      status: 'decoded',
      reason: `the id_token's issuer is not the server's issuer "${ISSUER}"`,
    });
    expect(wrongAudience).toEqual({
      status: 'decoded',
      reason: 'the id_token\'s audience does not include the client id "org.example.desktop"',
    });
  });

  it('refetches the keys once for an unknown kid (rotation)', async () => {
    const rotated = { keys: [{ ...hsJwks.keys[0], kid: 'next' }] };
    const { transport, requests } = server([{ keys: [] }, rotated]);
    const verifier = createIdTokenVerifier({ transport, clock });
    const idToken = await new SignJWT({ aud: 'org.example.desktop', iss: ISSUER })
      .setProtectedHeader({ alg: 'HS256', kid: 'next' })
      .setExpirationTime(T / 1000 + 60)
      .sign(new TextEncoder().encode(HS_KEY));

    expect(await verifier.verifyIdToken(profile, credentials, tokenOf(idToken))).toEqual({
      status: 'verified',
    });
    expect(requests.filter((request) => request.url.endsWith('/jwks'))).toHaveLength(2);
  });

  it('refuses an algorithm the server does not advertise', async () => {
    const { transport } = server([hsJwks], { id_token_signing_alg_values_supported: ['RS256'] });
    const verifier = createIdTokenVerifier({ transport, clock });

    const result = await verifier.verifyIdToken(profile, credentials, tokenOf(await hsToken()));

    expect(result).toEqual({
      status: 'decoded',
      reason: 'the id_token is signed with HS256, which is not accepted',
    });
  });
});

describe('RS256', () => {
  let x5cJwks: Record<string, unknown>;
  let rsaSignedToken: string;

  beforeAll(async () => {
    const certs = await testCertificates();
    const der = new X509Certificate(certs.server.cert).raw.toString('base64');
    x5cJwks = { keys: [{ kty: 'RSA', kid: 'A1B2C3', x5t: 'abc', x5c: [der] }] };
    rsaSignedToken = await new SignJWT({ aud: ['org.example.desktop'], iss: ISSUER })
      .setProtectedHeader({ alg: 'RS256', kid: 'A1B2C3' })
      .setExpirationTime(T / 1000 + 3600)
      .sign(await importPKCS8(certs.server.key, 'RS256'));
  });

  it('verifies with a key published as x5c only (no n and e)', async () => {
    const verifier = createIdTokenVerifier({ transport: server([x5cJwks]).transport, clock });
    expect(await verifier.verifyIdToken(profile, credentials, tokenOf(rsaSignedToken))).toEqual({
      status: 'verified',
    });
  });

  it('verifies with n and e', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'rsa-1', use: 'sig' };
    const idToken = await new SignJWT({ aud: 'org.example.desktop', iss: ISSUER })
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
      .setExpirationTime(T / 1000 + 3600)
      .sign(privateKey);
    const verifier = createIdTokenVerifier({
      transport: server([{ keys: [jwk] }]).transport,
      clock,
    });

    expect(await verifier.verifyIdToken(profile, credentials, tokenOf(idToken))).toEqual({
      status: 'verified',
    });
  });
});

describe('never throws', () => {
  it('reports an unreachable discovery document as decoded', async () => {
    const transport: Transport = async () => ({ status: 404, headers: {}, body: 'Not Found' });
    const verifier = createIdTokenVerifier({ transport, clock });

    const result = await verifier.verifyIdToken(profile, credentials, tokenOf(await hsToken()));

    expect(result.status).toBe('decoded');
    expect(result).toMatchObject({
      reason: expect.stringContaining(
        "the server's keys could not be read: The discovery document",
      ),
    });
  });

  it('reports an expired id_token, judged in the server clock', async () => {
    const verifier = createIdTokenVerifier({ transport: server([hsJwks]).transport, clock });
    const idToken = await hsToken();

    const result = await verifier.verifyIdToken(profile, credentials, {
      idToken,
      clockSkewMs: 2 * 3600 * 1000,
    });

    expect(result).toEqual({ status: 'decoded', reason: 'the id_token has expired' });
  });

  it('reports garbage and a missing id_token', async () => {
    const verifier = createIdTokenVerifier({ transport: server([hsJwks]).transport, clock });
    expect(await verifier.verifyIdToken(profile, credentials, tokenOf('garbage'))).toEqual({
      status: 'decoded',
      reason: 'the id_token is not a valid JWT',
    });
    expect(await verifier.verifyIdToken(profile, credentials, {})).toEqual({
      status: 'decoded',
      reason: 'the server sent no id_token',
    });
  });

  it('does not fetch keys from an issuer on another host', async () => {
    const oauth = parseProfile({
      id: 'idp',
      name: 'IdP',
      protocol: 'oauth2',
      tokenEndpoint: 'https://idp.example.org/token',
      clientId: 'tray',
    });
    const transport: Transport = async () => {
      throw new Error('no request expected');
    };
    const verifier = createIdTokenVerifier({ transport, clock });
    if (!oauth.ok) {
      throw new Error('bad profile');
    }

    const result = await verifier.verifyIdToken(oauth.profile, credentials, {
      idToken: await hsToken({ iss: 'https://elsewhere.example.net' }),
    });

    expect(result).toEqual({
      status: 'decoded',
      reason: 'no discovery document is known for this server',
    });
  });
});
