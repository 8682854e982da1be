import { describe, expect, it } from 'vitest';

import { isTokenError } from '../../../src/main/core/errors';
import type { TokenErrorCode } from '../../../src/main/core/errors';
import { parseProfile } from '../../../src/main/core/profile';
import type { Profile, ProfileInput } from '../../../src/main/core/profile';
import type { ResolvedCredentials } from '../../../src/main/core/token-client-api';
import {
  FORM_CONTENT_TYPE,
  basicCredentials,
  buildTokenRequest,
  clientSecretBasic,
  createNonce,
  sendsNonce,
} from '../../../src/main/core/token-request';

const ROOT = 'https://sdb.example.org:8443';
const DEVICE_ID = 'DESKTOP-NODE-01';
const DEVICE_SECRET = 'dev-Secr3t-EXAMPLE-only';
const CLIENT_SECRET = 'app-Secr3t-EXAMPLE-only';
const GOLDEN_BASIC = 'Basic REVTS1RPUC1OT0RFLTAxOmRldi1TZWNyM3QtRVhBTVBMRS1vbmx5';
const NONCE = 'q8Zt3J0mM1fJd3wq6b5mXGxQ4vS2m0bXk1lY7cZp9aE';

function profileOf(input: Partial<ProfileInput>): Profile {
  const parsed = parseProfile({
    id: 'prod',
    name: 'Production',
    protocol: 'santedb3',
    serverRoot: ROOT,
    clientId: 'org.example.desktop',
    ...input,
  });
  if (!parsed.ok) {
    throw new Error(`test profile is invalid: ${JSON.stringify(parsed.issues)}`);
  }
  return parsed.profile;
}

const device = { kind: 'device', deviceId: DEVICE_ID } as const;

function expectTokenError(action: () => unknown, code: TokenErrorCode, field?: string): void {
  try {
    action();
  } catch (error) {
    expect(isTokenError(error)).toBe(true);
    if (isTokenError(error)) {
      expect(error.code).toBe(code);
      if (field) {
        expect(error.context.field).toBe(field);
      }
    }
    return;
  }
  throw new Error(`expected a ${code} TokenError`);
}

