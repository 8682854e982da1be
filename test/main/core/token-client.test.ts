import { afterEach, describe, expect, it } from 'vitest';

import type { Clock } from '../../../src/main/core/clock';
import type { TokenError } from '../../../src/main/core/errors';
import { createLogger } from '../../../src/main/core/logger';
import { parseProfile } from '../../../src/main/core/profile';
import type { Profile, ProfileInput } from '../../../src/main/core/profile';
import { clearRegisteredSecrets } from '../../../src/main/core/redact';
import { createTokenClient } from '../../../src/main/core/token-client';
import type { ResolvedCredentials } from '../../../src/main/core/token-client-api';
import type { TokenSet } from '../../../src/main/core/token-set';
import type { HttpRequest, HttpResponse, Transport } from '../../../src/main/core/transport';
import { tokenErrorOf } from '../../support/token-error';

const T = Date.UTC(2026, 8, 1, 9, 0, 0);
const DEVICE_SECRET = 'dev-Secr3t-EXAMPLE-only';
const CLIENT_SECRET = 'app-Secr3t-EXAMPLE-only';
const ACCESS_3X = 'jh1sLzta8RGcLgAVXQobLA.aKlAkGMgI0vmQkzili6Z2zb60MowuyRjAdaCZ8uM4e0';
const ACCESS_2X = '8E1D6C2F3B5AF1119C2E00155D0A1B2C68A940906320234BE6424CE2962E99DB';

type Reply = HttpResponse | TokenError | Error | ((request: HttpRequest) => HttpResponse);

function fakeTransport(...replies: Reply[]): { transport: Transport; requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  const transport: Transport = async (request) => {
    requests.push(request);
    const reply = replies.shift();
    if (reply === undefined) {
      throw new Error('unexpected extra request');
    }
    if (reply instanceof Error) {
      throw reply;
    }
    return typeof reply === 'function' ? reply(request) : reply;
  };
  return { transport, requests };
}

const clock: Clock = { now: () => T, setTimeout: () => ({ cancel: () => undefined }) };

function json(status: number, body: unknown): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', date: new Date(T).toUTCString() },
    body: JSON.stringify(body),
  };
}

/** A 3.x success that echoes the request's nonce. */
const success3x = (request: HttpRequest): HttpResponse =>
  json(200, {
    access_token: ACCESS_3X,
    token_type: 'bearer',
    expires_in: 3599,
    nonce: new URLSearchParams(request.body).get('nonce'),
  });

const success2x = json(200, {
  access_token: ACCESS_2X,
  token_type: 'bearer',
  expires_in: 1_799_984,
  refresh_token: 'AB'.repeat(48),
});

const missingClientCredentials = json(400, {
  error: 'invalid_client',
  error_description: 'Missing client credentials',
});

function profileOf(input: Partial<ProfileInput>): Profile {
  const parsed = parseProfile({
    id: 'prod',
    name: 'Production',
    protocol: 'auto',
    serverRoot: 'https://sdb.example.org:8443',
    clientId: 'org.example.desktop',
    nodeAuth: { kind: 'device', deviceId: 'DESKTOP-NODE-01' },
    ...input,
  });
  if (!parsed.ok) {
    throw new Error(JSON.stringify(parsed.issues));
  }
  return parsed.profile;
}

const deviceCredentials: ResolvedCredentials = {
  deviceSecret: DEVICE_SECRET,
  clientSecret: CLIENT_SECRET,
  tls: {},
};

const form = (request: HttpRequest | undefined) => new URLSearchParams(request?.body);

afterEach(() => clearRegisteredSecrets());

