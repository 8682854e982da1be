import { describe, expect, it } from 'vitest';

import { exampleApplication, exampleDevice, exampleUser } from '../../src/dev-server/accounts';
import { verifyHs256 } from '../../src/dev-server/jws';

import { useDevServer } from './fixtures';
import { basicAuthorization, deviceBasic, jwtPart, postForm, send, without } from './http-client';

const dev = useDevServer(
  (clock) => ({ now: clock.now, sessionLifetimeSeconds: 1800 }),
  '/santedb2',
);
const { clock } = dev;

const legacyDevice = deviceBasic.replace('Basic ', 'BASIC ');
const e18Form = {
  grant_type: 'client_credentials',
  scope: '*',
  client_id: exampleApplication.clientId,
  client_secret: exampleApplication.clientSecret,
};

describe('E18: SanteDB 2.x client_credentials', () => {
  it('answers hex tokens, expires_in in milliseconds and an id_token signed with the client secret', async () => {
    const response = await postForm(dev.tokenUrl, e18Form, {
      'X-Device-Authorization': legacyDevice,
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    const body = response.json;
    expect(body.access_token).toMatch(/^[0-9A-F]{96}$/);
    expect(body.refresh_token).toMatch(/^[0-9A-F]{96}$/);
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 1_800_000 });

    const idToken = body.id_token as string;
    expect(jwtPart(idToken, 0)).toEqual({
      alg: 'HS256',
      kid: exampleApplication.clientId,
      typ: 'JWT',
    });
    const claims = verifyHs256(
      idToken,
      exampleApplication.clientSecret,
      exampleApplication.clientId,
    );
    expect(claims).toMatchObject({
      aud: exampleApplication.clientId,
      exp: clock.now() / 1000 + 1800,
      'urn:santedb:org:claim:device': exampleDevice.id,
    });
  });

  it('reads X-Device-Authorization in any case, and counts expires_in down in ms', async () => {
    const lower = legacyDevice.replace('BASIC ', 'basic ');
    const first = (await postForm(dev.tokenUrl, e18Form, { 'X-Device-Authorization': lower })).json;
    clock.advanceSeconds(0.016);
    const session = await send(`${dev.server.url}/santedb2/auth/session`, {
      headers: { Authorization: `Bearer ${first.access_token as string}` },
    });
    expect(session.status).toBe(200);
    expect(session.json.expires_in).toBe(1_799_984);
  });

  it('does not echo the nonce', async () => {
    const response = await postForm(
      dev.tokenUrl,
      { ...e18Form, nonce: 'abc' },
      { 'X-Device-Authorization': legacyDevice },
    );
    expect(response.json.nonce).toBeUndefined();
  });

  it('refuses a request without client_secret with 400 invalid_client', async () => {
    const form = without(e18Form, 'client_secret');
    const response = await postForm(dev.tokenUrl, form, { 'X-Device-Authorization': legacyDevice });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      error: 'invalid_client',
      error_description: 'Missing client credentials',
    });
  });

  it('reads Authorization Basic as the application and ignores its failure (the v3-to-v2 fallback signal)', async () => {
    const form = without(e18Form, 'client_secret');
    const v3Style = await postForm(dev.tokenUrl, form, { Authorization: deviceBasic });
    expect(v3Style.status).toBe(400);
    expect(v3Style.json.error).toBe('invalid_client');

    const appBasic = basicAuthorization(
      exampleApplication.clientId,
      exampleApplication.clientSecret,
    );
    const asApplication = await postForm(dev.tokenUrl, form, {
      Authorization: appBasic,
      'X-Device-Authorization': legacyDevice,
    });
    expect(asApplication.status).toBe(200);
  });

  it('refuses client-only grants with 400 invalid_grant', async () => {
    const response = await postForm(dev.tokenUrl, e18Form);
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      error: 'invalid_grant',
      error_description:
        'client_credentials grant requires device authentication either using X509 or X-Device-Authorization or enabling the DeviceAuthorizationAccessBehavior',
    });
  });

  it('answers every error with 400: wrong secret, wrong device', async () => {
    const wrongSecret = await postForm(
      dev.tokenUrl,
      { ...e18Form, client_secret: 'WRONG' },
      { 'X-Device-Authorization': legacyDevice },
    );
    expect(wrongSecret.status).toBe(400);
    expect(wrongSecret.json.error).toBe('unauthorized_client');

    const wrongDevice = await postForm(dev.tokenUrl, e18Form, {
      'X-Device-Authorization': basicAuthorization(exampleDevice.deviceId, 'WRONG'),
    });
    expect(wrongDevice.status).toBe(400);
    expect(wrongDevice.json).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid device account or secret',
    });
  });

  it('refreshes client_credentials sessions too, with rotation', async () => {
    const first = (
      await postForm(dev.tokenUrl, e18Form, { 'X-Device-Authorization': legacyDevice })
    ).json;
    const refreshed = await postForm(dev.tokenUrl, {
      grant_type: 'refresh_token',
      client_id: exampleApplication.clientId,
      client_secret: exampleApplication.clientSecret,
      refresh_token: first.refresh_token as string,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.access_token).toBe(first.access_token);
    expect(refreshed.json.refresh_token).not.toBe(first.refresh_token);
  });

  it('takes the MFA code of the password grant from X-SanteDB-TfaSecret', async () => {
    const form = {
      grant_type: 'password',
      client_id: exampleApplication.clientId,
      client_secret: exampleApplication.clientSecret,
      username: exampleUser.username,
      password: exampleUser.password,
    };
    const withoutCode = await postForm(dev.tokenUrl, form);
    expect(withoutCode.json.error).toBe('mfa_required');
    const withHeader = await postForm(dev.tokenUrl, form, {
      'X-SanteDB-TfaSecret': exampleUser.mfaCode,
    });
    expect(withHeader.status).toBe(200);
  });

  it('has no discovery, JWKS or signout route', async () => {
    for (const route of ['.well-known/openid-configuration', 'jwks', 'signout']) {
      expect((await send(`${dev.server.url}/santedb2/auth/${route}`)).status).toBe(404);
    }
  });
});
