import { createHmac } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import {
  exampleApplication,
  exampleDeniedApplication,
  exampleDevice,
  exampleLockedDevice,
  serverSigningKey,
} from '../../src/dev-server/accounts';

import {
  exampleSecretForm,
  expectedAtHash,
  useDevServer,
  V3_ACCESS_TOKEN,
  verifyIdToken,
} from './fixtures';
import { basicAuthorization, deviceBasic, jwtPart, postForm, send } from './http-client';

const dev = useDevServer();
const { clock } = dev;

const nonce = 'q8Zt3J0mM1fJd3wq6b5mXGxQ4vS2m0bXk1lY7cZp9aE';
const appOnly = { grant_type: 'client_credentials', client_id: exampleApplication.clientId };
const withSecret = { ...exampleSecretForm, scope: '*' };

describe('E3: client_credentials with device Basic and no client_secret', () => {
  it('answers 200 JSON with a signed id_token naming the application and the device', async () => {
    const response = await postForm(
      dev.tokenUrl,
      { ...appOnly, scope: '*', nonce },
      { Authorization: deviceBasic },
    );

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers.date).toBe(new Date(clock.now()).toUTCString());
    const body = response.json;
    expect(Object.keys(body).sort()).toEqual([
      'access_token',
      'expires_in',
      'id_token',
      'nonce',
      'token_type',
    ]);
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3600, nonce });
    expect(body.access_token).toMatch(V3_ACCESS_TOKEN);

    const accessToken = body.access_token as string;
    const claims = await verifyIdToken(body.id_token as string, clock.now());
    expect(jwtPart(body.id_token as string, 0)).toEqual({
      alg: 'HS256',
      kid: 'default',
      typ: 'JWT',
    });
    expect(claims).toMatchObject({
      aud: [exampleApplication.clientId],
      iss: `${dev.server.url}/auth`,
      iat: clock.now() / 1000,
      nbf: clock.now() / 1000,
      exp: clock.now() / 1000 + 3600,
      extensions: {
        santedb: {
          appid: exampleApplication.id,
          appname: exampleApplication.clientId,
          devid: exampleDevice.id,
          devname: exampleDevice.deviceId,
        },
      },
      scope: [
        '1.3.6.1.4.1.33349.3.1.5.9.2.1.0',
        '1.3.6.1.4.1.33349.3.1.5.9.2.2.3',
        '1.3.6.1.4.1.33349.3.1.5.9.2.4.0',
      ],
      name: exampleApplication.clientId,
      sub: exampleApplication.id,
      nonce,
      at_hash: expectedAtHash(accessToken),
    });
    expect(claims.jti).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(claims.sid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('builds the access token from the sid in .NET byte order, signed with the server key', async () => {
    const body = (await postForm(dev.tokenUrl, appOnly, { Authorization: deviceBasic })).json;
    const [idPart, signature] = (body.access_token as string).split('.') as [string, string];
    const sid = jwtPart(body.id_token as string, 1).sid as string;

    const hex = sid.replace(/-/g, '');
    const swapped = [
      hex.slice(6, 8),
      hex.slice(4, 6),
      hex.slice(2, 4),
      hex.slice(0, 2),
      hex.slice(10, 12),
      hex.slice(8, 10),
      hex.slice(14, 16),
      hex.slice(12, 14),
      hex.slice(16),
    ].join('');
    expect(Buffer.from(idPart, 'base64url').toString('hex')).toBe(swapped);
    const expected = createHmac('sha256', serverSigningKey.secret)
      .update(Buffer.from(swapped, 'hex'))
      .digest('base64url');
    expect(signature).toBe(expected);
  });

  it('issues no refresh token, and a new session for every request', async () => {
    const first = (await postForm(dev.tokenUrl, appOnly, { Authorization: deviceBasic })).json;
    const second = (await postForm(dev.tokenUrl, appOnly, { Authorization: deviceBasic })).json;
    expect(first.refresh_token).toBeUndefined();
    expect(first.access_token).not.toBe(second.access_token);
  });

  it('takes the Basic scheme in any case, as SanteDB lower-cases it', async () => {
    const upper = deviceBasic.replace('Basic', 'BASIC');
    const response = await postForm(dev.tokenUrl, appOnly, { Authorization: upper });
    expect(response.status).toBe(200);
  });

  it('accepts upper-case grant names and records the parsed form', async () => {
    const before = dev.server.requests.length;
    const response = await postForm(
      dev.tokenUrl,
      { ...appOnly, grant_type: ' CLIENT_CREDENTIALS ' },
      { Authorization: deviceBasic },
    );
    expect(response.status).toBe(200);
    const recorded = dev.server.requests[before];
    expect(recorded?.method).toBe('POST');
    expect(recorded?.path).toBe('/auth/oauth2_token');
    expect(recorded?.form).toEqual({
      grant_type: ' CLIENT_CREDENTIALS ',
      client_id: exampleApplication.clientId,
    });
    expect(recorded?.headers.authorization).toBe(deviceBasic);
  });
});

