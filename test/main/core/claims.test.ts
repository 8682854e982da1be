import { describe, expect, it } from 'vitest';

import { claimsOfToken, decodeIdToken, describeClaims } from '../../../src/main/core/claims';
import { TokenError } from '../../../src/main/core/errors';

// The E3 id_token of santedb-auth.md: an application session for org.example.desktop on device
// DESKTOP-NODE-01, HS256 over the payload the document shows.
const E3_ID_TOKEN =
  'eyJhbGciOiJIUzI1NiIsImtpZCI6ImRlZmF1bHQiLCJ0eXAiOiJKV1QifQ.eyJhdWQiOlsib3JnLmV4YW1wbGUuZGVza3RvcCJdLCJpc3MiOiJodHRwczovL3NkYi5leGFtcGxlLm9yZy9hdXRoIiwiZXhwIjoxNzkwMDAzNjAwLCJpYXQiOjE3OTAwMDAwMDAsIm5iZiI6MTc5MDAwMDAwMCwiZXh0ZW5zaW9ucyI6eyJzYW50ZWRiIjp7ImFwcGlkIjoiNmI3ZjJhMTAtNGMxZS00ZDU1LTlhNjEtMmYwZThjM2Q5YjAxIiwiYXBwbmFtZSI6Im9yZy5leGFtcGxlLmRlc2t0b3AiLCJkZXZpZCI6ImEzYzVlN2Y5LTFiMmQtNGU2Zi04YTliLTBjMWQyZTNmNGE1YiIsImRldm5hbWUiOiJERVNLVE9QLU5PREUtMDEifX0sInNpZCI6IjJmNmMxZDhlLTVhM2ItMTFmMS05YzJlLTAwMTU1ZDBhMWIyYyIsInNjb3BlIjpbIjEuMy42LjEuNC4xLjMzMzQ5LjMuMS41LjkuMi4xLjAiLCIxLjMuNi4xLjQuMS4zMzM0OS4zLjEuNS45LjIuMi4zIiwiMS4zLjYuMS40LjEuMzMzNDkuMy4xLjUuOS4yLjQuMCJdLCJuYW1lIjoib3JnLmV4YW1wbGUuZGVza3RvcCIsInN1YiI6IjZiN2YyYTEwLTRjMWUtNGQ1NS05YTYxLTJmMGU4YzNkOWIwMSIsIm5vbmNlIjoicThadDNKMG1NMWZKZDN3cTZiNW1YR3hRNHZTMm0wYlhrMWxZN2NacDlhRSIsImF0X2hhc2giOiJYcVBqVUZPV2x0ZlpXTmp2NEVSVzZRIiwianRpIjoiaWNQNDhvMDBLWGJBSTdiUGk1ZElkU0t0VmRnNEYydExNWnlPSzI3cHJlZyJ9.YzLafIZemlJCJiz2GRuNGpO53d3LVnPO6gdZLndv87s';

const base64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
const jwtOf = (payload: unknown, header: unknown = { alg: 'HS256', typ: 'JWT' }): string =>
  `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}.c2lnbmF0dXJl`;

const APP_ID = '6b7f2a10-4c1e-4d55-9a61-2f0e8c3d9b01';
const USER_ID = '0c3b7e1d-2f4a-4b5c-8d6e-7f8091a2b3c4';