describe('SanteDB 3.x requests', () => {
  it('sends the device as Basic (golden vector) and no client_secret, as the dCDR does', () => {
    const credentials: ResolvedCredentials = {
      deviceSecret: DEVICE_SECRET,
      clientSecret: CLIENT_SECRET,
      tls: {},
    };
    const request = buildTokenRequest(
      profileOf({ nodeAuth: device }),
      credentials,
      'santedb3',
      NONCE,
    );

    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${ROOT}/auth/oauth2_token`);
    expect(request.headers).toEqual({
      Accept: 'application/json',
      'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
      Authorization: GOLDEN_BASIC,
    });
    expect(request.body).toBe(
      `grant_type=client_credentials&client_id=org.example.desktop&scope=*&nonce=${NONCE}`,
    );
  });

  it('puts client_secret in the form when no node authentication is configured', () => {
    const request = buildTokenRequest(
      profileOf({}),
      { clientSecret: CLIENT_SECRET, tls: {} },
      'santedb3',
      'Zm9vYmFy',
    );

    expect(request.headers.Authorization).toBeUndefined();
    expect(request.body).toBe(
      `grant_type=client_credentials&client_id=org.example.desktop&client_secret=${CLIENT_SECRET}&scope=*&nonce=Zm9vYmFy`,
    );
  });

  it('uses the client certificate for mTLS and adds client_secret only when stored', () => {
    const profile = profileOf({ nodeAuth: { kind: 'pkcs12', path: '/certs/node.p12' } });
    const pfx = Buffer.from('pkcs12 bytes');
    const tls = { pfx, passphrase: 'p12-pass', ca: 'CA PEM' };

    const withSecret = buildTokenRequest(profile, { clientSecret: 's3', tls }, 'santedb3', 'n');
    const withoutSecret = buildTokenRequest(profile, { tls }, 'santedb3', 'n');

    expect(withSecret.tls).toBe(tls);
    expect(withSecret.headers.Authorization).toBeUndefined();
    expect(new URLSearchParams(withSecret.body).get('client_secret')).toBe('s3');
    expect(withoutSecret.body).toBe(
      'grant_type=client_credentials&client_id=org.example.desktop&scope=*&nonce=n',
    );
  });

  it('percent-encodes every form value (SanteDB cuts values at a raw "=" or "&")', () => {
    const request = buildTokenRequest(
      profileOf({ scope: '1.3.6.1.4.1.33349.3.1.5.9.2 a=b&c' }),
      { clientSecret: 'x=y&z+ü', tls: {} },
      'santedb3',
      'abc',
    );

    expect(request.body).toBe(
      'grant_type=client_credentials&client_id=org.example.desktop&client_secret=x%3Dy%26z%2B%C3%BC&scope=1.3.6.1.4.1.33349.3.1.5.9.2+a%3Db%26c&nonce=abc',
    );
  });

  it('refreshes with the same device Basic header and no scope', () => {
    const request = buildTokenRequest(
      profileOf({ nodeAuth: device }),
      { deviceSecret: DEVICE_SECRET, tls: {} },
      'santedb3',
      'bm9uY2Uy',
      { refreshToken: 'AQID.hnTr' },
    );

    expect(request.headers.Authorization).toBe(GOLDEN_BASIC);
    expect(request.body).toBe(
      'grant_type=refresh_token&client_id=org.example.desktop&refresh_token=AQID.hnTr&nonce=bm9uY2Uy',
    );
  });

  it('refuses a device secret containing ":" (HTTP Basic splits on it)', () => {
    expectTokenError(
      () =>
        buildTokenRequest(
          profileOf({ nodeAuth: device }),
          { deviceSecret: 'a:b', tls: {} },
          'santedb3',
          'n',
        ),
      'invalid_profile',
      'secrets.deviceSecret',
    );
  });

  it('names the missing secret', () => {
    expectTokenError(
      () => buildTokenRequest(profileOf({ nodeAuth: device }), { tls: {} }, 'santedb3', 'n'),
      'missing_secret',
      'secrets.deviceSecret',
    );
    expectTokenError(
      () => buildTokenRequest(profileOf({}), { tls: {} }, 'santedb3', 'n'),
      'missing_secret',
      'secrets.clientSecret',
    );
  });
});

describe('SanteDB 2.x requests', () => {
  it('sends X-Device-Authorization and client_id + client_secret in the form, no nonce', () => {
    const request = buildTokenRequest(
      profileOf({ protocol: 'santedb2', nodeAuth: device }),
      { deviceSecret: DEVICE_SECRET, clientSecret: CLIENT_SECRET, tls: {} },
      'santedb2',
      undefined,
    );

    expect(request.headers).toEqual({
      Accept: 'application/json',
      'Content-Type': FORM_CONTENT_TYPE,
      'X-Device-Authorization': 'BASIC REVTS1RPUC1OT0RFLTAxOmRldi1TZWNyM3QtRVhBTVBMRS1vbmx5',
    });
    expect(request.body).toBe(
      `grant_type=client_credentials&scope=*&client_id=org.example.desktop&client_secret=${CLIENT_SECRET}`,
    );
  });

  it('requires the client secret', () => {
    expectTokenError(
      () =>
        buildTokenRequest(
          profileOf({ protocol: 'santedb2', nodeAuth: device }),
          { deviceSecret: DEVICE_SECRET, tls: {} },
          'santedb2',
          undefined,
        ),
      'missing_secret',
      'secrets.clientSecret',
    );
  });
});

describe('OAuth 2.0 requests', () => {
  const oauth = (input: Partial<ProfileInput>) =>
    profileOf({
      protocol: 'oauth2',
      serverRoot: undefined,
      tokenEndpoint: 'https://idp.example.org/token',
      clientId: 'tray client',
      ...input,
    });
  const awkwardSecret = 'p:a%s+s wörd';

  it('client_secret_basic form-encodes id and secret before base64 (RFC 6749 §2.3.1)', () => {
    const request = buildTokenRequest(
      oauth({ clientAuth: 'basic' }),
      { clientSecret: awkwardSecret, tls: {} },
      'oauth2',
      undefined,
    );

    // base64("tray+client:p%3Aa%25s%2Bs+w%C3%B6rd")
    expect(request.headers.Authorization).toBe(
      'Basic dHJheStjbGllbnQ6cCUzQWElMjVzJTJCcyt3JUMzJUI2cmQ=',
    );
    expect(request.url).toBe('https://idp.example.org/token');
    // SanteDB's "*" means nothing to a generic server, so no scope is sent.
    expect(request.body).toBe('grant_type=client_credentials');
  });

  it('client_secret_post sends both in the form, with the explicit scope', () => {
    const request = buildTokenRequest(
      oauth({ clientAuth: 'post', scope: 'read write' }),
      { clientSecret: awkwardSecret, tls: {} },
      'oauth2',
      undefined,
    );

    expect(request.headers.Authorization).toBeUndefined();
    expect(request.body).toBe(
      'grant_type=client_credentials&scope=read+write&client_id=tray+client&client_secret=p%3Aa%25s%2Bs+w%C3%B6rd',
    );
  });

  it('tls_client_auth sends only client_id and presents the certificate', () => {
    const tls = { cert: 'CERT PEM', key: 'KEY PEM' };
    const request = buildTokenRequest(
      oauth({ nodeAuth: { kind: 'pem', certPath: '/c.pem', keyPath: '/k.pem' } }),
      { tls },
      'oauth2',
      undefined,
    );

    expect(request.headers.Authorization).toBeUndefined();
    expect(request.tls).toBe(tls);
    expect(request.body).toBe('grant_type=client_credentials&client_id=tray+client');
  });

  it('needs a secret or a certificate', () => {
    expectTokenError(
      () => buildTokenRequest(oauth({}), { tls: {} }, 'oauth2', undefined),
      'missing_secret',
      'secrets.clientSecret',
    );
  });
});

describe('every request', () => {
  it('has deadlines from the profile, the size cap and never a bearer header', () => {
    const request = buildTokenRequest(
      profileOf({ nodeAuth: device, timeoutSeconds: 5 }),
      { deviceSecret: DEVICE_SECRET, tls: {} },
      'santedb3',
      'n',
      { maxResponseBytes: 4096, proxyUrl: 'http://proxy.example.org:3128' },
    );

    expect(request.totalTimeoutMs).toBe(5000);
    expect(request.connectTimeoutMs).toBe(5000);
    expect(request.maxResponseBytes).toBe(4096);
    expect(request.proxyUrl).toBe('http://proxy.example.org:3128');
    expect(Object.values(request.headers).some((value) => /^bearer/i.test(value))).toBe(false);
  });

  it('caps the connect deadline at 10 s', () => {
    const request = buildTokenRequest(
      profileOf({}),
      { clientSecret: 's', tls: {} },
      'santedb3',
      'n',
    );
    expect(request.connectTimeoutMs).toBe(10_000);
    expect(request.totalTimeoutMs).toBe(20_000);
  });
});

describe('helpers', () => {
  it('makes the nonce as base64url of 32 random bytes', () => {
    const sizes: number[] = [];
    const nonce = createNonce((size) => {
      sizes.push(size);
      return new Uint8Array(size).fill(1);
    });
    expect(sizes).toEqual([32]);
    expect(nonce).toBe('AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE');
  });

  it('sends a nonce to SanteDB 3.x only', () => {
    expect([sendsNonce('santedb3'), sendsNonce('santedb2'), sendsNonce('oauth2')]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('encodes device credentials as raw UTF-8, never URL-encoded', () => {
    expect(basicCredentials('nöde', 'a%b+c')).toBe(
      Buffer.from('nöde:a%b+c', 'utf8').toString('base64'),
    );
    expect(clientSecretBasic('a b', 'c')).toBe(Buffer.from('a+b:c').toString('base64'));
  });
});