describe('E4: client_credentials with client_secret and no device (nodeless allowed)', () => {
  it('answers 200 with an id_token without devid or devname', async () => {
    const response = await postForm(
      dev.tokenUrl,
      { ...withSecret, nonce: 'Zm9vYmFy' },
      {
        'Content-Type': 'application/x-www-form-urlencoded',
      },
    );
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      token_type: 'bearer',
      expires_in: 3600,
      nonce: 'Zm9vYmFy',
    });
    const claims = await verifyIdToken(response.json.id_token as string, clock.now());
    expect(claims.extensions).toEqual({
      santedb: { appid: exampleApplication.id, appname: exampleApplication.clientId },
    });
  });

  it('gives exactly the scopes asked for when they are granted', async () => {
    const scope = '1.3.6.1.4.1.33349.3.1.5.9.2.2.3 1.3.6.1.4.1.33349.3.1.5.9.2.4.0';
    const response = await postForm(dev.tokenUrl, { ...withSecret, scope });
    expect(jwtPart(response.json.id_token as string, 1).scope).toEqual(scope.split(' '));
  });

  it('gives a single scope as a string claim', async () => {
    const scope = '1.3.6.1.4.1.33349.3.1.5.9.2.4.0';
    const response = await postForm(dev.tokenUrl, { ...withSecret, scope });
    expect(jwtPart(response.json.id_token as string, 1).scope).toBe(scope);
  });
});

describe('E5: node authentication required (/strict)', () => {
  it('refuses client_secret alone with 400 unauthorized_client', async () => {
    const response = await postForm(`${dev.server.url}/strict/auth/oauth2_token`, withSecret);
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      error: 'unauthorized_client',
      error_description:
        'client_credentials grant type requires device authentication either using X509 or X-Device-Authorization or enabling the DeviceAuthorizationAccessBehavior in the configuration.',
    });
  });

  it('accepts device Basic', async () => {
    const response = await postForm(`${dev.server.url}/strict/auth/oauth2_token`, appOnly, {
      Authorization: deviceBasic,
    });
    expect(response.status).toBe(200);
  });
});

