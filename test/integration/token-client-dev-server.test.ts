// The token client, credential loader, undici transport and id_token verifier together against
// the protocol-faithful dev server: every SanteDB request shape, the refusals, generation
// detection, mTLS with generated certificates, JWKS verification and sign-out.
import { readFile } from 'node:fs/promises';

import { beforeAll, describe, expect, it } from 'vitest';

import { exampleApplication, exampleDevice } from '../../src/dev-server/accounts';
import type { DevServer } from '../../src/dev-server/server';
import { claimsOfToken } from '../../src/main/core/claims';
import { systemClock } from '../../src/main/core/clock';
import { createCredentialLoader } from '../../src/main/core/credentials';
import { createIdTokenVerifier } from '../../src/main/core/id-token-verify';
import { parseProfile } from '../../src/main/core/profile';
import type { Profile, ProfileInput } from '../../src/main/core/profile';
import { MemoryVault } from '../../src/main/core/secret-vault';
import { createTokenClient } from '../../src/main/core/token-client';
import type { ResolvedCredentials, TokenClient } from '../../src/main/core/token-client-api';
import { parseTokenResponse } from '../../src/main/core/token-response';
import type { UndiciTransport } from '../../src/main/core/undici-transport';
import { testCertificates } from '../support/certs';
import type { TestCertificates } from '../support/certs';
import { useIntegrationFixtures } from '../support/integration-fixtures';
import { tokenErrorOf } from '../support/token-error';

const GOLDEN_BASIC = 'Basic REVTS1RPUC1OT0RFLTAxOmRldi1TZWNyM3QtRVhBTVBMRS1vbmx5';

let certs: TestCertificates;
const { devServer, transport: newTransport } = useIntegrationFixtures();

beforeAll(async () => {
  certs = await testCertificates();
});

function newClient(transport: UndiciTransport = newTransport()): TokenClient {
  return createTokenClient({ transport, clock: systemClock });
}

function profileOf(serverRoot: string, input: Partial<ProfileInput> = {}): Profile {
  const parsed = parseProfile({
    id: 'dev',
    name: 'Dev server',
    protocol: 'santedb3',
    serverRoot,
    clientId: exampleApplication.clientId,
    nodeAuth: { kind: 'device', deviceId: exampleDevice.deviceId },
    allowHttp: true,
    ...input,
  });
  if (!parsed.ok) {
    throw new Error(JSON.stringify(parsed.issues));
  }
  return parsed.profile;
}

const device: ResolvedCredentials = { deviceSecret: exampleDevice.deviceSecret, tls: {} };
const nodeless = { kind: 'none' } as const;
const appOnly: ResolvedCredentials = { clientSecret: exampleApplication.clientSecret, tls: {} };

const tokenRequests = (server: DevServer) =>
  server.requests.filter((request) => request.path.endsWith('/oauth2_token'));

describe('SanteDB 3.x', () => {
  it('device Basic, no client_secret: a device session (E3)', async () => {
    const server = await devServer();
    const tokens = await newClient().acquire(profileOf(server.url), device);

    expect(tokens.generation).toBe('santedb3');
    expect(tokens.tokenType).toBe('bearer');
    expect(tokens.expiresInWasMilliseconds).toBe(false);
    expect(tokens.expiresAtMs - tokens.obtainedAtMs).toBeGreaterThan(3_500_000);
    expect(tokens.refreshToken).toBeUndefined();
    expect(claimsOfToken(tokens)).toMatchObject({
      extensions: { santedb: { devname: exampleDevice.deviceId } },
    });

    const [request] = tokenRequests(server);
    expect(request?.headers.authorization).toBe(GOLDEN_BASIC);
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.form).not.toHaveProperty('client_secret');
    expect(request?.form).toMatchObject({
      grant_type: 'client_credentials',
      client_id: exampleApplication.clientId,
      scope: '*',
    });
  });

  it('nodeless with the client secret in the form (E4)', async () => {
    const server = await devServer();
    const tokens = await newClient().acquire(
      profileOf(server.url, { nodeAuth: nodeless }),
      appOnly,
    );

    expect(tokens.generation).toBe('santedb3');
    expect(claimsOfToken(tokens)?.extensions).not.toMatchObject({
      santedb: { devname: expect.anything() },
    });
    expect(tokenRequests(server)[0]?.form.client_secret).toBe(exampleApplication.clientSecret);
  });

  it('a strict server asks for node authentication (E5) with the hint', async () => {
    const server = await devServer();
    const error = await tokenErrorOf(
      newClient().acquire(profileOf(`${server.url}/strict`, { nodeAuth: nodeless }), appOnly),
    );

    expect(error.code).toBe('server_refused');
    expect(error.context).toMatchObject({ status: 400, oauthError: 'unauthorized_client' });
    expect(error.message).toContain(
      'This server requires node authentication: add the device credentials or a client certificate',
    );
  });

  it('a wrong client secret is a 401 that warns about lockout (E6)', async () => {
    const server = await devServer();
    const error = await tokenErrorOf(
      newClient().acquire(profileOf(server.url, { nodeAuth: nodeless }), {
        clientSecret: 'WRONG-secret',
        tls: {},
      }),
    );

    expect(error.context).toMatchObject({ status: 401, oauthError: 'unspecified_error' });
    expect(error.message).toContain('may lock the account');
    expect(error.message).not.toContain('WRONG-secret');
  });

  it('a wrong device secret is a 401 too (E7)', async () => {
    const server = await devServer();
    const error = await tokenErrorOf(
      newClient().acquire(profileOf(server.url), { deviceSecret: 'WRONG-device', tls: {} }),
    );

    expect(error.context).toMatchObject({
      status: 401,
      oauthError: 'unspecified_error',
      oauthErrorDescription: 'Invalid device account or secret',
    });
  });

  it('never sends device Basic and client_secret together, which the server rejects (E9)', async () => {
    const server = await devServer();
    const transport = newTransport();

    const tokens = await newClient(transport).acquire(profileOf(server.url), {
      ...device,
      clientSecret: exampleApplication.clientSecret,
    });
    expect(tokens.generation).toBe('santedb3');
    expect(tokenRequests(server)[0]?.form).not.toHaveProperty('client_secret');

    // The combination itself, sent by hand, gets the duplicate-key fault.
    const response = await transport({
      method: 'POST',
      url: `${server.url}/auth/oauth2_token`,
      headers: {
        Accept: 'application/json',
        Authorization: GOLDEN_BASIC,
        'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: exampleApplication.clientId,
        client_secret: exampleApplication.clientSecret,
        scope: '*',
      }).toString(),
      connectTimeoutMs: 5000,
      totalTimeoutMs: 10_000,
      maxResponseBytes: 65_536,
    });
    const error = await tokenErrorOf(
      Promise.resolve().then(() =>
        parseTokenResponse(response, {
          generation: 'santedb3',
          probing: false,
          grant: 'client_credentials',
          sentAtMs: Date.now(),
          receivedAtMs: Date.now(),
          url: `${server.url}/auth/oauth2_token`,
        }),
      ),
    );
    expect(error.context).toMatchObject({ status: 400, oauthError: 'unspecified_error' });
  });
});

