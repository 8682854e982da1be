// How long a token lives, measured in our own clock: expires_in read as a number, SanteDB 2.x's
// milliseconds told apart from seconds, the id_token's exp as a cap, and the server's clock skew
// taken out. Kept apart from the field checks in token-response.ts, which owns the error wording
// and hands in `fail`, so this module only decides which lifetime problem it found.
import type { TokenError } from './errors';
import { cleanServerText } from './oauth-errors';
import type { Generation } from './profile';

const SECOND_MS = 1000;
const DAY_SECONDS = 86_400;
/** A lifetime longer than this is a unit mistake, not a policy. */
const MAX_LIFETIME_SECONDS = 366 * DAY_SECONDS;
/** A token that expires sooner than this would be renewed at once, over and over. */
const MIN_USEFUL_LIFETIME_MS = 5 * SECOND_MS;
const SKEW_WARNING_MS = 60 * SECOND_MS;

const ADVICE = 'the server is not a usable token endpoint, or it is misconfigured';

/** Each way expires_in can be unusable: `field:detail` → what is wrong, and what to do. */
export const lifetimeProblems = {
  'expires_in:not_a_number': ['has an expires_in that is not a number of seconds', ADVICE],
  'expires_in:not_positive': ['has an expires_in of zero or less', ADVICE],
  'expires_in:missing': ['has no expires_in and no id_token expiry', ADVICE],
  'expires_in:too_long': [
    'gives a lifetime over a year, even reading expires_in as milliseconds',
    ADVICE,
  ],
  'expires_in:expires_too_soon': [
    'holds a token that is already expired or expires within 5 seconds',
    "check the session length on the server, and this computer's and the server's clocks",
  ],
} as const satisfies Record<string, readonly [string, string]>;

export type LifetimeProblem = keyof typeof lifetimeProblems;

/** Builds the error for a lifetime problem; `got` is the offending value as shown to the user. */
export type LifetimeFailure = (problem: LifetimeProblem, got?: string) => TokenError;

export interface LifetimeContext {
  /** The request shape that was sent. */
  generation: Generation;
  /** True for `auto`'s first (3.x-shaped) request: a 2.x-looking answer reveals a 2.x server. */
  probing: boolean;
  /**
   * The request carried device credentials as `Authorization: Basic`, which only SanteDB 3.x
   * accepts (2.x wants them in X-Device-Authorization and refuses the request), so a server
   * that answered it is 3.x whatever its `expires_in` looks like.
   */
  deviceBasicSent?: boolean;
  sentAtMs: number;
  receivedAtMs: number;
}

/** What the token client reads from an id_token; the claims for showing are decoded later. */
export interface IdTokenFacts {
  exp?: number;
  iat?: number;
  /** Whatever the payload holds under `nonce`, compared as it is. */
  nonce?: unknown;
}

export interface Lifetime {
  expiresAtMs: number;
  expiresInSeconds: number;
  milliseconds: boolean;
  clockSkewMs?: number;
  warnings: string[];
}

/** `expires_in` as a positive finite number (numeric strings accepted), or undefined if absent. */
export function readExpiresIn(
  body: Record<string, unknown>,
  fail: LifetimeFailure,
): number | undefined {
  const value = body.expires_in;
  if (value === undefined || value === null) {
    return undefined;
  }
  // Masked before it is cut: a secret the server echoed here would survive a cut in its middle.
  // Only worked out for an error: a redaction pass after a new token rebuilds the mask list.
  const shown = () => cleanServerText(JSON.stringify(value) ?? '', 40);
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(number)) {
    throw fail('expires_in:not_a_number', shown());
  }
  if (number <= 0) {
    throw fail('expires_in:not_positive', shown());
  }
  return number;
}

export function measureLifetime(
  headers: Record<string, string>,
  expiresIn: number | undefined,
  idFacts: IdTokenFacts | undefined,
  context: LifetimeContext,
  fail: LifetimeFailure,
): Lifetime {
  const clockSkewMs = measureSkew(headers, idFacts, context);
  // The id_token's exp in our clock: the server's clock minus the measured skew.
  const idExpiryMs =
    idFacts?.exp === undefined ? undefined : idFacts.exp * SECOND_MS - (clockSkewMs ?? 0);
  const { seconds, milliseconds, warnings } = lifetimeSeconds(
    expiresIn,
    idExpiryMs,
    idFacts,
    context,
    fail,
  );

  // expires_in counts from when the server answered, which is after we sent: start from sentAt.
  const expiresAtMs = Math.floor(
    Math.min(context.sentAtMs + seconds * SECOND_MS, idExpiryMs ?? Number.POSITIVE_INFINITY),
  );
  if (clockSkewMs !== undefined && Math.abs(clockSkewMs) > SKEW_WARNING_MS) {
    const direction = clockSkewMs > 0 ? 'ahead of' : 'behind';
    const skewSeconds = Math.round(Math.abs(clockSkewMs) / SECOND_MS);
    warnings.push(
      `The server clock is ${skewSeconds} s ${direction} this computer's: expiry is measured in this computer's clock`,
    );
  }
  if (expiresAtMs - context.receivedAtMs < MIN_USEFUL_LIFETIME_MS) {
    throw fail('expires_in:expires_too_soon');
  }
  return {
    expiresAtMs,
    expiresInSeconds: seconds,
    milliseconds,
    ...(clockSkewMs === undefined ? {} : { clockSkewMs }),
    warnings,
  };
}

