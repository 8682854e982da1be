// The session channels: look at a session, renew it, end it, and copy its token. The token
// itself leaves main only through the clipboard guard, never in a result.
import type { CopyResult, SessionView } from '../../shared/ipc-contract';
import { authorizationHeader } from '../core/token-set';

import type { AppContext } from './app-context';
import { requireProfile, sessionViewOf } from './app-context';
import { AppError } from './app-error';

/** A copied token must stay usable long enough to be pasted and sent. */
export const COPY_MIN_VALIDITY_MS = 60_000;

export function getSession(context: AppContext, profileId: string): SessionView {
  return sessionViewOf(context, requireProfile(context, profileId));
}

export async function renewSession(context: AppContext, profileId: string): Promise<SessionView> {
  const profile = requireProfile(context, profileId);
  await context.sessions.renewNow(profileId);
  return sessionViewOf(context, profile);
}

export async function signOutSession(context: AppContext, profileId: string): Promise<SessionView> {
  const profile = requireProfile(context, profileId);
  await context.sessions.signOut(profileId);
  context.idTokens.forget(profileId);
  return sessionViewOf(context, profile);
}

export async function copyToken(
  context: AppContext,
  profileId: string,
  format: 'token' | 'header',
): Promise<CopyResult> {
  const profile = requireProfile(context, profileId);
  // A fresh cached token is copied at once; only a stale one waits for the server.
  const token =
    context.sessions.peekToken(profileId, COPY_MIN_VALIDITY_MS) ??
    (await context.sessions.getToken(profileId, { minValidityMs: COPY_MIN_VALIDITY_MS }));

  let clearsInSeconds: number | undefined;
  try {
    const text = format === 'header' ? authorizationHeader(token) : token.accessToken;
    ({ clearsInSeconds } = await context.clipboard.copy(text));
  } catch (error) {
    context.logger.warn(`profile '${profile.name}': the clipboard could not be written`, {
      error: error instanceof Error ? error.name : typeof error,
    });
    throw new AppError('clipboard', 'The token could not be put on the clipboard: try again');
  }

  context.logger.info(
    `profile '${profile.name}': ${format === 'header' ? 'header' : 'token'} copied`,
  );
  return { clearsInSeconds, expiresAtMs: token.expiresAtMs };
}
