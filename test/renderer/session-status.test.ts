// What each session status says to the user, and when the window must not believe "valid".
import { describe, expect, it } from 'vitest';

import { explainStatus } from '../../src/renderer/session-status';
import type { SessionView } from '../../src/shared/ipc-contract';
import { effectiveStatus } from '../../src/shared/session-status';

const now = Date.UTC(2026, 0, 1, 12, 0, 0);

function session(change: Partial<SessionView>): SessionView {
  return {
    profileId: 'p',
    profileName: 'prod',
    demo: false,
    tokenEndpoint: 'https://sdb.example.org/auth/oauth2_token',
    protocol: 'santedb3',
    status: 'valid',
    hasToken: true,
    expiresAtMs: now + 600_000,
    idToken: 'decoded',
    warnings: [],
    ...change,
  };
}

describe('effectiveStatus', () => {
  it('calls a valid token expired once its expiry has passed, before main says so', () => {
    expect(effectiveStatus(session({}), now)).toBe('valid');
    expect(effectiveStatus(session({}), now + 600_000)).toBe('expired');
    expect(effectiveStatus(session({ status: 'expiring' }), now + 700_000)).toBe('expired');
  });

  it('leaves renewing and error alone: main knows more about them', () => {
    expect(effectiveStatus(session({ status: 'renewing' }), now + 700_000)).toBe('renewing');
    expect(effectiveStatus(session({ status: 'error' }), now + 700_000)).toBe('error');
  });
});

describe('explainStatus', () => {
  it('says when a valid token renews, or that it will not', () => {
    const renewing = explainStatus(session({ renewAtMs: now + 300_000 }), now);
    expect(renewing.tone).toBe('good');
    expect(renewing.detail).toMatch(/renews automatically at .+ \(in 5 min 00 s\)\.$/);
    expect(explainStatus(session({}), now).detail).toContain('not renewed automatically');
  });

  it('gives an error its message, what still works, when it retries and what to do', () => {
    const failed = explainStatus(
      session({
        status: 'error',
        retryAtMs: now + 30_000,
        error: {
          code: 'network',
          message: 'The server could not be reached',
          hint: 'Check that the server is reachable from this computer',
          atMs: now,
        },
      }),
      now,
    );
    expect(failed.tone).toBe('bad');
    expect(failed.detail).toMatch(
      /^The server could not be reached\. The current token still works until .+\. Trying again in 30 s\.$/,
    );
    expect(failed.advice).toBe('Check that the server is reachable from this computer.');
  });

  it('asks for action when a token expires without automatic renewal', () => {
    const expiring = explainStatus(session({ status: 'expiring' }), now);
    expect(expiring.tone).toBe('warn');
    expect(expiring.advice).toContain('Renew now');
    const expired = explainStatus(session({ status: 'expired', hasToken: false }), now + 700_000);
    expect(expired.label).toBe('Expired');
    expect(expired.detail).toMatch(/^The token expired at .+: the server will refuse it\.$/);
  });
});
