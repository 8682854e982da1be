// The success path of an acquisition must not run the redaction pass: after each new token is
// registered, a pass rebuilds and sorts the mask list of every remembered value, which once made
// every acquisition ~40 % slower than the request itself (npm run bench). Redaction is for text
// that is shown: errors, warnings and logs.
import { describe, expect, it, vi } from 'vitest';

import type { Clock } from '../../../src/main/core/clock';
import { parseProfile } from '../../../src/main/core/profile';
import type * as RedactModule from '../../../src/main/core/redact';
import { createTokenClient } from '../../../src/main/core/token-client';
import type { HttpRequest, HttpResponse } from '../../../src/main/core/transport';

const passes = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../src/main/core/redact', async (importOriginal) => {
  const original = await importOriginal<typeof RedactModule>();
  return {
    ...original,
    redact: (text: string) => {
      passes.count += 1;
      return original.redact(text);
    },
  };
});

const T = Date.UTC(2026, 8, 1, 9, 0, 0);
const clock: Clock = { now: () => T, setTimeout: () => ({ cancel: () => undefined }) };
const credentials = { clientSecret: 'app-Secr3t-EXAMPLE', tls: {} };

function jwt(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;
}

function answer(request: HttpRequest, expiresIn: unknown): HttpResponse {
  const nonce = new URLSearchParams(request.body).get('nonce');
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', date: new Date(T).toUTCString() },
    body: JSON.stringify({
      access_token: `tok-${Math.random().toString(36).slice(2)}-0123456789`,
      token_type: 'bearer',
      expires_in: expiresIn,
      nonce,
      id_token: jwt({ iat: T / 1000, exp: T / 1000 + 3600, nonce, sub: 'app' }),
    }),
  };
}

describe('token client success path', () => {
  it.each([
    ['a number', 3600],
    ['a numeric string', '3600'],
    ['milliseconds (2.x)', 3_600_000],
  ])('runs no redaction pass when expires_in is %s', async (_, expiresIn) => {
    const parsed = parseProfile({
      id: 'cost',
      name: 'Cost',
      protocol: 'santedb3',
      serverRoot: 'https://sdb.example.org:8443',
      clientId: 'org.example.desktop',
    });
    if (!parsed.ok) {
      throw new Error('profile rejected');
    }
    const client = createTokenClient({
      transport: async (request) => answer(request, expiresIn),
      clock,
    });
    passes.count = 0;
    const first = await client.acquire(parsed.profile, credentials);
    const second = await client.acquire(parsed.profile, credentials);

    expect(second.accessToken).not.toBe(first.accessToken);
    expect(first.expiresAtMs).toBe(T + 3600 * 1000);
    expect(passes.count).toBe(0);
  });
});