describe('auto', () => {
  it('speaks 3.x first and reports santedb3 when it works, in one request', async () => {
    const { transport, requests } = fakeTransport(success3x);
    const client = createTokenClient({ transport, clock });

    const tokens = await client.acquire(profileOf({}), deviceCredentials);

    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers.Authorization).toMatch(/^Basic /);
    expect(form(requests[0]).has('client_secret')).toBe(false);
    expect(tokens.generation).toBe('santedb3');
  });

  it('retries exactly once in the 2.x shape on the 2.x signal, and reports santedb2', async () => {
    const { transport, requests } = fakeTransport(missingClientCredentials, success2x);
    const client = createTokenClient({ transport, clock });

    const tokens = await client.acquire(profileOf({}), deviceCredentials);

    expect(requests).toHaveLength(2);
    expect(requests[1]?.headers['X-Device-Authorization']).toBe(
      'BASIC REVTS1RPUC1OT0RFLTAxOmRldi1TZWNyM3QtRVhBTVBMRS1vbmx5',
    );
    expect(requests[1]?.headers.Authorization).toBeUndefined();
    expect(form(requests[1]).get('client_secret')).toBe(CLIENT_SECRET);
    expect(tokens.generation).toBe('santedb2');
    expect(tokens.expiresInWasMilliseconds).toBe(true);
    expect(tokens.expiresAtMs).toBe(T + 1_799_984);
  });

  it('does not retry a second time when the 2.x shape is refused too', async () => {
    const { transport, requests } = fakeTransport(
      missingClientCredentials,
      missingClientCredentials,
    );
    const client = createTokenClient({ transport, clock });

    const error = await tokenErrorOf(client.acquire(profileOf({}), deviceCredentials));

    expect(requests).toHaveLength(2);
    expect(error.code).toBe('server_refused');
    expect(error.message).toContain('SanteDB 2.x needs the client secret');
  });

  it.each([
    ['401 unspecified_error', json(401, { error: 'unspecified_error' })],
    ['400 unauthorized_client', json(400, { error: 'unauthorized_client' })],
    ['403 policy', json(403, { error: 'unspecified_error' })],
    ['503', { status: 503, headers: {}, body: '' }],
  ])('does not retry on %s', async (_name, reply) => {
    const { transport, requests } = fakeTransport(reply);
    const client = createTokenClient({ transport, clock });

    await tokenErrorOf(client.acquire(profileOf({}), deviceCredentials));

    expect(requests).toHaveLength(1);
  });

  it('words a 400 unauthorized_client to the probe as a wrong client secret first', async () => {
    // A 2.x server checks the client secret that the 3.x shape carries before any device.
    const wrongSecret = json(400, {
      error: 'unauthorized_client',
      error_description: 'Invalid application identifier or secret',
    });
    const { transport, requests } = fakeTransport(wrongSecret);
    const client = createTokenClient({ transport, clock });

    const error = await tokenErrorOf(
      client.acquire(profileOf({ nodeAuth: { kind: 'none' } }), { clientSecret: 'wrong', tls: {} }),
    );

    expect(requests).toHaveLength(1);
    expect(error.message).toMatch(
      /^Token request refused \(HTTP 400, unauthorized_client\)\. Either the client id or client secret is wrong/,
    );
    expect(error.message).not.toMatch(/^[^.]*\. This server requires node authentication/);
  });

  it('keeps the 3.x reading of unauthorized_client when the protocol is set', async () => {
    const { transport } = fakeTransport(json(400, { error: 'unauthorized_client' }));
    const client = createTokenClient({ transport, clock });

    const error = await tokenErrorOf(
      client.acquire(profileOf({ protocol: 'santedb3', nodeAuth: { kind: 'none' } }), {
        clientSecret: 'wrong',
        tls: {},
      }),
    );

    expect(error.message).toContain('This server requires node authentication');
  });

  it('says so when the 2.x shape needs a client secret that is not stored', async () => {
    const { transport, requests } = fakeTransport(missingClientCredentials);
    const client = createTokenClient({ transport, clock });

    const error = await tokenErrorOf(
      client.acquire(profileOf({}), { deviceSecret: DEVICE_SECRET, tls: {} }),
    );

    expect(requests).toHaveLength(1);
    expect(error.code).toBe('missing_secret');
    expect(error.context.field).toBe('secrets.clientSecret');
    expect(error.message).toContain('looks like SanteDB 2.x');
  });

  it('detects 2.x from a milliseconds expires_in answering the 3.x shape', async () => {
    const { transport, requests } = fakeTransport(success2x);
    const client = createTokenClient({ transport, clock });

    const tokens = await client.acquire(profileOf({ nodeAuth: { kind: 'none' } }), {
      clientSecret: CLIENT_SECRET,
      tls: {},
    });

    expect(requests).toHaveLength(1);
    expect(tokens.generation).toBe('santedb2');
  });

  it('stays 3.x when a device-authenticated probe is answered in milliseconds', async () => {
    // A Basic device header is 3.x-only: 2.x refuses such a request, so whoever took it is 3.x.
    // The id_token's one-hour lifetime is what shows expires_in to be in milliseconds.
    const millisecondsTo3x = (request: HttpRequest): HttpResponse => {
      const nonce = new URLSearchParams(request.body).get('nonce');
      const claims = { iat: T / 1000, exp: T / 1000 + 3600, nonce };
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      return json(200, {
        access_token: ACCESS_3X,
        id_token: `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`,
        token_type: 'bearer',
        expires_in: 3_599_000,
        nonce,
      });
    };
    const { transport, requests } = fakeTransport(millisecondsTo3x, millisecondsTo3x);
    const client = createTokenClient({ transport, clock });

    const probed = await client.acquire(profileOf({}), deviceCredentials);
    const explicit = await client.acquire(profileOf({ protocol: 'santedb3' }), deviceCredentials);

    expect(requests[0]?.headers.Authorization).toMatch(/^Basic /);
    expect(probed.generation).toBe('santedb3');
    expect(probed.expiresAtMs).toBe(T + 3_599_000);
    expect(explicit.warnings).toEqual([
      'expires_in was in milliseconds, though the server took a request only SanteDB 3.x accepts: the expiry is read as milliseconds',
    ]);
  });

  it('skips the probe when the generation is already known', async () => {
    const { transport, requests } = fakeTransport(success2x);
    const client = createTokenClient({ transport, clock });

    const tokens = await client.acquire(profileOf({}), deviceCredentials, {
      generationHint: 'santedb2',
    });

    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers['X-Device-Authorization']).toMatch(/^BASIC /);
    expect(tokens.generation).toBe('santedb2');
  });

  it('does not fall back when the hint says 3.x', async () => {
    const { transport, requests } = fakeTransport(missingClientCredentials);
    const client = createTokenClient({ transport, clock });

    const error = await tokenErrorOf(
      client.acquire(profileOf({}), deviceCredentials, { generationHint: 'santedb3' }),
    );

    expect(requests).toHaveLength(1);
    expect(error.context.oauthError).toBe('invalid_client');
  });
});

