import { afterEach, describe, expect, it } from 'vitest';

import { createLogger, silentLogger } from '../../../src/main/core/logger';
import {
  MAX_REGISTERED_SECRETS,
  clearRegisteredSecrets,
  forgetSecret,
  redact,
  registerSecret,
  registeredSecretCount,
} from '../../../src/main/core/redact';

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

  it('masks a secret encoded twice, as a form body quoted in a redirect URL carries it', () => {
    const secret = 'CANARY-s3cr3t-4242%41';
    registerSecret(secret);
    const body = new URLSearchParams({ client_id: 'app', client_secret: secret }).toString();
    const location = `https://login.example.org/?next=${encodeURIComponent(body)}`;
    const quotedUri = `https://login.example.org/?s=${encodeURIComponent(encodeURIComponent(secret))}`;

    expect(redact(location)).toBe(
      'https://login.example.org/?next=client_id%3Dapp%26client_secret%3D[redacted]',
    );
    expect(redact(quotedUri)).toBe('https://login.example.org/?s=[redacted]');
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

  it('drops credentials from a URL but keeps the address and paths with @ in them', () => {
    expect(redact('proxy http://alice:pa55@proxy.example.org:3128 refused')).toBe(
      'proxy http://proxy.example.org:3128 refused',
    );
    expect(redact('see https://sdb.example.org/users/@me')).toBe(
      'see https://sdb.example.org/users/@me',
    );
  });

  it('leaves prose about headers and fields readable', () => {
    const lines = [
      'Client auth must be basic or post',
      'The token response has no access_token: the server is not a usable token endpoint',
      'The token response has a token_type that is not a bearer token ("mac")',
      'Basic authentication failed; password: see the profile',
    ];

    expect(lines.map(redact)).toEqual(lines);
  });

  it('leaves ordinary words alone', () => {
    expect(redact("profile 'prod': token renewed, expires in 59 min")).toBe(
      "profile 'prod': token renewed, expires in 59 min",
    );
  });
});

describe('the registry of secrets', () => {
  const tokenNumber = (index: number) => `token-${String(index).padStart(5, '0')}-value`;

  it('stays bounded after 10,000 registrations, keeping the most recent values', () => {
    for (let index = 0; index < 10_000; index += 1) {
      registerSecret(tokenNumber(index));
    }

    expect(registeredSecretCount()).toBe(MAX_REGISTERED_SECRETS);
    expect(redact(`sent ${tokenNumber(9_999)}`)).toBe('sent [redacted]');
    expect(redact(`sent ${tokenNumber(10_000 - MAX_REGISTERED_SECRETS)}`)).toBe('sent [redacted]');
    expect(redact(`sent ${tokenNumber(0)}`)).toBe(`sent ${tokenNumber(0)}`);
  });

  it('keeps a value registered again while newer ones arrive', () => {
    registerSecret('profile-client-secret');
    for (let index = 0; index < 10_000; index += 1) {
      registerSecret(tokenNumber(index));
      if (index % 100 === 0) {
        registerSecret('profile-client-secret');
      }
    }

    expect(redact('secret profile-client-secret')).toBe('secret [redacted]');
  });

  it('no longer masks a forgotten value, and still masks the others', () => {
    registerSecret('old-access-token');
    registerSecret('new-access-token');
    expect(redact('old-access-token new-access-token')).toBe('[redacted] [redacted]');

    forgetSecret('old-access-token');

    expect(redact('old-access-token new-access-token')).toBe('old-access-token [redacted]');
    expect(redact(Buffer.from('old-access-token').toString('base64'))).not.toContain('[redacted]');
    expect(registeredSecretCount()).toBe(1);
  });

  it('masks a value registered after a redaction (the cached order is rebuilt)', () => {
    registerSecret('first-secret');
    expect(redact('first-secret second-secret')).toBe('[redacted] second-secret');

    registerSecret('second-secret');

    expect(redact('first-secret second-secret')).toBe('[redacted] [redacted]');
  });
});

describe('silentLogger', () => {
  it('does no work for a line: its fields are never even serialised', () => {
    let serialised = 0;
    const fields = {
      toJSON: () => {
        serialised += 1;
        return {};
      },
    };

    silentLogger.debug('requesting a token', fields);
    silentLogger.error('renewal failed', fields);

    expect(serialised).toBe(0);
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
