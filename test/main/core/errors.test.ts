import { describe, expect, it } from 'vitest';

import { TokenError } from '../../../src/main/core/errors';

describe('TokenError', () => {
  it('keeps only the name and code of a low-level cause, never its message', () => {
    const low = Object.assign(new Error('connect to https://x?client_secret=SECRET failed'), {
      code: 'ECONNREFUSED',
    });

    const error = new TokenError('network', 'Could not connect to sdb.example.org:8443', {}, low);

    expect(error.cause).toEqual({ name: 'Error', code: 'ECONNREFUSED' });
    expect(JSON.stringify(error)).not.toContain('SECRET');
  });

  it('classifies transient failures as retryable and credential refusals as not', () => {
    expect(new TokenError('network', 'x').retryable).toBe(true);
    expect(new TokenError('rate_limited', 'x').retryable).toBe(true);
    expect(new TokenError('server_refused', 'x').retryable).toBe(false);
    expect(new TokenError('tls', 'x').retryable).toBe(false);
    expect(new TokenError('missing_secret', 'x').category).toBe('configuration');
  });
});