function lifetimeSeconds(
  expiresIn: number | undefined,
  idExpiryMs: number | undefined,
  idFacts: IdTokenFacts | undefined,
  context: LifetimeContext,
  fail: LifetimeFailure,
): { seconds: number; milliseconds: boolean; warnings: string[] } {
  const warnings: string[] = [];
  let milliseconds = false;
  let seconds: number;
  if (expiresIn !== undefined) {
    milliseconds = isMilliseconds(expiresIn, idFacts, context);
    seconds = milliseconds ? expiresIn / SECOND_MS : expiresIn;
    if (milliseconds && context.generation === 'santedb3' && !context.probing) {
      warnings.push(
        !context.deviceBasicSent
          ? 'expires_in was in milliseconds, as SanteDB 2.x sends it: set the profile protocol to SanteDB 2.x or auto'
          : 'expires_in was in milliseconds, though the server took a request only SanteDB 3.x accepts: the expiry is read as milliseconds',
      );
    }
  } else if (idExpiryMs !== undefined) {
    seconds = Math.max(0, Math.floor((idExpiryMs - context.sentAtMs) / SECOND_MS));
    warnings.push("The server sent no expires_in: the expiry is taken from the id_token's exp");
  } else {
    throw fail('expires_in:missing');
  }
  if (seconds > MAX_LIFETIME_SECONDS) {
    throw fail('expires_in:too_long', `${Math.round(seconds / DAY_SECONDS)} days`);
  }
  return { seconds, milliseconds, warnings };
}

/**
 * SanteDB 2.x sends expires_in in milliseconds. The rule: with an id_token that has exp and iat,
 * milliseconds when expires_in exceeds 10 × (exp − iat). Without one, and only when the server
 * may be 2.x (the 2.x shape, or auto's probe), milliseconds when expires_in is over 7 days as
 * seconds but at most 1 day as milliseconds. Generic OAuth 2.0 servers always mean seconds.
 */
function isMilliseconds(
  expiresIn: number,
  idFacts: IdTokenFacts | undefined,
  context: LifetimeContext,
): boolean {
  if (context.generation === 'oauth2') {
    return false;
  }
  if (idFacts?.exp !== undefined && idFacts.iat !== undefined && idFacts.exp > idFacts.iat) {
    return expiresIn > 10 * (idFacts.exp - idFacts.iat);
  }
  return (
    mayBeSantedb2(context) && expiresIn > 7 * DAY_SECONDS && expiresIn / SECOND_MS <= DAY_SECONDS
  );
}

/**
 * Server clock minus ours. The server's time (Date header, else the id_token's iat) has
 * one-second resolution and was taken somewhere between sending and receiving, so only the gap
 * outside that window counts as skew.
 */
function measureSkew(
  headers: Record<string, string>,
  idFacts: IdTokenFacts | undefined,
  context: LifetimeContext,
): number | undefined {
  const dateMs = headers.date ? Date.parse(headers.date) : Number.NaN;
  const serverMs = Number.isFinite(dateMs)
    ? dateMs
    : idFacts?.iat !== undefined
      ? idFacts.iat * SECOND_MS
      : undefined;
  if (serverMs === undefined) {
    return undefined;
  }
  if (serverMs > context.receivedAtMs) {
    return serverMs - context.receivedAtMs;
  }
  const serverLatestMs = serverMs + SECOND_MS;
  return serverLatestMs < context.sentAtMs ? serverLatestMs - context.sentAtMs : 0;
}

/**
 * Whether the server that answered could be SanteDB 2.x: it was spoken to in the 2.x shape, or it
 * took auto's probe, which without a device Basic header is a request 2.x accepts too.
 */
export function mayBeSantedb2(context: LifetimeContext): boolean {
  return context.generation === 'santedb2' || (context.probing && !context.deviceBasicSent);
}
