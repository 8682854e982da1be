// Each bad answer or broken connection, through the real undici transport against a local
// server, must end in its own error code and say what to check. Servers bind 127.0.0.1:0 and
// are closed after each test; deadlines are generous multiples so a loaded machine still passes.
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

import { beforeAll, describe, expect, it } from 'vitest';

import { exampleApplication, exampleDevice } from '../../src/dev-server/accounts';
import { systemClock } from '../../src/main/core/clock';
import { TokenError } from '../../src/main/core/errors';
import { parseProfile } from '../../src/main/core/profile';
import type { Profile, ProfileInput } from '../../src/main/core/profile';
import { createTokenClient } from '../../src/main/core/token-client';
import type { ResolvedCredentials } from '../../src/main/core/token-client-api';
import { testCertificates } from '../support/certs';
import type { TestCertificates } from '../support/certs';
import { useIntegrationFixtures } from '../support/integration-fixtures';

let certs: TestCertificates;
const { devServer, onCleanup, transport } = useIntegrationFixtures();

beforeAll(async () => {
  certs = await testCertificates();
});

function profileOf(serverRoot: string, input: Partial<ProfileInput> = {}): Profile {
  const parsed = parseProfile({
    id: 'bad-input',
    name: 'Bad input',
    protocol: 'santedb3',
    serverRoot,
    clientId: exampleApplication.clientId,
    nodeAuth: { kind: 'device', deviceId: exampleDevice.deviceId },
    allowHttp: true,
    timeoutSeconds: 10,
    ...input,
  });
  if (!parsed.ok) {
    throw new Error(JSON.stringify(parsed.issues));
  }
  return parsed.profile;
}

const deviceCredentials: ResolvedCredentials = {
  deviceSecret: exampleDevice.deviceSecret,
  tls: {},
};

