// Shared set-up of the dev-server tests: a frozen, movable clock and id_token checks that use
// jose (an independent implementation) rather than the server's own signing code.
import { createHash } from 'node:crypto';

import { importJWK, jwtVerify } from 'jose';
import type { JSONWebKeySet, JWTPayload } from 'jose';

import { serverSigningKey } from '../../src/dev-server/accounts';

/** The iat of the E3 example, 2026-09-21T14:13:20Z. */
export const EXAMPLE_EPOCH_MS = 1_790_000_000_000;

export interface TestClock {
  now: () => number;
  advanceSeconds(seconds: number): void;
}

export function frozenClock(startMs = EXAMPLE_EPOCH_MS): TestClock {
  let current = startMs;
  return {
    now: () => current,
    advanceSeconds: (seconds) => {
      current += seconds * 1000;
    },
  };
}

export const exampleJwks: JSONWebKeySet = {
  keys: [
    {
      kty: 'oct',
      kid: serverSigningKey.kid,
      k: Buffer.from(serverSigningKey.secret).toString('base64url'),
    },
  ],
};

/**
 * Verifies an HS256 id_token with the JWKS key of its kid at the given time; throws when it does
 * not verify. (jose's createLocalJWKSet takes no `oct` keys, hence importJWK.)
 */
export async function verifyIdToken(
  idToken: string,
  atMs: number,
  jwks: JSONWebKeySet = exampleJwks,
): Promise<JWTPayload> {
  const jwk = jwks.keys.find((key) => key.kid === serverSigningKey.kid);
  if (!jwk) {
    throw new Error('no key with the server kid in the JWKS');
  }
  const key = await importJWK(jwk, 'HS256');
  const { payload, protectedHeader } = await jwtVerify(idToken, key, {
    algorithms: ['HS256'],
    currentDate: new Date(atMs),
  });
  if (protectedHeader.typ !== 'JWT' || protectedHeader.kid !== serverSigningKey.kid) {
    throw new Error(`unexpected JOSE header ${JSON.stringify(protectedHeader)}`);
  }
  return payload;
}

/** at_hash computed independently of the server. */
export function expectedAtHash(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
}

/** The shape of a 3.x access token: 22 + '.' + 43 base64url characters. */
export const V3_ACCESS_TOKEN = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;