describe('credential failures (E6, E7, E8, E9)', () => {
  it('E6: a wrong client_secret is 401 unspecified_error', async () => {
    const response = await postForm(dev.tokenUrl, { ...withSecret, client_secret: 'WRONG' });
    expect(response.status).toBe(401);
    expect(response.json).toEqual({
      error: 'unspecified_error',
      error_description: 'Invalid application identifier or secret',
    });
  });

  it('E6: an unknown client_id with a secret is the same 401', async () => {
    const response = await postForm(dev.tokenUrl, {
      ...withSecret,
      client_id: 'org.example.unknown',
    });
    expect(response.status).toBe(401);
    expect(response.json.error_description).toBe('Invalid application identifier or secret');
  });

  it('E7: a wrong device secret is 401 before the body is looked at', async () => {
    const wrong = basicAuthorization(exampleDevice.deviceId, 'WRONG');
    expect(wrong).toBe('Basic REVTS1RPUC1OT0RFLTAxOldST05H');
    const response = await postForm(
      dev.tokenUrl,
      { ...appOnly, scope: '*' },
      { Authorization: wrong },
    );
    expect(response.status).toBe(401);
    expect(response.json).toEqual({
      error: 'unspecified_error',
      error_description: 'Invalid device account or secret',
    });
  });

  it('E8: a locked device is 401 with the lock time', async () => {
    const locked = basicAuthorization(
      exampleLockedDevice.deviceId,
      exampleLockedDevice.deviceSecret,
    );
    const response = await postForm(dev.tokenUrl, appOnly, { Authorization: locked });
    expect(response.status).toBe(401);
    expect(response.json).toEqual({
      error: 'unspecified_error',
      error_description: `Device account is locked until ${exampleLockedDevice.lockedUntil}`,
    });
  });

  it('E9: device Basic together with client_secret is the duplicate symm_secret 400', async () => {
    const response = await postForm(dev.tokenUrl, withSecret, { Authorization: deviceBasic });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      error: 'unspecified_error',
      error_description: 'An item with the same key has already been added. Key: symm_secret',
    });
  });

  it('a device secret containing a colon is a malformed Basic header (403)', async () => {
    const response = await postForm(dev.tokenUrl, appOnly, {
      Authorization: basicAuthorization('DESKTOP-NODE-01', 'a:b'),
    });
    expect(response.status).toBe(403);
    expect(response.json.error_description).toBe('Malformed HTTP Basic Header');
  });

  it('client_id with neither secret nor device is 400 invalid_client', async () => {
    const response = await postForm(dev.tokenUrl, appOnly);
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      error: 'invalid_client',
      error_description: 'invalid client_secret',
    });
  });
});

describe('E10: malformed requests', () => {
  it('a missing client_id is 400 invalid_grant', async () => {
    const response = await postForm(dev.tokenUrl, 'grant_type=client_credentials&scope=*', {
      Authorization: deviceBasic,
    });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      error: 'invalid_grant',
      error_description: 'invalid client_id',
    });
  });

  it('an unknown grant is 400 unsupported_grant_type naming it', async () => {
    const response = await postForm(
      dev.tokenUrl,
      'grant_type=implicit&client_id=org.example.desktop',
    );
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'unsupported grant type implicit',
    });
  });

  it.each([
    ['an empty form', { 'Content-Type': 'application/x-www-form-urlencoded' }, ''],
    ['no Content-Type', {}, 'grant_type=client_credentials&client_id=org.example.desktop'],
  ])('%s is 400 invalid_request "request is empty."', async (_label, headers, body) => {
    const response = await send(dev.tokenUrl, { method: 'POST', headers, body });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      error: 'invalid_request',
      error_description: 'request is empty.',
    });
  });

  it('another media type is 500 unspecified_error "Invalid request format"', async () => {
    const response = await send(dev.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(500);
    expect(response.json).toEqual({
      error: 'unspecified_error',
      error_description: 'Invalid request format',
    });
  });

  it('a trailing & crashes the form parser with a 500, as in SanteDB', async () => {
    const response = await postForm(
      dev.tokenUrl,
      'grant_type=client_credentials&client_id=org.example.desktop&',
    );
    expect(response.status).toBe(500);
    expect(response.json.error).toBe('unspecified_error');
  });

  it('decodes + as a space and cuts a value at a raw =', async () => {
    const before = dev.server.requests.length;
    await postForm(
      dev.tokenUrl,
      'grant_type=client_credentials&client_id=org.example.desktop&nonce=a+b%2Bc=d',
    );
    expect(dev.server.requests[before]?.form.nonce).toBe('a b+c');
  });
});

