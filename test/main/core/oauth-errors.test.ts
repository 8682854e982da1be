import { afterEach, describe, expect, it } from 'vitest';

import { TokenError } from '../../../src/main/core/errors';
import {
  checkResponseStatus,
  cleanServerText,
  parseRetryAfter,
  readOAuthError,
  refusalHint,
  specificRefusalHint,
} from '../../../src/main/core/oauth-errors';
import type { StatusCheckContext } from '../../../src/main/core/oauth-errors';
import type { Generation } from '../../../src/main/core/profile';
import { clearRegisteredSecrets, registerSecret } from '../../../src/main/core/redact';
import type { HttpResponse } from '../../../src/main/core/transport';

const T = Date.UTC(2026, 8, 1, 9, 0, 0);

const facts = (status: number, oauthError?: string, generation: Generation = 'santedb3') => ({
  status,
  oauthError,
  generation,
  grant: 'client_credentials' as const,
});

afterEach(() => clearRegisteredSecrets());

describe('refusal hints for SanteDB 3.x', () => {
  it('400 unauthorized_client: the server requires node authentication', () => {
    expect(refusalHint(facts(400, 'unauthorized_client'))).toBe(
      'This server requires node authentication: add the device credentials or a client certificate to the profile.',
    );
  });

  it('400 unauthorized_client to an auto probe: a wrong client secret (2.x) comes first', () => {
    const hint = refusalHint({ ...facts(400, 'unauthorized_client'), probing: true });

    expect(hint).toMatch(
      /^Either the client id or client secret is wrong \(a SanteDB 2\.x server answers so\), or this SanteDB 3\.x server requires node authentication/,
    );
    expect(hint).toContain('check the client id and client secret, or add the device credentials');
    expect(hint).toContain('may lock the account');
  });

  it('400 invalid_client names the 2.x server that may have answered a 3.x request', () => {
    expect(refusalHint(facts(400, 'invalid_client'))).toContain(
      'A SanteDB 2.x server answers a 3.x request this way too, so if this is one, set the profile protocol to SanteDB 2.x or auto.',
    );
  });

  it('401 unspecified_error: credentials rejected, and the server may lock the account', () => {
    const hint = refusalHint(facts(401, 'unspecified_error'));
    expect(hint).toContain(
      'check the client id and client secret, and the device id and device secret',
    );
    expect(hint).toContain('audits failed logins and may lock the account');
  });

  it('403: a policy denies the application, device or scope', () => {
    expect(refusalHint(facts(403, 'unspecified_error'))).toContain(
      'A server policy denies this application, device or scope',
    );
  });

  it('400 invalid_client: neither a secret nor a device was received', () => {
    expect(refusalHint(facts(400, 'invalid_client'))).toContain(
      'neither a client secret nor device credentials',
    );
  });

  it('400 invalid_client after a device went as Basic: the device was not read, as by 2.x', () => {
    const hint = refusalHint({ ...facts(400, 'invalid_client'), deviceBasicSent: true });

    expect(hint).toBe(
      'The server did not read the device credentials, which went as SanteDB 3.x sends them (Authorization: Basic): a SanteDB 2.x server reads them only from X-Device-Authorization, so if this is one, choose SanteDB 2.x or auto.',
    );
  });

  it("400 unauthorized_client on auto's 2.x retry: the probe showed 2.x, so the secret is wrong", () => {
    const retry = { ...facts(400, 'unauthorized_client', 'santedb2'), fellBack: true };
    const explicit = facts(400, 'unauthorized_client', 'santedb2');

    expect(refusalHint(retry)).toMatch(
      /^The application credentials were rejected: check the client id and client secret\. /,
    );
    expect(refusalHint(retry)).not.toContain('3.x');
    expect(refusalHint(explicit)).toContain('For a 3.x server, set the protocol to SanteDB 3.x');
  });

  it('mfa_required, and an invalid refresh token', () => {
    expect(refusalHint(facts(400, 'mfa_required'))).toContain('multi-factor authentication');
    expect(refusalHint({ ...facts(400, 'invalid_grant'), grant: 'refresh_token' })).toContain(
      'The refresh token is no longer valid',
    );
    expect(refusalHint(facts(400, 'invalid_grant'))).toContain('requires node authentication');
  });

  it('names scopes for a server failure and a locked account for a 401', () => {
    expect(refusalHint(facts(500, 'unspecified_error'))).toContain('policy OID the server knows');
    expect(refusalHint(facts(401, 'unspecified_error'))).toContain('or the account is locked');
  });
});

