import { gunzipSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { exampleSecretForm, useDevServer } from './fixtures';
import { postForm, send } from './http-client';

const dev = useDevServer();
const { clock } = dev;

async function accessToken(scope = '*'): Promise<string> {
  const response = await postForm(`${dev.server.url}/auth/oauth2_token`, {
    ...exampleSecretForm,
    scope,
  });
  return response.json.access_token as string;
}

function getPatients(token: string | undefined, headers: Record<string, string> = {}) {
  const authorization: Record<string, string> = token ? { Authorization: `bearer ${token}` } : {};
  return send(`${dev.server.url}/hdsi/Patient?_count=1`, {
    headers: { Accept: 'application/json', ...authorization, ...headers },
  });
}

describe('E17: using the token on HDSI', () => {
  it('answers 200 JSON, gzip-compressed when asked', async () => {
    const token = await accessToken();
    const plain = await getPatients(token);
    expect(plain.status).toBe(200);
    expect(plain.json).toEqual({
      $type: 'Bundle',
      resource: [],
      totalResults: 0,
      offset: 0,
      count: 0,
    });

    const zipped = await send(`${dev.server.url}/hdsi/Patient?_count=1`, {
      headers: {
        Authorization: `bearer ${token}`,
        Accept: 'application/json',
        'Accept-Encoding': 'gzip',
      },
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['content-type']).toBe('application/json');
    expect(JSON.parse(gunzipSync(zipped.raw).toString('utf8'))).toEqual(plain.json);
  });

  it('answers Accept */* with text/plain, as SanteDB does', async () => {
    const response = await getPatients(await accessToken(), { Accept: '*/*' });
    expect(response.headers['content-type']).toBe('text/plain');
    expect(response.text).toBe('SanteDB.Core.Model.Collection.Bundle');
  });

  it('answers 401 with a space-separated WWW-Authenticate after signout', async () => {
    const session = (await postForm(`${dev.server.url}/auth/oauth2_token`, exampleSecretForm)).json;
    await postForm(`${dev.server.url}/auth/signout`, { id_token_hint: session.id_token as string });
    const response = await getPatients(session.access_token as string);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe(
      'bearer realm="127.0.0.1" error="invalid_token" error_description="This session is expired"',
    );
    expect(response.json).toEqual({
      $type: 'SecuritySessionException',
      message: 'This session is expired',
      policyOutcome: 'Deny',
      data: [],
    });
  });

  it('answers 401 after expiry', async () => {
    const token = await accessToken();
    clock.advanceSeconds(3600);
    expect((await getPatients(token)).status).toBe(401);
  });

  it('answers 403 with a nested cause for a garbled token', async () => {
    const response = await getPatients('garbled');
    expect(response.status).toBe(403);
    expect(response.json).toMatchObject({
      $type: 'SecuritySessionException',
      cause: {
        $type: 'SecurityException',
        message: 'The session token is not valid (time constraint)',
      },
    });
  });

  it('answers 403 PolicyViolationException when the session lacks Read Clinical Data', async () => {
    const response = await getPatients(await accessToken('1.3.6.1.4.1.33349.3.1.5.9.2.4.0'));
    expect(response.status).toBe(403);
    expect(response.json).toEqual({
      $type: 'PolicyViolationException',
      message:
        "Policy '1.3.6.1.4.1.33349.3.1.5.9.2.2.3' was violated by 'org.example.desktop' with outcome 'Deny'",
      policyId: '1.3.6.1.4.1.33349.3.1.5.9.2.2.3',
      policyName: 'Read Clinical Data',
      policyOutcome: 'Deny',
      data: ['1.3.6.1.4.1.33349.3.1.5.9.2.2.3:Read Clinical Data'],
    });
  });

  it('denies the anonymous principal with 403', async () => {
    const response = await getPatients(undefined);
    expect(response.status).toBe(403);
    expect(response.json.message).toContain("by 'ANONYMOUS'");
  });
});
