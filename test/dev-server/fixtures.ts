// Shared set-up of the dev-server tests: a frozen, movable clock, one dev server per file, the
// example application's secret form and id_token checks that use jose (an independent
// implementation) rather than the server's own signing code.
import { createHash } from 'node:crypto';

import { importJWK, jwtVerify } from 'jose';
import type { JSONWebKeySet, JWTPayload } from 'jose';
import { afterAll, beforeAll } from 'vitest';

import { exampleApplication, serverSigningKey } from '../../src/dev-server/accounts';
import { startDevServer } from '../../src/dev-server/server';
import type { DevServer, DevServerOptions } from '../../src/dev-server/server';

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

export interface DevServerFixture {
  /** The frozen clock of the file; the server reads it only when the options pass `clock.now`. */
  readonly clock: TestClock;
  readonly server: DevServer;
  /** The token endpoint under `mount`. */
  readonly tokenUrl: string;
}

/**
 * Starts one dev server for the file in beforeAll and closes it in afterAll; `server` and
 * `tokenUrl` are ready inside tests. The options may be async, for set-up such as certificates.
 */
export function useDevServer(
  options: (clock: TestClock) => DevServerOptions | Promise<DevServerOptions> = (clock) => ({
    now: clock.now,
  }),
  mount = '',
): DevServerFixture {
  const clock = frozenClock();
  let server: DevServer | undefined;

  beforeAll(async () => {
    server = await startDevServer(await options(clock));
  });

  afterAll(async () => {
    await server?.close();
  });

  function started(): DevServer {
    if (!server) {
      throw new Error('the dev server starts in beforeAll');
    }
    return server;
  }

  return {
    clock,
    get server(): DevServer {
      return started();
    },
    get tokenUrl(): string {
      return `${started().url}${mount}/auth/oauth2_token`;
    },
  };
}

/** client_credentials with the example application's client_secret and nothing else. */
export const exampleSecretForm = {
  grant_type: 'client_credentials',
  client_id: exampleApplication.clientId,
  client_secret: exampleApplication.clientSecret,
};

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