describe('refusal hints for SanteDB 2.x and OAuth 2.0', () => {
  it('2.x "Missing client credentials" asks for the client secret', () => {
    expect(refusalHint(facts(400, 'invalid_client', 'santedb2'))).toContain(
      'SanteDB 2.x needs the client secret',
    );
  });

  it('2.x unauthorized_client is rejected application credentials, not node auth', () => {
    const hint = refusalHint({ ...facts(400, 'unauthorized_client'), generation: 'santedb2' });
    expect(hint).toContain('application credentials were rejected');
  });

  it('2.x-shaped unauthorized_client may come from a 3.x server that requires node auth', () => {
    // A 3.x server ignores X-Device-Authorization and answers so when it needs a device (E5).
    const hint = refusalHint(facts(400, 'unauthorized_client', 'santedb2'));

    expect(hint).toContain(
      "or this is a SanteDB 3.x server, which requires node authentication and does not read the 2.x device header (the server's own words say which): check the client id and client secret.",
    );
    expect(hint).toContain(
      'For a 3.x server, set the protocol to SanteDB 3.x or auto, and add the device credentials or a client certificate.',
    );
    expect(hint).not.toMatch(/rejected: /);
  });

  it('OAuth 2.0 invalid_client mentions basic versus post', () => {
    const hint = refusalHint({ ...facts(401, 'invalid_client'), generation: 'oauth2' });
    expect(hint).toContain('(basic) or in the form (post)');
  });

  it('falls back on the status alone', () => {
    expect(refusalHint({ ...facts(404), generation: 'oauth2' })).toContain(
      'check the token endpoint URL',
    );
    expect(refusalHint(facts(407))).toContain('The proxy requires authentication');
    expect(refusalHint(facts(418, 'teapot'))).toBe(
      "The server refused the request: check the profile's credentials and settings.",
    );
  });

  it('never takes a hint from Object.prototype for an error the server made up', () => {
    for (const generation of ['santedb3', 'santedb2', 'oauth2'] as const) {
      expect(specificRefusalHint(facts(400, 'constructor', generation))).toBeUndefined();
      expect(refusalHint(facts(418, 'toString', generation))).toMatch(/^The server refused/);
    }
  });
});

describe('specificRefusalHint', () => {
  it('gives the generation-specific hint, and nothing where only the status is known', () => {
    expect(specificRefusalHint(facts(400, 'unauthorized_client'))).toBe(
      'This server requires node authentication: add the device credentials or a client certificate to the profile.',
    );
    expect(specificRefusalHint(facts(400, 'unauthorized_client', 'santedb2'))).toMatch(
      /^The application credentials were rejected \(a SanteDB 2\.x server answers so\), or /,
    );
    expect(specificRefusalHint(facts(423))).toMatch(/^The account is locked/);
    expect(specificRefusalHint(facts(401, 'unspecified_error'))).toBeUndefined();
    expect(specificRefusalHint(facts(404, undefined, 'oauth2'))).toBeUndefined();
  });
});

