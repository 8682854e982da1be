import { describe, expect, it } from 'vitest';

import { errorHint, withHint } from '../../../src/main/app/error-hints';
import type { TokenErrorContext } from '../../../src/main/core/errors';
import { refusalError } from '../../../src/main/core/oauth-errors';
import type { Generation } from '../../../src/main/core/profile';

/** The message the engine itself writes for a refusal by this generation. */
function engineMessage(generation: Generation, context: TokenErrorContext): string {
  return refusalError(context, {
    generation,
    grant: 'client_credentials',
    url: 'https://sdb.example.org:8443/auth/oauth2_token',
    receivedAtMs: 0,
  }).message;
}

describe('refusal hints', () => {
  const unauthorized = { status: 400, oauthError: 'unauthorized_client' };

  it('gives the 3.x meaning, pointing at Manage profiles, without a final period', () => {
    expect(errorHint('server_refused', unauthorized, 'The server refused the token request')).toBe(
      'This server requires node authentication: add the device credentials or a client certificate in Manage profiles',
    );
  });

  it('does not contradict a 2.x refusal whose message already says what it means', () => {
    const message = engineMessage('santedb2', unauthorized);

    expect(message).toContain('The application credentials were rejected');
    expect(errorHint('server_refused', unauthorized, message)).toBeUndefined();
    expect(withHint(message, 'server_refused', unauthorized)).toBe(message);
  });

  it('does not repeat the hint of a 3.x refusal either', () => {
    const message = engineMessage('santedb3', unauthorized);

    expect(errorHint('server_refused', unauthorized, message)).toBeUndefined();
  });

  it('knows the errors the engine knows, such as mfa_required', () => {
    expect(errorHint('server_refused', { status: 400, oauthError: 'mfa_required' })).toBe(
      'This account requires multi-factor authentication, which an unattended token request cannot answer: use an application or device account without MFA',
    );
  });

  it('falls back on the status when the error means nothing more', () => {
    expect(errorHint('server_refused', { status: 423, oauthError: 'unspecified_error' })).toBe(
      'The account is locked: wait until it unlocks, or ask the administrator to unlock it',
    );
    expect(errorHint('server_refused', { status: 401, oauthError: 'unspecified_error' })).toBe(
      'The server did not accept the application or device credentials: check the client id, client secret and device secret',
    );
  });

  it('takes nothing from Object.prototype for an error the server made up', () => {
    expect(errorHint('server_refused', { status: 400, oauthError: 'constructor' })).toBeUndefined();
  });
});

describe('errorHint for answers that are not usable tokens', () => {
  it('points at the address only when the answer was not a token response at all', () => {
    expect(errorHint('bad_response', { field: 'content-type', detail: 'html_page' })).toContain(
      'does not answer like a token endpoint',
    );
    expect(errorHint('bad_response', { field: 'expires_in', detail: 'expires_too_soon' })).toBe(
      undefined,
    );
  });
});