describe('acquire', () => {
  it('sends a fresh base64url nonce from the injected random source', async () => {
    const { transport, requests } = fakeTransport(success3x);
    const client = createTokenClient({
      transport,
      clock,
      randomBytes: (size) => new Uint8Array(size).fill(255),
    });

    await client.acquire(profileOf({ protocol: 'santedb3' }), deviceCredentials);

    expect(form(requests[0]).get('nonce')).toBe('_'.repeat(42) + '8');
  });

  it('draws a different 32-byte nonce for every request, across refills of its random pool', async () => {
    const count = 300;
    const { transport, requests } = fakeTransport(
      ...Array.from({ length: count }, () => success3x),
    );
    const client = createTokenClient({ transport, clock });
    const profile = profileOf({ protocol: 'santedb3' });

    for (let index = 0; index < count; index += 1) {
      await client.acquire(profile, deviceCredentials);
    }

    const nonces = requests.map((request) => form(request).get('nonce') ?? '');
    expect(new Set(nonces).size).toBe(count);
    expect(nonces.every((nonce) => Buffer.from(nonce, 'base64url').length === 32)).toBe(true);
  });

  it('rejects an answer carrying another nonce', async () => {
    const replay = json(200, {
      access_token: ACCESS_3X,
      token_type: 'bearer',
      expires_in: 3599,
      nonce: 'someone-else',
    });
    const { transport } = fakeTransport(replay);
    const client = createTokenClient({ transport, clock });

    const error = await tokenErrorOf(
      client.acquire(profileOf({ protocol: 'santedb3' }), deviceCredentials),
    );

    expect(error.code).toBe('bad_response');
    expect(error.context.field).toBe('nonce');
  });

  it('refreshes with grant_type=refresh_token only when a refresh token is given', async () => {
    const { transport, requests } = fakeTransport(success3x);
    const client = createTokenClient({ transport, clock });

    await client.acquire(profileOf({ protocol: 'santedb3' }), deviceCredentials, {
      refreshToken: 'AQIDBAUGBwgJ.hnTrttpKeCTQ',
    });

    expect(form(requests[0]).get('grant_type')).toBe('refresh_token');
    expect(form(requests[0]).get('refresh_token')).toBe('AQIDBAUGBwgJ.hnTrttpKeCTQ');
  });

  it('passes the caller signal and proxy to the transport, with the response size cap', async () => {
    const { transport, requests } = fakeTransport(success3x);
    const client = createTokenClient({ transport, clock, maxResponseBytes: 2048 });
    const controller = new AbortController();

    await client.acquire(profileOf({ protocol: 'santedb3' }), deviceCredentials, {
      signal: controller.signal,
      proxyUrl: 'http://proxy.example.org:3128',
    });

    expect(requests[0]?.signal).toBe(controller.signal);
    expect(requests[0]?.proxyUrl).toBe('http://proxy.example.org:3128');
    expect(requests[0]?.maxResponseBytes).toBe(2048);
  });

  it('wraps an unexpected transport failure without leaking its text', async () => {
    const { transport } = fakeTransport(new Error(`socket said ${CLIENT_SECRET}`));
    const client = createTokenClient({ transport, clock });

    const error = await tokenErrorOf(
      client.acquire(profileOf({ protocol: 'santedb3' }), deviceCredentials),
    );

    expect(error.code).toBe('network');
    expect(JSON.stringify({ ...error.toJSON(), cause: error.cause })).not.toContain(CLIENT_SECRET);
  });

  it('logs in words and never logs a secret or token', async () => {
    const lines: string[] = [];
    const logger = createLogger((level, line) => lines.push(`${level} ${line}`));
    const { transport } = fakeTransport(missingClientCredentials, success2x);
    const client = createTokenClient({ transport, clock, logger });

    await client.acquire(profileOf({}), deviceCredentials);

    expect(lines).toContain(
      "info profile 'prod': token obtained from a SanteDB 2.x server, expires in 30 min",
    );
    const all = lines.join('\n');
    for (const secret of [DEVICE_SECRET, CLIENT_SECRET, ACCESS_2X, 'REVTS1RPUC1OT0RFLTAx']) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('signOut', () => {
  const token = (generation: TokenSet['generation'], idToken?: string): TokenSet => ({
    accessToken: ACCESS_3X,
    tokenType: 'bearer',
    generation,
    obtainedAtMs: T,
    expiresAtMs: T + 3_600_000,
    expiresInSeconds: 3600,
    expiresInWasMilliseconds: false,
    warnings: [],
    ...(idToken ? { idToken } : {}),
  });
  const idToken = 'eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiJ4In0.c2ln';

  it('posts id_token_hint to <root>/auth/signout: 204 ended, then 400 already ended', async () => {
    const { transport, requests } = fakeTransport(
      { status: 204, headers: { 'cache-control': 'no-store' }, body: '' },
      json(400, { error: 'invalid_request', error_description: 'invalid token' }),
    );
    const client = createTokenClient({ transport, clock });
    const profile = profileOf({ protocol: 'santedb3' });

    expect(await client.signOut(profile, deviceCredentials, token('santedb3', idToken))).toBe(
      'ended',
    );
    expect(await client.signOut(profile, deviceCredentials, token('santedb3', idToken))).toBe(
      'already_ended',
    );

    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: 'https://sdb.example.org:8443/auth/signout',
      body: `id_token_hint=${idToken}`,
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
      },
    });
    expect(requests[0]?.headers.Authorization).toBeUndefined();
  });

  it('is unsupported for 2.x, OAuth 2.0 and a token without id_token, with no request', async () => {
    const { transport, requests } = fakeTransport();
    const client = createTokenClient({ transport, clock });
    const profile = profileOf({});

    expect(await client.signOut(profile, deviceCredentials, token('santedb2', idToken))).toBe(
      'unsupported',
    );
    expect(await client.signOut(profile, deviceCredentials, token('oauth2', idToken))).toBe(
      'unsupported',
    );
    expect(await client.signOut(profile, deviceCredentials, token('santedb3'))).toBe('unsupported');
    expect(requests).toHaveLength(0);
  });

  it('reports a server failure during sign-out', async () => {
    const { transport } = fakeTransport({ status: 502, headers: {}, body: '' });
    const client = createTokenClient({ transport, clock });

    const error = await tokenErrorOf(
      client.signOut(profileOf({}), deviceCredentials, token('santedb3', idToken)),
    );
    expect(error.code).toBe('server_error');
  });
});
