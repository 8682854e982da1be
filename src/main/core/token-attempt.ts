// The requests the session manager sends for a profile. A token attempt reads the credentials,
// then refreshes when a refresh token is held and still usable, else runs the full grant; a
// refused refresh (`invalid_grant`: rotated, expired or abandoned) falls back to one full grant.
import { TokenError, isTokenError } from './errors';
import type { Generation, Profile } from './profile';
import type { CredentialLoader, SignOutOutcome, TokenClient } from './token-client-api';
import type { TokenSet } from './token-set';

/** A refresh this close to `exp` would reach the server after the session ended. */
export const REFRESH_MARGIN_MS = 5_000;

export interface AttemptDeps {
  client: TokenClient;
  loadCredentials: CredentialLoader;
}

export interface AttemptOptions {
  /** The token held now, whose refresh token may be used. */
  current?: TokenSet;
  nowMs: number;
  generationHint?: Generation;
  signal: AbortSignal;
}

export interface AttemptResult {
  token: TokenSet;
  refreshed: boolean;
}

export async function attemptToken(
  deps: AttemptDeps,
  profile: Profile,
  options: AttemptOptions,
): Promise<AttemptResult> {
  const credentials = await deps.loadCredentials(profile).catch((error: unknown) => {
    throw asTokenError(
      error,
      'storage',
      "The profile's secrets or certificate files could not be read",
    );
  });
  const request = { generationHint: options.generationHint, signal: options.signal };

  const refreshToken = usableRefreshToken(options.current, options.nowMs);
  if (refreshToken !== undefined) {
    throwIfAborted(options.signal);
    try {
      const token = await deps.client.acquire(profile, credentials, { ...request, refreshToken });
      return { token, refreshed: true };
    } catch (error) {
      if (!isInvalidGrant(error)) {
        throw asTokenError(error, 'bad_response', 'The token refresh failed unexpectedly');
      }
    }
  }

  throwIfAborted(options.signal);
  try {
    return { token: await deps.client.acquire(profile, credentials, request), refreshed: false };
  } catch (error) {
    throw asTokenError(error, 'bad_response', 'The token request failed unexpectedly');
  }
}

/** Ask the server to end the session of `token`. */
export async function endSession(
  deps: AttemptDeps,
  profile: Profile,
  token: TokenSet,
): Promise<SignOutOutcome> {
  try {
    const credentials = await deps.loadCredentials(profile);
    return await deps.client.signOut(profile, credentials, token);
  } catch (error) {
    throw asTokenError(error, 'bad_response', 'The sign-out request failed unexpectedly');
  }
}

export function usableRefreshToken(
  token: Pick<TokenSet, 'refreshToken' | 'expiresAtMs'> | undefined,
  nowMs: number,
): string | undefined {
  if (!token?.refreshToken || nowMs >= token.expiresAtMs - REFRESH_MARGIN_MS) {
    return undefined;
  }
  return token.refreshToken;
}

function isInvalidGrant(error: unknown): boolean {
  return (
    isTokenError(error) &&
    error.code === 'server_refused' &&
    error.context.oauthError === 'invalid_grant'
  );
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) {
    throw new TokenError('cancelled', 'The token request was cancelled');
  }
}

/** The engine speaks only TokenError; anything else is a bug below us, kept out of the message. */
export function asTokenError(
  error: unknown,
  fallback: 'storage' | 'bad_response',
  message: string,
): TokenError {
  if (isTokenError(error)) {
    return error;
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new TokenError('cancelled', 'The token request was cancelled', {}, error);
  }
  return new TokenError(fallback, message, {}, error);
}
