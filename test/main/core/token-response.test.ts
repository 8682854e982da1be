import { afterEach, describe, expect, it } from 'vitest';

import { claimsOfToken } from '../../../src/main/core/claims';
import { TokenError } from '../../../src/main/core/errors';
import { clearRegisteredSecrets, redact, registerSecret } from '../../../src/main/core/redact';
import { parseTokenResponse } from '../../../src/main/core/token-response';
import type { ResponseContext } from '../../../src/main/core/token-response';
import type { HttpResponse } from '../../../src/main/core/transport';

const T = Date.UTC(2026, 8, 1, 9, 0, 0);
const T_SECONDS = T / 1000;
const ACCESS = 'jh1sLzta8RGcLgAVXQobLA.aKlAkGMgI0vmQkzili6Z2zb60MowuyRjAdaCZ8uM4e0';
const NONCE = 'q8Zt3J0mM1fJd3wq6b5mXGxQ4vS2m0bXk1lY7cZp9aE';
const URL = 'https://sdb.example.org:8443/auth/oauth2_token';

function jwt(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', kid: 'default', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;
}

const idToken = (extra: Record<string, unknown> = {}) =>
  jwt({
    aud: ['org.example.desktop'],
    iss: 'https://sdb.example.org/auth',
    iat: T_SECONDS,
    nbf: T_SECONDS,
    exp: T_SECONDS + 3600,
    nonce: NONCE,
    sub: '6b7f2a10-4c1e-4d55-9a61-2f0e8c3d9b01',
    ...extra,
  });