async function acquireError(
  profile: Profile,
  credentials: ResolvedCredentials = deviceCredentials,
): Promise<TokenError> {
  const client = createTokenClient({ transport: transport(), clock: systemClock });
  try {
    await client.acquire(profile, credentials);
  } catch (error) {
    if (error instanceof TokenError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the token request to fail');
}

/** A port that was just free: listen, note it, close. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('bad answers over HTTP', () => {
  it('an HTML login page at 200 is named as such', async () => {
    const server = await devServer();
    const error = await acquireError(profileOf(`${server.url}/_fault/html`));

    expect(error.code).toBe('bad_response');
    expect(error.context).toMatchObject({ detail: 'html_page', contentType: 'text/html' });
    expect(error.message).toContain('an HTML page, probably a proxy or login portal');
  });

  it('a redirect is not followed and its location is reported', async () => {
    const server = await devServer();
    const error = await acquireError(profileOf(`${server.url}/_fault/redirect`));

    expect(error.code).toBe('redirect');
    expect(error.context.status).toBe(302);
    expect(error.context.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/login\?ReturnUrl=/);
    // Only the token request reached the server: the login page was never fetched.
    expect(server.requests).toHaveLength(1);
  });

  it('a 20 MB body is cut off at the cap, not buffered', async () => {
    const server = await devServer();
    const error = await acquireError(profileOf(`${server.url}/_fault/huge`));

    expect(error.code).toBe('bad_response');
    expect(error.context.field).toBe('body');
    const received = Number(error.context.detail?.split(':')[1]);
    expect(received).toBeGreaterThan(1_048_576);
    expect(received).toBeLessThan(2 * 1_048_576);
  });

  it('a server slower than the total deadline times out', async () => {
    const server = await devServer();
    const error = await acquireError(
      profileOf(`${server.url}/_fault/slow-8000`, { timeoutSeconds: 1 }),
    );

    expect(error.code).toBe('timeout');
    expect(error.context.detail).toBe('total_deadline');
  });

  it('a body dripped past the total deadline times out too', async () => {
    const server = await devServer();
    const error = await acquireError(
      profileOf(`${server.url}/_fault/drip-8000`, { timeoutSeconds: 1 }),
    );

    expect(error.code).toBe('timeout');
  });

  it('429 and 503 are told apart, with Retry-After', async () => {
    const server = await devServer();
    const limited = await acquireError(profileOf(`${server.url}/_fault/rate-limit`));
    const unavailable = await acquireError(profileOf(`${server.url}/_fault/unavailable`));

    expect([limited.code, limited.context.retryAfterMs]).toEqual(['rate_limited', 7000]);
    expect([unavailable.code, unavailable.context.status]).toEqual(['server_error', 503]);
  });

  it('a malformed id_token and a 1e12 expires_in are bad responses with their own detail', async () => {
    const server = await devServer();
    const idToken = await acquireError(profileOf(`${server.url}/_fault/malformed-id-token`));
    const huge = await acquireError(profileOf(`${server.url}/_fault/huge-expiry`));

    expect(idToken.context).toMatchObject({ field: 'id_token', detail: 'malformed' });
    expect(huge.context).toMatchObject({ field: 'expires_in', detail: 'too_long' });
  });
});

describe('broken connections', () => {
  it('a refused connection names host and port', async () => {
    const port = await closedPort();
    const error = await acquireError(profileOf(`http://127.0.0.1:${port}`));

    expect(error.code).toBe('network');
    expect(error.context.detail).toBe('ECONNREFUSED');
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });

  it('a connection dropped without an answer is a network error', async () => {
    const server = await devServer();
    const error = await acquireError(profileOf(`${server.url}/_fault/close`));

    expect(error.code).toBe('network');
  });
});

describe('TLS', () => {
  it('a self-signed server certificate is not trusted, and the CA file is the fix', async () => {
    const server = await devServer({
      tls: { cert: certs.selfSignedServer.cert, key: certs.selfSignedServer.key },
    });
    const profile = profileOf(server.url);

    const untrusted = await acquireError(profile);
    const client = createTokenClient({ transport: transport(), clock: systemClock });
    const tokens = await client.acquire(profile, {
      ...deviceCredentials,
      tls: { ca: certs.selfSignedServer.cert },
    });

    expect(untrusted.code).toBe('tls');
    expect(untrusted.context.detail).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(untrusted.message).toContain('server certificate of 127.0.0.1:');
    expect(untrusted.message).toContain("is not trusted: add the server's CA file to the profile");
    expect(tokens.generation).toBe('santedb3');
  });

  it('a certificate from an unknown CA is not trusted either', async () => {
    const server = await devServer({ tls: { cert: certs.server.cert, key: certs.server.key } });
    const error = await acquireError(profileOf(server.url), {
      ...deviceCredentials,
      tls: { ca: certs.untrustedCa.cert },
    });

    expect(error.code).toBe('tls');
    expect(error.context.detail).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('a trusted certificate not meant for a server is rejected', async () => {
    // A client certificate (clientAuth only, no 127.0.0.1) from a CA the profile trusts.
    const server = await devServer({
      tls: { cert: certs.untrustedClient.cert, key: certs.untrustedClient.key },
    });
    const error = await acquireError(profileOf(server.url), {
      ...deviceCredentials,
      tls: { ca: certs.untrustedCa.cert },
    });

    expect(error.code).toBe('tls');
    expect(error.context.detail).toBe('INVALID_PURPOSE');
    expect(error.message).toContain('was rejected (INVALID_PURPOSE)');
  });

  it('a trusted certificate issued for another host name is named as such', async () => {
    const server = await devServer({
      tls: { cert: certs.wrongNameServer.cert, key: certs.wrongNameServer.key },
    });
    const error = await acquireError(profileOf(server.url), {
      ...deviceCredentials,
      tls: { ca: certs.ca.cert },
    });

    expect(error.code).toBe('tls');
    expect(error.context.detail).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(error.message).toContain(
      `The server certificate is not issued for 127.0.0.1:${new URL(server.url).port}`,
    );
    expect(error.message).toContain('use the host name the certificate names');
  });

  it('a trusted but expired certificate is named as expired, not untrusted', async () => {
    const server = await devServer({
      tls: { cert: certs.expiredServer.cert, key: certs.expiredServer.key },
    });
    const error = await acquireError(profileOf(server.url), {
      ...deviceCredentials,
      tls: { ca: certs.ca.cert },
    });

    expect(error.code).toBe('tls');
    expect(error.context.detail).toBe('CERT_HAS_EXPIRED');
    expect(error.message).toBe(
      `The server certificate of 127.0.0.1:${new URL(server.url).port} has expired: the server administrator must renew it`,
    );
  });

  it('a wrong PKCS#12 passphrase says so, and never shows it', async () => {
    const server = await devServer({
      tls: { cert: certs.server.cert, key: certs.server.key, clientCa: certs.ca.cert },
    });
    const profile = profileOf(`${server.url}/strict`, {
      nodeAuth: { kind: 'pkcs12', path: certs.client.pkcs12Path },
    });
    const wrong = 'not-the-passphrase-EXAMPLE';

    const error = await acquireError(profile, {
      clientSecret: exampleApplication.clientSecret,
      tls: { ca: certs.ca.cert, pfx: certs.client.pkcs12, passphrase: wrong },
    });

    expect(error.code).toBe('tls');
    expect(error.message).toContain('The certificate passphrase is wrong');
    expect(JSON.stringify({ ...error.toJSON(), cause: error.cause })).not.toContain(wrong);
  });

  it('a wrong passphrase for an encrypted PEM key says so too', async () => {
    const server = await devServer({
      tls: { cert: certs.server.cert, key: certs.server.key, clientCa: certs.ca.cert },
    });
    const profile = profileOf(`${server.url}/strict`, {
      nodeAuth: {
        kind: 'pem',
        certPath: certs.client.certPath,
        keyPath: certs.client.encryptedKeyPath,
      },
    });

    const error = await acquireError(profile, {
      tls: {
        ca: certs.ca.cert,
        cert: certs.client.cert,
        key: certs.client.encryptedKey,
        passphrase: 'wrong',
      },
    });

    expect(error.code).toBe('tls');
    expect(error.context.detail).toBe('ERR_OSSL_BAD_DECRYPT');
  });

  it('speaking TLS to a plain HTTP port is explained', async () => {
    // A stock HTTP server answers a TLS hello with "400 Bad Request" in plain text.
    const plain = createHttpServer((_request, response) => response.end());
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    onCleanup(() => new Promise<void>((resolve) => plain.close(() => resolve())));
    const { port } = plain.address() as AddressInfo;

    const error = await acquireError(profileOf(`https://127.0.0.1:${port}`));

    expect(error.code).toBe('tls');
    expect(error.message).toContain('does not speak TLS');
  });
});