describe('checkResponseStatus', () => {
  const ctx: StatusCheckContext = {
    generation: 'santedb3',
    grant: 'client_credentials',
    url: 'https://sdb.example.org/auth/oauth2_token',
    profileId: 'prod',
    receivedAtMs: T,
  };
  const check = (response: HttpResponse): TokenError | undefined => {
    try {
      checkResponseStatus(response, ctx);
      return undefined;
    } catch (error) {
      if (error instanceof TokenError) {
        return error;
      }
      throw error;
    }
  };
  const jsonError = (status: number, error: string, description: string): HttpResponse => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error, error_description: description }),
  });

  it('keys on status and error, never on the description text', () => {
    const english = check(jsonError(401, 'unspecified_error', 'Invalid device account or secret'));
    const key = check(
      jsonError(401, 'unspecified_error', 'error.security.application.auth.invalid'),
    );

    expect(english?.code).toBe('server_refused');
    expect(english?.message.replace(/ The server said.*$/, '')).toBe(
      key?.message.replace(/ The server said.*$/, ''),
    );
    expect(key?.context).toEqual({
      url: ctx.url,
      profileId: 'prod',
      status: 401,
      oauthError: 'unspecified_error',
      oauthErrorDescription: 'error.security.application.auth.invalid',
    });
  });

  it('quotes the server text in the message, after the hint', () => {
    const error = check(
      jsonError(
        403,
        'unspecified_error',
        "Policy '1.3.6.1.4.1.33349.3.1.5.9.2.1.0.0.1' was violated",
      ),
    );
    expect(error?.message).toBe(
      'Token request refused (HTTP 403, unspecified_error). A server policy denies this application, device or scope: ask the administrator to grant the client_credentials login policy, or request a narrower scope. The server said: "Policy \'1.3.6.1.4.1.33349.3.1.5.9.2.1.0.0.1\' was violated".',
    );
  });

  it('treats a 503 as a server failure even with an OAuth body', () => {
    const error = check(jsonError(503, 'unspecified_error', 'DomainStateException'));
    expect(error?.code).toBe('server_error');
    expect(error?.retryable).toBe(true);
  });

  it('reports a 4xx without JSON as a refusal with its status', () => {
    const error = check({ status: 404, headers: {}, body: 'Not Found' });
    expect(error?.code).toBe('server_refused');
    expect(error?.context.status).toBe(404);
    expect(error?.context.oauthError).toBeUndefined();
  });

  it('returns for 2xx', () => {
    expect(check({ status: 200, headers: {}, body: '' })).toBeUndefined();
  });
});

describe('helpers', () => {
  it('parses Retry-After against the server Date', () => {
    const headers = {
      'retry-after': new Date(T + 120_000).toUTCString(),
      date: new Date(T + 60_000).toUTCString(),
    };
    expect(parseRetryAfter(headers, T)).toBe(60_000);
    expect(parseRetryAfter({ 'retry-after': '7' }, T)).toBe(7000);
    expect(parseRetryAfter({ 'retry-after': 'soon' }, T)).toBeUndefined();
    expect(parseRetryAfter({}, T)).toBeUndefined();
  });

  it('cleans server text: printable, capped, registered secrets masked', () => {
    registerSecret('app-Secr3t-EXAMPLE-only');
    expect(cleanServerText('bad\u0000secret app-Secr3t-EXAMPLE-only\n', 200)).toBe(
      'bad secret [redacted]',
    );
    expect(cleanServerText('x'.repeat(500), 300)).toHaveLength(300);
  });

  it('masks a secret the server echoed across the length cap', () => {
    registerSecret('app-Secr3t-EXAMPLE-only');
    const text = `${'x'.repeat(290)} app-Secr3t-EXAMPLE-only`;

    expect(cleanServerText(text, 300)).not.toContain('app-Secr3t');
  });

  it('reads an OAuth error only from a JSON object with a string error', () => {
    const response = (body: string): HttpResponse => ({ status: 400, headers: {}, body });
    expect(readOAuthError(response('{"error":"invalid_grant"}'))).toEqual({
      error: 'invalid_grant',
    });
    expect(readOAuthError(response('{"error":42}'))).toBeUndefined();
    expect(readOAuthError(response('<html>'))).toBeUndefined();
  });
});