describe('E11: policy denied', () => {
  it('refuses an application denied the client_credentials policy with 403', async () => {
    const response = await postForm(dev.tokenUrl, {
      grant_type: 'client_credentials',
      client_id: exampleDeniedApplication.clientId,
      client_secret: exampleDeniedApplication.clientSecret,
    });
    expect(response.status).toBe(403);
    expect(response.json).toEqual({
      error: 'unspecified_error',
      error_description: `Policy '1.3.6.1.4.1.33349.3.1.5.9.2.1.0.0.1' was violated by '${exampleDeniedApplication.clientId}' with outcome 'Deny'`,
    });
  });

  it('refuses a scope that is not granted with 403 naming the policy', async () => {
    const response = await postForm(dev.tokenUrl, {
      ...withSecret,
      scope: '1.3.6.1.4.1.33349.3.1.5.9.2.0',
    });
    expect(response.status).toBe(403);
    expect(response.json.error_description).toBe(
      "Policy '1.3.6.1.4.1.33349.3.1.5.9.2.0' was violated by 'org.example.desktop' with outcome 'Deny'",
    );
  });

  it('fails with a 500 on a scope the server does not know', async () => {
    const response = await postForm(dev.tokenUrl, { ...withSecret, scope: '9.9.9' });
    expect(response.status).toBe(500);
  });
});

describe('E14: override without a purpose of use', () => {
  const overrideClaim = Buffer.from('urn:santedb:org:claim:override=true').toString('base64');

  it('is 400 missing_claim with the purpose claim type in data', async () => {
    expect(overrideClaim).toBe('dXJuOnNhbnRlZGI6b3JnOmNsYWltOm92ZXJyaWRlPXRydWU=');
    const response = await postForm(dev.tokenUrl, withSecret, {
      'X-SanteDBClient-Claim': overrideClaim,
    });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      error: 'missing_claim',
      error_description: 'An attempt was made to override a policy without sufficient data',
      data: {
        claimType: 'urn:oasis:names:tc:xacml:2.0:action:purpose',
        claimValue: 'EMERGENCY,TREATMENT,PUBLICHEALTH',
      },
    });
  });

  it('succeeds with a purpose and explicit scopes, as a short override session', async () => {
    const claim = Buffer.from(
      'urn:santedb:org:claim:override=true;urn:oasis:names:tc:xacml:2.0:action:purpose=EMERGENCY',
    ).toString('base64');
    const response = await postForm(
      dev.tokenUrl,
      { ...withSecret, scope: '1.3.6.1.4.1.33349.3.1.5.9.2.2.3' },
      { 'X-SanteDBClient-Claim': claim },
    );
    expect(response.status).toBe(200);
    expect(response.json.expires_in).toBe(120);
    const claims = jwtPart(response.json.id_token as string, 1);
    expect((claims.extensions as { santedb: Record<string, unknown> }).santedb.isOverride).toBe(
      true,
    );
  });

  it('a claim header that is not base64 is 400', async () => {
    const response = await postForm(dev.tokenUrl, withSecret, { 'X-SanteDBClient-Claim': '%%%' });
    expect(response.status).toBe(400);
    expect(response.json.error).toBe('unspecified_error');
  });
});

describe('a stale bearer token on the token endpoint', () => {
  it('is 403 when it is garbled', async () => {
    const response = await postForm(dev.tokenUrl, withSecret, {
      Authorization: 'Bearer garbled.token',
    });
    expect(response.status).toBe(403);
    expect(response.json).toEqual({
      error: 'unspecified_error',
      error_description: 'The session token is not valid',
    });
  });

  it('is 401 when its session has expired', async () => {
    const old = (await postForm(dev.tokenUrl, withSecret)).json.access_token as string;
    clock.advanceSeconds(3601);
    const response = await postForm(dev.tokenUrl, withSecret, { Authorization: `Bearer ${old}` });
    expect(response.status).toBe(401);
    expect(response.json).toEqual({
      error: 'unspecified_error',
      error_description: 'This session is expired',
    });
  });
});
