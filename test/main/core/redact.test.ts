import { afterEach, describe, expect, it } from 'vitest';

import { createLogger } from '../../../src/main/core/logger';
import { clearRegisteredSecrets, redact, registerSecret } from '../../../src/main/core/redact';

afterEach(() => clearRegisteredSecrets());

describe('redact', () => {
  it('masks a registered secret and its base64, URL- and form-encoded forms', () => {
    const secret = 'p@ss word+:%ü';
    registerSecret(secret);
    const base64 = Buffer.from(secret).toString('base64');

    const line = `a ${secret} b ${base64} c ${encodeURIComponent(secret)} d ${new URLSearchParams({ s: secret }).toString()}`;

    expect(redact(line)).not.toContain(secret);
    expect(redact(line)).not.toContain(base64);
    expect(redact(line)).not.toContain(encodeURIComponent(secret));
    expect(redact(line)).toContain('[redacted]');
  });

  it('masks authorization headers, JWTs and secret form fields it was never told about', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const line = `Authorization: Bearer abc.DEF-123 X-Device-Authorization: BASIC Zm9vOmJhcg== id ${jwt} body client_secret=hunter2&scope=*`;

    const masked = redact(line);

    expect(masked).toBe(
      'Authorization: Bearer [redacted] X-Device-Authorization: BASIC [redacted] id [redacted] body client_secret=[redacted]&scope=*',
    );
  });

  it('masks secret-looking JSON members', () => {
    expect(redact('{"access_token":"tok123","expires_in":3599}')).toBe(
      '{"access_token":"[redacted]","expires_in":3599}',
    );
  });

  it('leaves ordinary words alone', () => {
    expect(redact("profile 'prod': token renewed, expires in 59 min")).toBe(
      "profile 'prod': token renewed, expires in 59 min",
    );
  });
});

describe('createLogger', () => {
  it('sends only redacted lines to the sink, with the scope and fields', () => {
    registerSecret('S3CR3T-VALUE');
    const lines: string[] = [];
    const logger = createLogger((level, line) => lines.push(`${level} ${line}`), 'session');

    logger.warn('renewal failed with S3CR3T-VALUE', { status: 401 });

    expect(lines).toEqual(['warn [session] renewal failed with [redacted] {"status":401}']);
  });
});
