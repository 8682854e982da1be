import { afterEach, describe, expect, it } from 'vitest';

import { clearRegisteredSecrets, redact, registerSecret } from '../../../src/main/core/redact';
import { createRecord, dropToken, storeToken } from '../../../src/main/core/session-record';
import type { TokenSet } from '../../../src/main/core/token-set';

afterEach(() => clearRegisteredSecrets());

function tokenSet(accessToken: string, refreshToken?: string): TokenSet {
  registerSecret(accessToken);
  registerSecret(refreshToken);
  return {
    accessToken,
    tokenType: 'bearer',
    ...(refreshToken === undefined ? {} : { refreshToken }),
    generation: 'santedb3',
    obtainedAtMs: 0,
    expiresAtMs: 3_600_000,
    expiresInSeconds: 3600,
    expiresInWasMilliseconds: false,
    warnings: [],
  };
}

describe('session record: the redaction registry follows the tokens held', () => {
  it('forgets a replaced token but keeps masking the new one', () => {
    const record = createRecord('prod');
    storeToken(record, tokenSet('first-access-token'), 'key');

    storeToken(record, tokenSet('second-access-token'), 'key');

    expect(redact('first-access-token second-access-token')).toBe('first-access-token [redacted]');
  });

  it('keeps a refresh token that the new token carries on', () => {
    const record = createRecord('prod');
    storeToken(record, tokenSet('first-access-token', 'kept-refresh-token'), 'key');

    storeToken(record, tokenSet('second-access-token', 'kept-refresh-token'), 'key');

    expect(redact('kept-refresh-token')).toBe('[redacted]');
  });

  it('forgets a dropped token', () => {
    const record = createRecord('prod');
    storeToken(record, tokenSet('dropped-access-token', 'dropped-refresh-token'), 'key');

    dropToken(record);

    expect(redact('dropped-access-token dropped-refresh-token')).toBe(
      'dropped-access-token dropped-refresh-token',
    );
  });
});
