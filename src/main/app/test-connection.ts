// "Test connection" in the profile form: one token request with the values on screen, unsaved
// edits and secrets included, that leaves the token cache and both stores untouched.
import type { ClaimsView, ProfileDraft, TestConnectionResult } from '../../shared/ipc-contract';
import { claimsOfToken, describeClaims } from '../core/claims';
import { isTokenError } from '../core/errors';
import type { Profile } from '../core/profile';
import { redact } from '../core/redact';
import type { ResolvedCredentials } from '../core/token-client-api';
import type { TokenSet } from '../core/token-set';

import type { AppContext } from './app-context';
import { requireProfile } from './app-context';
import { profileRejected } from './app-error';
import { checkDraft, DRAFT_ID, draftVault, movedSecretIssues } from './draft';

export async function testConnection(
  context: AppContext,
  draft: ProfileDraft,
): Promise<TestConnectionResult> {
  const stored = draft.id === undefined ? undefined : requireProfile(context, draft.id);
  const lead = 'The profile cannot be tested';
  const { profile } = checkDraft(draft, draft.id ?? DRAFT_ID, stored, lead);
  const moved = await movedSecretIssues(draft, stored, profile, context.vault);
  if (moved.length > 0) {
    throw profileRejected(moved, lead);
  }

  let token: TokenSet;
  let credentials: ResolvedCredentials;
  try {
    credentials = await context.loadCredentials(draftVault(draft, context.vault, stored, profile))(
      profile,
    );
    token = await context.client.acquire(profile, credentials);
  } catch (error) {
    const code = isTokenError(error) ? error.code : 'unexpected';
    context.logger.info(`profile '${profile.name}': test connection failed (${code})`);
    throw error;
  }

  context.logger.info(`profile '${profile.name}': test connection succeeded (${token.generation})`);
  endTestSession(context, profile, credentials, token);
  return {
    generation: token.generation,
    expiresAtMs: token.expiresAtMs,
    tokenType: token.tokenType,
    claims: describeClaimsOf(token),
    warnings: token.warnings.map(redact),
  };
}

/** The test's session is of no further use: end it on the server, without making the user wait. */
function endTestSession(
  context: AppContext,
  profile: Profile,
  credentials: ResolvedCredentials,
  token: TokenSet,
): void {
  if (!token.idToken) {
    return;
  }
  context.client.signOut(profile, credentials, token).catch((error: unknown) => {
    const code = isTokenError(error) ? error.code : 'unexpected';
    context.logger.debug(`profile '${profile.name}': the test session was not ended (${code})`);
  });
}

function describeClaimsOf(token: TokenSet): ClaimsView | undefined {
  const claims = claimsOfToken(token);
  return claims && describeClaims(claims);
}