function json(body: unknown, status = 200, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', date: new Date(T).toUTCString(), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

const success = (extra: Record<string, unknown> = {}) =>
  json({
    access_token: ACCESS,
    id_token: idToken(),
    token_type: 'bearer',
    expires_in: 3599,
    nonce: NONCE,
    ...extra,
  });

const context = (extra: Partial<ResponseContext> = {}): ResponseContext => ({
  generation: 'santedb3',
  probing: false,
  grant: 'client_credentials',
  sentAtMs: T,
  receivedAtMs: T,
  nonce: NONCE,
  url: URL,
  profileId: 'prod',
  ...extra,
});

function failure(response: HttpResponse, ctx: ResponseContext = context()): TokenError {
  try {
    parseTokenResponse(response, ctx);
  } catch (error) {
    if (error instanceof TokenError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the response to be rejected');
}

afterEach(() => clearRegisteredSecrets());

describe('a good SanteDB 3.x answer', () => {
  it('becomes a TokenSet measured from when the request was sent', () => {
    const tokens = parseTokenResponse(success(), context({ receivedAtMs: T + 400 }));

    expect(tokens).toMatchObject({
      accessToken: ACCESS,
      tokenType: 'bearer',
      generation: 'santedb3',
      obtainedAtMs: T,
      expiresAtMs: T + 3_599_000,
      expiresInSeconds: 3599,
      expiresInWasMilliseconds: false,
      clockSkewMs: 0,
      warnings: [],
    });
    expect(tokens.refreshToken).toBeUndefined();
    expect(claimsOfToken(tokens)?.sub).toBe('6b7f2a10-4c1e-4d55-9a61-2f0e8c3d9b01');
  });

  it('registers the tokens for redaction as soon as they are read', () => {
    const tokens = parseTokenResponse(
      success({ refresh_token: 'AQIDBAUG.hnTrttpKeCTQ' }),
      context(),
    );
    const line = `got ${tokens.accessToken} and ${tokens.refreshToken}`;
    expect(redact(line)).toBe('got [redacted] and [redacted]');
  });

  it('accepts "3600" as a numeric string, and the JWT token type SanteDB may send', () => {
    const tokens = parseTokenResponse(
      success({ expires_in: '3600', token_type: 'urn:ietf:params:oauth:token-type:jwt' }),
      context(),
    );
    expect(tokens.expiresInSeconds).toBe(3600);
    expect(tokens.tokenType).toBe('urn:ietf:params:oauth:token-type:jwt');
  });

  it('accepts token_type in any case', () => {
    expect(parseTokenResponse(success({ token_type: 'Bearer' }), context()).tokenType).toBe(
      'Bearer',
    );
  });

  it('never lets expiry pass the id_token exp', () => {
    const tokens = parseTokenResponse(
      success({ id_token: idToken({ exp: T_SECONDS + 600 }), expires_in: 3600 }),
      context(),
    );
    expect(tokens.expiresAtMs).toBe(T + 600_000);
  });

  it('takes the expiry from the id_token, with a warning, when expires_in is missing', () => {
    const tokens = parseTokenResponse(success({ expires_in: undefined }), context());
    expect(tokens.expiresAtMs).toBe(T + 3_600_000);
    expect(tokens.expiresInSeconds).toBe(3600);
    expect(tokens.warnings).toEqual([
      "The server sent no expires_in: the expiry is taken from the id_token's exp",
    ]);
  });
});

describe('clock skew', () => {
  it('is measured from the Date header and translated into our clock, with a warning', () => {
    const serverAhead = 2 * 60 * 60 * 1000;
    const response = success({
      id_token: idToken({ iat: T_SECONDS + 7200, exp: T_SECONDS + 7200 + 3600 }),
    });
    response.headers.date = new Date(T + serverAhead).toUTCString();

    const tokens = parseTokenResponse(response, context());

    expect(tokens.clockSkewMs).toBe(serverAhead);
    expect(tokens.expiresAtMs).toBe(T + 3_599_000);
    expect(tokens.warnings).toEqual([
      "The server clock is 7200 s ahead of this computer's: expiry is measured in this computer's clock",
    ]);
  });

  it('falls back to the id_token iat when there is no Date header', () => {
    const response = success({
      id_token: idToken({ iat: T_SECONDS - 120, exp: T_SECONDS + 3480 }),
    });
    delete response.headers.date;

    const tokens = parseTokenResponse(response, context());

    expect(tokens.clockSkewMs).toBe(-119_000);
    expect(tokens.warnings).toHaveLength(1);
  });

  it('is zero within the request window and the one-second resolution', () => {
    const response = success();
    response.headers.date = new Date(T - 800).toUTCString();
    expect(parseTokenResponse(response, context({ receivedAtMs: T + 2000 })).clockSkewMs).toBe(0);
  });

  it('rejects a token that expires on arrival (the guard against a renewal loop)', () => {
    const response = success({
      id_token: idToken({ iat: T_SECONDS - 3600, exp: T_SECONDS + 3 }),
      expires_in: 3,
    });
    const error = failure(response, context());
    expect(error.code).toBe('bad_response');
    expect(error.context).toMatchObject({ field: 'expires_in', detail: 'expires_too_soon' });
  });
});

describe('milliseconds (SanteDB 2.x)', () => {
  it('are detected against the id_token lifetime, and reveal 2.x to the auto probe', () => {
    const tokens = parseTokenResponse(
      success({ expires_in: 1_799_984, id_token: idToken({ exp: T_SECONDS + 1800 }) }),
      context({ probing: true }),
    );
    expect(tokens.expiresInWasMilliseconds).toBe(true);
    expect(tokens.expiresInSeconds).toBeCloseTo(1799.984, 3);
    expect(tokens.expiresAtMs).toBe(T + 1_799_984);
    expect(tokens.generation).toBe('santedb2');
  });

  it('are detected without an id_token only past 7 days as seconds and within 1 day as ms', () => {
    const ctx = context({ generation: 'santedb2', nonce: undefined });
    const noId = (expiresIn: number) =>
      parseTokenResponse(
        json({ access_token: '8E1D6C2F3B5A', token_type: 'bearer', expires_in: expiresIn }),
        ctx,
      );

    expect(noId(1_799_984).expiresInWasMilliseconds).toBe(true);
    expect(noId(3600).expiresInWasMilliseconds).toBe(false);
    expect(noId(3600).generation).toBe('santedb2');
  });

  it('are never assumed for a generic OAuth 2.0 server', () => {
    const tokens = parseTokenResponse(
      json({ access_token: 'abc', token_type: 'Bearer', expires_in: 1_799_984 }),
      context({ generation: 'oauth2', nonce: undefined }),
    );
    expect(tokens.expiresInWasMilliseconds).toBe(false);
    expect(tokens.expiresInSeconds).toBe(1_799_984);
  });

  it('warn when an explicit 3.x profile talks to a 2.x-looking server', () => {
    const tokens = parseTokenResponse(
      success({ expires_in: 3_599_000 }),
      context({ generation: 'santedb3', probing: false }),
    );
    expect(tokens.generation).toBe('santedb3');
    expect(tokens.warnings[0]).toContain('set the profile protocol to SanteDB 2.x or auto');
  });
});

describe('the check order, one distinct error per failure', () => {
  const cases: Array<[string, HttpResponse, string, Record<string, unknown>]> = [
    [
      'a redirect',
      { status: 302, headers: { location: 'https://portal.example.org/login' }, body: '' },
      'redirect',
      { location: 'https://portal.example.org/login', status: 302 },
    ],
    [
      '429 with Retry-After seconds',
      json({ error: 'slow_down' }, 429, { 'retry-after': '30' }),
      'rate_limited',
      { retryAfterMs: 30_000 },
    ],
    [
      '429 with an HTTP-date Retry-After',
      json('', 429, { 'retry-after': new Date(T + 90_000).toUTCString() }),
      'rate_limited',
      { retryAfterMs: 90_000 },
    ],
    ['503 without a body', { status: 503, headers: {}, body: '' }, 'server_error', { status: 503 }],
    [
      '500 with an OAuth error',
      json({ error: 'unspecified_error', error_description: 'Invalid request format' }, 500),
      'server_refused',
      { status: 500, oauthError: 'unspecified_error' },
    ],
    [
      'an HTML page at 200',
      { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<html>' },
      'bad_response',
      { detail: 'html_page', contentType: 'text/html' },
    ],
    [
      'text/plain',
      { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' },
      'bad_response',
      { detail: 'not_json', contentType: 'text/plain' },
    ],
    ['broken JSON', json('{"access_token":'), 'bad_response', { detail: 'invalid_json' }],
    ['a JSON array', json('[]'), 'bad_response', { detail: 'invalid_json' }],
    [
      'an error member on 200',
      json({ error: 'invalid_request', error_description: 'No Such Session' }),
      'server_refused',
      { status: 200, oauthError: 'invalid_request' },
    ],
    [
      'JSON without access_token',
      json({ token_type: 'bearer', expires_in: 3600 }),
      'bad_response',
      { field: 'access_token', detail: 'missing' },
    ],
    [
      'an empty access_token',
      success({ access_token: '' }),
      'bad_response',
      { field: 'access_token', detail: 'empty' },
    ],
    [
      'an access_token with a space',
      success({ access_token: 'abc def' }),
      'bad_response',
      { field: 'access_token', detail: 'invalid_characters' },
    ],
    [
      'a MAC token type',
      success({ token_type: 'mac' }),
      'bad_response',
      { field: 'token_type', detail: 'unsupported' },
    ],
    [
      'no token type',
      success({ token_type: undefined }),
      'bad_response',
      { field: 'token_type', detail: 'missing' },
    ],
    [
      'expires_in 0',
      success({ expires_in: 0 }),
      'bad_response',
      { field: 'expires_in', detail: 'not_positive' },
    ],
    [
      'a negative expires_in',
      success({ expires_in: -60 }),
      'bad_response',
      { field: 'expires_in', detail: 'not_positive' },
    ],
    [
      'expires_in "soon"',
      success({ expires_in: 'soon' }),
      'bad_response',
      { field: 'expires_in', detail: 'not_a_number' },
    ],
    [
      'expires_in 1e12',
      success({ expires_in: 1e12 }),
      'bad_response',
      { field: 'expires_in', detail: 'too_long' },
    ],
    [
      'expires_in missing and no id_token',
      success({ expires_in: undefined, id_token: undefined }),
      'bad_response',
      { field: 'expires_in', detail: 'missing' },
    ],
    [
      'a malformed id_token',
      success({ id_token: 'not-a-jwt' }),
      'bad_response',
      { field: 'id_token', detail: 'malformed' },
    ],
    [
      'a different nonce',
      success({ nonce: 'someone-else' }),
      'bad_response',
      { field: 'nonce', detail: 'mismatch' },
    ],
    [
      'a different nonce inside the id_token',
      success({ nonce: undefined, id_token: idToken({ nonce: 'other' }) }),
      'bad_response',
      { field: 'nonce', detail: 'mismatch' },
    ],
  ];

  it.each(cases)('%s', (_name, response, code, expected) => {
    const error = failure(response);
    expect(error.code).toBe(code);
    expect(error.context).toMatchObject({ url: URL, profileId: 'prod', ...expected });
  });

  it('says what is wrong with a malformed id_token without quoting it', () => {
    const payload = Buffer.from('{"sub":"leak-me"').toString('base64url');
    const error = failure(success({ id_token: `eyJhbGciOiJIUzI1NiJ9.${payload}.sig` }));
    expect(error.message).toBe(
      'The token response has an id_token that is not a valid JWT (its payload is not JSON): the server is not a usable token endpoint, or it is misconfigured',
    );
    expect(error.message).not.toContain(payload);
  });

  it('rejects an id_token whose header is not base64url, though its payload decodes', () => {
    const payload = Buffer.from('{"sub":"x"}').toString('base64url');
    const error = failure(success({ id_token: `eyJ+hbGci.${payload}.sig` }));
    expect(error.context).toMatchObject({ field: 'id_token', detail: 'malformed' });
    expect(error.message).toContain('(its header or payload is not base64url text)');
  });

  it('names an odd content type as sent, so a secret echoed in it is still masked', () => {
    registerSecret('Echoed-S3cret');
    const error = failure({
      status: 200,
      headers: { 'content-type': 'text/Echoed-S3cret' },
      body: '{}',
    });
    expect(error.context).toMatchObject({ field: 'content-type', detail: 'not_json' });
    expect(redact(error.message)).not.toMatch(/echoed-s3cret/i);
  });

  it.each([
    ['token_type', (secret: string) => ({ token_type: secret })],
    ['expires_in', (secret: string) => ({ expires_in: secret })],
  ])('masks a secret the server echoes as %s before cutting it to length', (_field, body) => {
    const secret = 'Echoed-secret-that-is-longer-than-forty-characters';
    registerSecret(secret);
    const error = failure(success(body(secret)));
    expect(redact(error.message)).not.toContain(secret.slice(0, 20));
  });

  it('checks the status before the content type', () => {
    const page = { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>' };
    expect(failure(page).code).toBe('server_error');
  });

  it('checks access_token before token_type and expires_in', () => {
    const error = failure(json({ token_type: 'mac', expires_in: 0 }));
    expect(error.context.field).toBe('access_token');
  });

  it('names an HTML error page as such', () => {
    const page = { status: 403, headers: { 'content-type': 'text/html' }, body: '<html>' };
    const error = failure(page);
    expect(error.code).toBe('server_refused');
    expect(error.message).toContain('an HTML page, probably from a proxy or login portal');
  });

  it('says what to do for a SanteDB refusal, keeping the server text in context', () => {
    const error = failure(
      json(
        {
          error: 'unauthorized_client',
          error_description:
            'client_credentials grant type requires device authentication either using X509 or X-Device-Authorization',
        },
        400,
      ),
    );
    expect(error.code).toBe('server_refused');
    expect(error.message).toContain(
      'This server requires node authentication: add the device credentials or a client certificate',
    );
    expect(error.context.oauthErrorDescription).toContain('requires device authentication');
  });

  it('never puts a token in an error message or context', () => {
    const error = failure(success({ token_type: 'mac' }));
    expect(JSON.stringify(error.toJSON())).not.toContain(ACCESS);
  });
});
