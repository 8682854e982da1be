import { describe, expect, it } from 'vitest';

import { discoveryUrlOf, fetchDiscovery, fetchJwks } from '../../../src/main/core/discovery';
import { parseProfile } from '../../../src/main/core/profile';
import type { Profile, ProfileInput } from '../../../src/main/core/profile';
import type { HttpRequest, HttpResponse, Transport } from '../../../src/main/core/transport';
import { tokenErrorOf } from '../../support/token-error';

function profileOf(input: Partial<ProfileInput>): Profile {
  const parsed = parseProfile({
    id: 'prod',
    name: 'Production',
    protocol: 'santedb3',
    clientId: 'org.example.desktop',
    ...input,
  });
  if (!parsed.ok) {
    throw new Error(JSON.stringify(parsed.issues));
  }
  return parsed.profile;
}

function serve(response: HttpResponse): { transport: Transport; requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    transport: async (request) => {
      requests.push(request);
      return response;
    },
  };
}

const json = (body: unknown, status = 200): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
});

const E1 = {
  issuer: 'https://sdb.example.org/auth',
  token_endpoint: 'https://sdb.example.org:8443/auth/oauth2_token',
  jwks_uri: 'https://sdb.example.org:8443/auth/jwks',
  id_token_signing_alg_values_supported: ['HS256'],
  end_session_endpoint: 'https://sdb.example.org:8443/auth/signout',
};

describe('discoveryUrlOf', () => {
  it('is under <root>/auth for SanteDB, with the dot in .well-known', () => {
    expect(discoveryUrlOf(profileOf({ serverRoot: 'https://sdb.example.org:8443' }))).toBe(
      'https://sdb.example.org:8443/auth/.well-known/openid-configuration',
    );
    expect(
      discoveryUrlOf(
        profileOf({ tokenEndpoint: 'https://sdb.example.org/santedb/auth/oauth2_token' }),
      ),
    ).toBe('https://sdb.example.org/santedb/auth/.well-known/openid-configuration');
  });

  it('follows a generic issuer only on the token endpoint host', () => {
    const oauth = profileOf({ protocol: 'oauth2', tokenEndpoint: 'https://idp.example.org/token' });
    expect(discoveryUrlOf(oauth, 'https://idp.example.org/')).toBe(
      'https://idp.example.org/.well-known/openid-configuration',
    );
    expect(discoveryUrlOf(oauth, 'https://attacker.example.net')).toBeUndefined();
    expect(discoveryUrlOf(oauth)).toBeUndefined();
  });
});

describe('fetchDiscovery', () => {
  it('reads E1 with Accept: application/json through the transport', async () => {
    const { transport, requests } = serve(json(E1));
    const tls = { ca: 'CA PEM' };

    const document = await fetchDiscovery(
      transport,
      'https://x/auth/.well-known/openid-configuration',
      {
        tls,
        totalTimeoutMs: 5000,
      },
    );

    expect(document).toEqual({
      issuer: 'https://sdb.example.org/auth',
      jwksUri: 'https://sdb.example.org:8443/auth/jwks',
      tokenEndpoint: 'https://sdb.example.org:8443/auth/oauth2_token',
      endSessionEndpoint: 'https://sdb.example.org:8443/auth/signout',
      signingAlgorithms: ['HS256'],
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'GET',
      headers: { Accept: 'application/json' },
      tls,
      totalTimeoutMs: 5000,
    });
  });

  it('rejects a document without jwks_uri, an HTML page and an error status', async () => {
    const noKeys = await tokenErrorOf(
      fetchDiscovery(serve(json({ issuer: 'x' })).transport, 'https://x/d', { totalTimeoutMs: 1 }),
    );
    const page = await tokenErrorOf(
      fetchDiscovery(
        serve({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>' }).transport,
        'https://x/d',
        { totalTimeoutMs: 1 },
      ),
    );
    const missing = await tokenErrorOf(
      fetchDiscovery(serve(json({}, 404)).transport, 'https://x/d', { totalTimeoutMs: 1 }),
    );

    expect(noKeys.context).toMatchObject({ field: 'jwks_uri', detail: 'missing' });
    expect(page.context).toMatchObject({ contentType: 'text/html', detail: 'not_json' });
    expect([missing.code, missing.context.status]).toEqual(['server_refused', 404]);
  });
});

describe('fetchJwks', () => {
  it('keeps the key objects of E2', async () => {
    const key = { kty: 'oct', kid: 'default', k: 'ZXhhbXBsZQ' };
    const { transport } = serve(json({ keys: [key, 'junk'] }));

    expect(await fetchJwks(transport, 'https://x/auth/jwks', { totalTimeoutMs: 1 })).toEqual({
      keys: [key],
    });
  });

  it('rejects a set without keys', async () => {
    const error = await tokenErrorOf(
      fetchJwks(serve(json({ nope: [] })).transport, 'https://x/auth/jwks', { totalTimeoutMs: 1 }),
    );
    expect(error.context.field).toBe('keys');
  });
});
