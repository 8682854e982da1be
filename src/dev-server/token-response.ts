// Success bodies of the token and session endpoints (santedb-auth.md §4), and the body faults
// that spoil them. 3.x counts expires_in in seconds, 2.x in milliseconds.
import type { RequestContext } from './context';
import type { Faults, FlagFault } from './faults';
import { issueIdToken } from './id-token';
import type { IssuedSession, Session } from './sessions';

export type TokenBody = Record<string, unknown>;

const HUGE_EXPIRY = 1e12;
const NEGATIVE_EXPIRY = -3600;

export function tokenResponseBody(
  context: RequestContext,
  issued: IssuedSession,
  nonce: string | undefined,
): TokenBody {
  const { session } = issued;
  const legacy = session.generation === 'santedb2';
  return {
    access_token: session.accessToken,
    id_token: issueIdToken(context, { session, nonce }),
    token_type: 'bearer',
    expires_in: expiresIn(context, session),
    refresh_token: issued.refreshToken,
    // 2.x did not echo the nonce (E18 shows none).
    nonce: legacy ? undefined : nonce,
  };
}

/** GET /session: freshly computed, with no refresh token and no nonce. */
export function sessionResponseBody(context: RequestContext, session: Session): TokenBody {
  return {
    access_token: session.accessToken,
    id_token: issueIdToken(context, { session }),
    token_type: 'bearer',
    expires_in: expiresIn(context, session),
  };
}

function expiresIn(context: RequestContext, session: Session): number {
  const remainingMs = session.notAfter - context.now();
  return session.generation === 'santedb2'
    ? Math.trunc(remainingMs)
    : Math.floor(remainingMs / 1000);
}

// Applied in this order, so `ms-expiry+string-expiry` gives milliseconds as a string.
const expiryFaults: readonly [FlagFault, (current: unknown, remainingMs: number) => unknown][] = [
  ['ms-expiry', (_current, remainingMs) => Math.trunc(remainingMs)],
  ['string-expiry', (current) => String(current)],
  ['zero-expiry', () => 0],
  ['negative-expiry', () => NEGATIVE_EXPIRY],
  ['huge-expiry', () => HUGE_EXPIRY],
  ['missing-expiry', () => undefined],
];

/** Applies the body faults of the mount to a successful token response. */
export function spoilTokenBody(
  body: TokenBody,
  session: Session,
  context: RequestContext,
  faults: Faults,
): TokenBody {
  const spoiled = { ...body };
  for (const [fault, change] of expiryFaults) {
    if (faults.flags.has(fault)) {
      spoiled.expires_in = change(spoiled.expires_in, session.notAfter - context.now());
    }
  }

  const accessToken = spoiled.access_token;
  if (faults.flags.has('space-token') && typeof accessToken === 'string') {
    spoiled.access_token = `${accessToken.slice(0, 11)} ${accessToken.slice(11)}`;
  }
  if (faults.flags.has('no-access-token')) {
    spoiled.access_token = undefined;
  }
  if (faults.flags.has('malformed-id-token')) {
    spoiled.id_token = 'not-a-jws.token';
  }
  if (faults.flags.has('bad-token-type')) {
    spoiled.token_type = 'mac';
  }
  return spoiled;
}
