import { describe, expect, it } from 'vitest';

import {
  exampleApplication,
  exampleExpiredPasswordUser,
  exampleLockedUser,
  exampleUser,
  exampleUserWithoutMfa,
} from '../../src/dev-server/accounts';

import { expectedAtHash, useDevServer, V3_ACCESS_TOKEN, verifyIdToken } from './fixtures';
import { deviceBasic, jwtPart, postForm, without } from './http-client';

const dev = useDevServer();
const { clock } = dev;

const passwordForm = {
  grant_type: 'password',
  client_id: exampleApplication.clientId,
  username: exampleUser.username,
  password: exampleUser.password,
  scope: '*',
  nonce: 'bm9uY2Ux',
};

const V3_REFRESH_TOKEN = /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/;

async function signInAlice(): Promise<Record<string, unknown>> {
  const response = await postForm(
    dev.tokenUrl,
    { ...passwordForm, x_mfa: exampleUser.mfaCode },
    { Authorization: deviceBasic },
  );
  expect(response.status).toBe(200);
  return response.json;
}

describe('E12: password grant with MFA', () => {
  it('first asks for the MFA code with 400 mfa_required', async () => {
    const response = await postForm(dev.tokenUrl, passwordForm, { Authorization: deviceBasic });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      error: 'mfa_required',
      error_description:
        'Multi-factor Authentication is Required - Open your authenticator app and enter the secret generated',
    });
  });

  it('then issues a user session with a refresh token', async () => {
    const body = await signInAlice();
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3600, nonce: 'bm9uY2Ux' });
    expect(body.access_token).toMatch(V3_ACCESS_TOKEN);
    expect(body.refresh_token).toMatch(V3_REFRESH_TOKEN);

    const claims = await verifyIdToken(body.id_token as string, clock.now());
    expect(claims).toMatchObject({
      name: exampleUser.username,
      sub: exampleUser.id,
      role: [...exampleUser.roles],
      at_hash: expectedAtHash(body.access_token as string),
      extensions: { santedb: { appname: exampleApplication.clientId, usrid: exampleUser.id } },
    });
  });

  it('refuses a wrong MFA code', async () => {
    const response = await postForm(dev.tokenUrl, { ...passwordForm, x_mfa: '000000' });
    expect(response.status).toBe(400);
    expect(response.json.error).toBe('invalid_grant');
  });

  it('signs in a user without MFA in one step, with client_id only (on behalf of the user)', async () => {
    const response = await postForm(dev.tokenUrl, {
      ...passwordForm,
      username: exampleUserWithoutMfa.username,
      password: exampleUserWithoutMfa.password,
    });
    expect(response.status).toBe(200);
    expect(jwtPart(response.json.id_token as string, 1).role).toBe('USERS');
  });

  it.each([
    [
      'a wrong password',
      exampleUser.username,
      'wrong',
      'invalid_grant',
      'Invalid username or password',
    ],
    [
      'a locked user',
      exampleLockedUser.username,
      exampleLockedUser.password,
      'invalid_grant',
      `This user account is locked until ${exampleLockedUser.lockedUntil}`,
    ],
    [
      'an expired password',
      exampleExpiredPasswordUser.username,
      exampleExpiredPasswordUser.password,
      'password_expired',
      'The password for this account has expired',
    ],
  ])('answers %s with 400', async (_label, username, password, error, description) => {
    const response = await postForm(dev.tokenUrl, { ...passwordForm, username, password });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ error, error_description: description });
  });

  it('needs a username', async () => {
    const form = without(passwordForm, 'username');
    const response = await postForm(dev.tokenUrl, form);
    expect(response.json).toEqual({
      error: 'invalid_request',
      error_description: 'missing username in the request',
    });
  });
});

describe('E13: refresh_token', () => {
  const refreshForm = (refreshToken: string) => ({
    grant_type: 'refresh_token',
    client_id: exampleApplication.clientId,
    refresh_token: refreshToken,
    nonce: 'bm9uY2Uy',
  });

  it('keeps the access token, moves exp, rotates the refresh token', async () => {
    const first = await signInAlice();
    clock.advanceSeconds(600);

    const response = await postForm(dev.tokenUrl, refreshForm(first.refresh_token as string), {
      Authorization: deviceBasic,
    });
    expect(response.status).toBe(200);
    const second = response.json;
    expect(second.access_token).toBe(first.access_token);
    expect(second.refresh_token).toMatch(V3_REFRESH_TOKEN);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second).toMatchObject({ expires_in: 3600, nonce: 'bm9uY2Uy' });
    const claims = await verifyIdToken(second.id_token as string, clock.now());
    expect(claims.exp).toBe(clock.now() / 1000 + 3600);
    expect(claims.nonce).toBe('bm9uY2Uy');

    const reuse = await postForm(dev.tokenUrl, refreshForm(first.refresh_token as string), {
      Authorization: deviceBasic,
    });
    expect(reuse.status).toBe(400);
    expect(reuse.json).toEqual({
      error: 'invalid_grant',
      error_description: 'invalid refresh token',
    });
  });

  it('fails after exp', async () => {
    const first = await signInAlice();
    clock.advanceSeconds(3600);
    const response = await postForm(dev.tokenUrl, refreshForm(first.refresh_token as string), {
      Authorization: deviceBasic,
    });
    expect(response.status).toBe(400);
    expect(response.json.error_description).toBe('invalid refresh token');
  });

  it('needs an application principal: client_id plus a secret or a device', async () => {
    const first = await signInAlice();
    const withoutClient = without(refreshForm(first.refresh_token as string), 'client_id');
    const response = await postForm(dev.tokenUrl, withoutClient, { Authorization: deviceBasic });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      error: 'invalid_request',
      error_description: 'missing client_id',
    });

    const noDevice = await postForm(dev.tokenUrl, refreshForm(first.refresh_token as string));
    expect(noDevice.json.error_description).toBe('missing client_id');

    const withSecret = await postForm(dev.tokenUrl, {
      ...refreshForm(first.refresh_token as string),
      client_secret: exampleApplication.clientSecret,
    });
    expect(withSecret.status).toBe(200);
  });

  it('refuses a missing refresh token, and a forged one with 403', async () => {
    const missing = await postForm(
      dev.tokenUrl,
      { grant_type: 'refresh_token', client_id: exampleApplication.clientId },
      { Authorization: deviceBasic },
    );
    expect(missing.json).toEqual({
      error: 'invalid_grant',
      error_description: 'missing refresh token',
    });

    const forged = await postForm(dev.tokenUrl, refreshForm('AAAA.BBBB'), {
      Authorization: deviceBasic,
    });
    expect(forged.status).toBe(403);
    expect(forged.json.error).toBe('unspecified_error');
  });
});