describe('decodeIdToken', () => {
  it('decodes the E3 id_token payload', () => {
    const claims = decodeIdToken(E3_ID_TOKEN);

    expect(claims.sid).toBe('2f6c1d8e-5a3b-11f1-9c2e-00155d0a1b2c');
    expect(claims.exp).toBe(1_790_003_600);
    expect(claims.at_hash).toBe('XqPjUFOWltfZWNjv4ERW6Q');
  });

  it.each([
    ['', 'it is empty'],
    ['not-a-token', 'it has 1 dot-separated part instead of 3'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0', 'it has 2 dot-separated parts instead of 3'],
    ['a.b.c.d.e', 'it has five parts, so it is encrypted (JWE) and cannot be read'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJz!dWIi.sig', 'its header or payload is not base64url text'],
    [
      `${base64url('{"alg":"HS256"}')}.${base64url('[1,2]')}.sig`,
      'its payload is not a JSON object',
    ],
    [`${base64url('{"alg":"HS256"}')}.${base64url('{"sub":"x')}.sig`, 'its payload is not JSON'],
    [`${base64url('{"alg":"HS256"}')}.abcde.sig`, 'its payload cannot be decoded'],
  ])('rejects %j: %s', (token, reason) => {
    let caught: unknown;
    try {
      decodeIdToken(token);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(TokenError);
    expect(caught).toMatchObject({
      code: 'bad_response',
      message: `The id_token is not a valid JWT: ${reason}`,
    });
  });

  it('never quotes the token in its error', () => {
    const secretish = 'do-not-leak-this-value';
    const payload = base64url(`{"sub":"${secretish}`);
    const token = `${base64url('{"alg":"HS256"}')}.${payload}.sig`;

    expect(() => decodeIdToken(token)).toThrow(TokenError);
    try {
      decodeIdToken(token);
    } catch (error) {
      const text = JSON.stringify({ error, message: (error as Error).message });
      expect(text).not.toContain(secretish);
      expect(text).not.toContain(payload);
    }
  });
});

describe('claimsOfToken', () => {
  it('shows the claims of a token whose header it does not read, as the token client accepts it', () => {
    const token = `${base64url('{"typ":"JWT"}')}.${base64url('{"sub":"x"}')}.sig`;
    expect(claimsOfToken({ idToken: token })).toEqual({ sub: 'x' });
  });

  it('decodes the id_token when asked, and gives undefined without a readable one', () => {
    expect(claimsOfToken({ idToken: E3_ID_TOKEN })?.sub).toBe(APP_ID);
    expect(claimsOfToken({})).toBeUndefined();
    expect(claimsOfToken({ idToken: 'not-a-token' })).toBeUndefined();
  });
});

describe('describeClaims', () => {
  it('describes the E3 application session', () => {
    const claims = decodeIdToken(E3_ID_TOKEN);

    expect(describeClaims(claims)).toEqual({
      subject: APP_ID,
      name: 'org.example.desktop',
      application: { id: APP_ID, name: 'org.example.desktop' },
      device: { id: 'a3c5e7f9-1b2d-4e6f-8a9b-0c1d2e3f4a5b', name: 'DESKTOP-NODE-01' },
      user: undefined,
      issuer: 'https://sdb.example.org/auth',
      audience: ['org.example.desktop'],
      sessionId: '2f6c1d8e-5a3b-11f1-9c2e-00155d0a1b2c',
      issuedAtMs: 1_790_000_000_000,
      notBeforeMs: 1_790_000_000_000,
      expiresAtMs: 1_790_003_600_000,
      scopes: [
        { value: '1.3.6.1.4.1.33349.3.1.5.9.2.1.0', name: 'Login as a Service' },
        { value: '1.3.6.1.4.1.33349.3.1.5.9.2.2.3', name: 'Read Clinical Data' },
        { value: '1.3.6.1.4.1.33349.3.1.5.9.2.4.0', name: 'Read Metadata' },
      ],
      roles: [],
      raw: claims,
    });
  });

  it('describes a user session, with roles and ua.-encoded scopes', () => {
    const view = describeClaims({
      sub: USER_ID,
      name: 'alice',
      role: ['USERS', 'CLINICAL_STAFF'],
      aud: 'org.example.desktop',
      scope: 'ua.1.0 ua.2.3 ua *',
      extensions: { santedb: { appid: APP_ID, appname: 'org.example.desktop', usrid: USER_ID } },
    });

    expect(view.user).toEqual({ id: USER_ID, name: 'alice' });
    expect(view.application).toEqual({ id: APP_ID, name: 'org.example.desktop' });
    expect(view.device).toBeUndefined();
    expect(view.roles).toEqual(['USERS', 'CLINICAL_STAFF']);
    expect(view.audience).toEqual(['org.example.desktop']);
    expect(view.scopes).toEqual([
      { value: '1.3.6.1.4.1.33349.3.1.5.9.2.1.0', name: 'Login as a Service' },
      { value: '1.3.6.1.4.1.33349.3.1.5.9.2.2.3', name: 'Read Clinical Data' },
      { value: '1.3.6.1.4.1.33349.3.1.5.9.2', name: 'Unrestricted All' },
      { value: '*' },
    ]);
  });

  it('tells a user session by sub differing from the application id', () => {
    const view = describeClaims({
      sub: USER_ID,
      name: 'bob',
      extensions: { santedb: { appid: APP_ID } },
    });

    expect(view.user).toEqual({ id: USER_ID, name: 'bob' });
  });

  it('reads a 2.x token that uses short names and claim-type URIs', () => {
    const view = describeClaims({
      'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name': 'alice',
      'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier': USER_ID,
      'http://schemas.microsoft.com/ws/2008/06/identity/claims/role': 'USERS',
      appid: APP_ID,
      'urn:santedb:org:claim:devid': 'dev-1',
      scope: '1.3.6.1.4.1.33349.3.1.5.9.2.1;1.3.6.1.4.1.33349.3.1.5.9.2.2.0',
      iss: 'JIMS-IMS-DEV',
      exp: '1790003600',
    });

    expect(view).toMatchObject({
      subject: USER_ID,
      name: 'alice',
      user: { id: USER_ID, name: 'alice' },
      application: { id: APP_ID },
      device: { id: 'dev-1' },
      roles: ['USERS'],
      issuer: 'JIMS-IMS-DEV',
      expiresAtMs: 1_790_003_600_000,
      scopes: [
        { value: '1.3.6.1.4.1.33349.3.1.5.9.2.1', name: 'Login' },
        { value: '1.3.6.1.4.1.33349.3.1.5.9.2.2.0', name: 'Query Clinical Data' },
      ],
    });
  });

  it('gives empty lists and no parties for a bare OAuth token', () => {
    const view = describeClaims(
      decodeIdToken(jwtOf({ iss: 'https://idp.example.org', sub: 'svc' })),
    );

    expect(view).toMatchObject({ subject: 'svc', audience: [], scopes: [], roles: [] });
    expect(view.application).toBeUndefined();
    expect(view.user).toBeUndefined();
  });
});