describe('SanteDB 2.x and auto', () => {
  it('2.x: X-Device-Authorization plus client secret, expires_in in milliseconds', async () => {
    const server = await devServer();
    const tokens = await newClient().acquire(
      profileOf(`${server.url}/santedb2`, { protocol: 'santedb2' }),
      { ...device, clientSecret: exampleApplication.clientSecret },
    );

    expect(tokens.generation).toBe('santedb2');
    expect(tokens.expiresInWasMilliseconds).toBe(true);
    expect(tokens.expiresInSeconds).toBeLessThanOrEqual(3600);
    expect(tokens.expiresInSeconds).toBeGreaterThan(3500);
    expect(tokenRequests(server)[0]?.headers['x-device-authorization']).toBe(
      GOLDEN_BASIC.replace('Basic', 'BASIC'),
    );
  });

  it('auto detects a 2.x server with exactly one retry', async () => {
    const server = await devServer();
    const tokens = await newClient().acquire(
      profileOf(`${server.url}/santedb2`, { protocol: 'auto' }),
      { ...device, clientSecret: exampleApplication.clientSecret },
    );

    expect(tokens.generation).toBe('santedb2');
    const requests = tokenRequests(server);
    expect(requests).toHaveLength(2);
    expect(requests[0]?.headers.authorization).toBe(GOLDEN_BASIC);
    expect(requests[1]?.headers['x-device-authorization']).toMatch(/^BASIC /);
  });

  it('auto detects a 3.x server in one request', async () => {
    const server = await devServer();
    const tokens = await newClient().acquire(profileOf(server.url, { protocol: 'auto' }), {
      ...device,
      clientSecret: exampleApplication.clientSecret,
    });

    expect(tokens.generation).toBe('santedb3');
    expect(tokenRequests(server)).toHaveLength(1);
  });
});

describe('mTLS, verification and sign-out', () => {
  it('authenticates the node with a PKCS#12 certificate loaded from disk', async () => {
    const server = await devServer({
      tls: { cert: certs.server.cert, key: certs.server.key, clientCa: certs.ca.cert },
    });
    const profile = profileOf(`${server.url}/strict`, {
      nodeAuth: { kind: 'pkcs12', path: certs.client.pkcs12Path },
      caPath: certs.ca.certPath,
    });
    const vault = new MemoryVault();
    await vault.set(profile.id, 'certPassphrase', certs.client.passphrase);
    const credentials = await createCredentialLoader({ vault, readFile })(profile);

    const tokens = await newClient().acquire(profile, credentials);

    expect(tokens.generation).toBe('santedb3');
    expect(claimsOfToken(tokens)).toMatchObject({
      extensions: { santedb: { devname: exampleDevice.deviceId } },
    });
    const [request] = tokenRequests(server);
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.clientCertCn).toBe(exampleDevice.deviceId);
    expect(request?.clientCertAuthorized).toBe(true);
  });

  it("verifies the id_token against the server's JWKS", async () => {
    const server = await devServer();
    const transport = newTransport();
    const profile = profileOf(server.url);
    const tokens = await newClient(transport).acquire(profile, device);

    const verifier = createIdTokenVerifier({ transport, clock: systemClock });
    expect(await verifier.verifyIdToken(profile, device, tokens)).toEqual({ status: 'verified' });
    expect(server.requests.map((request) => request.path)).toContain('/auth/jwks');
  });

  it('signs out: ended, then already ended', async () => {
    const server = await devServer();
    const client = newClient();
    const profile = profileOf(server.url);
    const tokens = await client.acquire(profile, device);

    expect(await client.signOut(profile, device, tokens)).toBe('ended');
    expect(await client.signOut(profile, device, tokens)).toBe('already_ended');
    const signouts = server.requests.filter((request) => request.path === '/auth/signout');
    expect(signouts).toHaveLength(2);
    expect(signouts[0]?.form.id_token_hint).toBe(tokens.idToken);
  });
});
