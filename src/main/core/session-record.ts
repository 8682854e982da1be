// What the session manager remembers about one profile, and the token-free snapshot of it that
// may leave the engine.
import { tokenCacheKey } from './cache-key';
import { claimsOfToken } from './claims';
import { TokenError } from './errors';
import type { Generation, Profile } from './profile';
import { forgetSecret } from './redact';
import type { SessionError, SessionSnapshot, SessionStatus } from './session-types';
import type { TokenSet } from './token-set';

/** One request under way; every caller that asks meanwhile awaits the same `promise`. */
export interface Flight {
  readonly promise: Promise<TokenSet>;
  readonly controller: AbortController;
  /** The cache key the request was made under; a result for another key is discarded. */
  readonly key: string;
  readonly automatic: boolean;
  resolve(token: TokenSet): void;
  reject(error: TokenError): void;
}

export interface SessionRecord {
  readonly profileId: string;
  /** Bumped on every edit, so a result requested before the edit can never be kept. */
  revision: number;
  status: SessionStatus;
  token?: TokenSet;
  /** The key `token` was obtained under. */
  tokenKey?: string;
  claims?: Record<string, unknown>;
  /** The key of the last first-time token: a later token under it is a renewal. */
  acquiredKey?: string;
  /** The protocol generation the server answered with, to skip detection next time. */
  generation?: Generation;
  lastError?: SessionError;
  /** A failure that must not be retried automatically (refused credentials, bad settings). */
  halted: boolean;
  /** `halted` on a profile that renews itself: what the snapshot reports as stopped. */
  autoRenewalStopped: boolean;
  /** A renewal or retry fell due while offline and waits for the network. */
  heldOffline: boolean;
  /** Transient failures in a row, for the backoff. */
  failures: number;
  renewAtMs?: number;
  retryAtMs?: number;
  warnAtMs?: number;
  expiringSent: boolean;
  /** When the last token was obtained and when it ran out, kept after it expired for the views. */
  lapsed?: { obtainedAtMs: number; expiresAtMs: number };
  flight?: Flight;
}

/** A flight whose promise settles when the manager says so, not when the request does. */
export function createFlight(key: string, automatic: boolean): Flight {
  let resolve: (token: TokenSet) => void = () => undefined;
  let reject: (error: TokenError) => void = () => undefined;
  const promise = new Promise<TokenSet>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  // Automatic renewals have no caller to hear a rejection; events report it instead.
  promise.catch(() => undefined);
  return { promise, controller: new AbortController(), key, automatic, resolve, reject };
}

export function createRecord(profileId: string): SessionRecord {
  return {
    profileId,
    revision: 0,
    status: 'idle',
    halted: false,
    autoRenewalStopped: false,
    heldOffline: false,
    failures: 0,
    expiringSent: false,
  };
}

/** The cache key: the profile fields that change the token, and the edit count. */
export function sessionKey(record: SessionRecord, profile: Profile): string {
  return `${record.revision}:${tokenCacheKey(profile)}`;
}

/** Forget the token and everything scheduled for it; the revision and generation survive. */
export function clearSession(record: SessionRecord): void {
  dropToken(record);
  record.lapsed = undefined;
  record.acquiredKey = undefined;
  record.lastError = undefined;
  record.halted = false;
  record.autoRenewalStopped = false;
  record.heldOffline = false;
  record.failures = 0;
  record.renewAtMs = undefined;
  record.retryAtMs = undefined;
}

export function dropToken(record: SessionRecord): void {
  forgetTokenStrings(record.token);
  if (record.token) {
    record.lapsed = {
      obtainedAtMs: record.token.obtainedAtMs,
      expiresAtMs: record.token.expiresAtMs,
    };
  }
  record.token = undefined;
  record.tokenKey = undefined;
  record.claims = undefined;
  record.warnAtMs = undefined;
  record.expiringSent = false;
}

export function storeToken(record: SessionRecord, token: TokenSet, key: string): void {
  forgetTokenStrings(record.token, token);
  record.token = token;
  record.tokenKey = key;
  record.lapsed = undefined;
  record.claims = claimsOfToken(token);
  record.generation = token.generation;
  record.lastError = undefined;
  record.halted = false;
  record.autoRenewalStopped = false;
  record.failures = 0;
  record.retryAtMs = undefined;
  record.warnAtMs = undefined;
  record.expiringSent = false;
}

/**
 * A refusal to an `auto` profile may come from a server upgraded or downgraded since its
 * generation was detected, so the next request probes again instead of trusting the old answer.
 */
export function forgetGenerationOnRefusal(
  record: SessionRecord,
  profile: Profile | undefined,
  error: TokenError,
): void {
  if (error.code === 'server_refused' && profile?.protocol === 'auto') {
    record.generation = undefined;
  }
}

export function toSessionError(error: TokenError, atMs: number): SessionError {
  return { code: error.code, message: error.message, context: { ...error.context }, atMs };
}

/** Everything but the token strings themselves. */
export function toSnapshot(record: SessionRecord): SessionSnapshot {
  const token = record.token;
  return {
    profileId: record.profileId,
    status: record.status,
    hasToken: token !== undefined,
    generation: token?.generation ?? record.generation,
    tokenType: token?.tokenType,
    obtainedAtMs: token?.obtainedAtMs ?? record.lapsed?.obtainedAtMs,
    expiresAtMs: token?.expiresAtMs ?? record.lapsed?.expiresAtMs,
    renewAtMs: record.renewAtMs,
    retryAtMs: record.retryAtMs,
    autoRenewalStopped: record.autoRenewalStopped,
    lastError: record.lastError,
    clockSkewMs: token?.clockSkewMs,
    claims: record.claims,
    warnings: token ? [...token.warnings] : [],
  };
}

export function emptySnapshot(profileId: string): SessionSnapshot {
  return toSnapshot(createRecord(profileId));
}

/**
 * The redaction pass stops masking a token once the session lets go of it, so its registry does
 * not grow with every renewal; a string the next token still carries (a kept refresh token) stays.
 */
function forgetTokenStrings(previous: TokenSet | undefined, next?: TokenSet): void {
  if (!previous || previous === next) {
    return;
  }
  const kept = new Set([next?.accessToken, next?.refreshToken, next?.idToken]);
  for (const value of [previous.accessToken, previous.refreshToken, previous.idToken]) {
    if (!kept.has(value)) {
      forgetSecret(value);
    }
  }
}

export function unknownProfileError(profileId: string): TokenError {
  return new TokenError(
    'invalid_profile',
    `There is no profile '${profileId}': choose another profile or create it again`,
    { profileId },
  );
}

/** What callers waiting on a request hear when its profile is edited, removed or signed out. */
export function profileChangedError(profileId: string): TokenError {
  return new TokenError(
    'cancelled',
    'The profile changed while a token was being requested: try again',
    { profileId },
  );
}
