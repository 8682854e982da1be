// Which sessions hold an id_token whose signature was checked. The session manager only
// decodes the id_token; checking it needs the server's keys, so it happens here, once per
// token, after the token arrived, and never delays handing the token out.
import type { IdTokenVerifier } from '../core/id-token-verify';
import type { Logger } from '../core/logger';
import type { Profile } from '../core/profile';
import type { SessionSnapshot } from '../core/session-types';
import type { CredentialLoader } from '../core/token-client-api';
import type { TokenSet } from '../core/token-set';

export type VerifyIdToken = IdTokenVerifier['verifyIdToken'];

export interface IdTokenStates {
  readonly enabled: boolean;
  isVerified(profileId: string, snapshot: SessionSnapshot): boolean;
  /** Check the token's id_token; resolves true when it was verified. */
  check(profile: Profile, token: TokenSet): Promise<boolean>;
  forget(profileId: string): void;
}

export function createIdTokenStates(
  verify: VerifyIdToken | undefined,
  loadCredentials: CredentialLoader,
  logger: Logger,
): IdTokenStates {
  // The `obtainedAtMs` of the token that was verified, per profile: a newer token starts unverified.
  const verifiedTokens = new Map<string, number>();

  const outcomeOf = async (profile: Profile, token: TokenSet): Promise<string | undefined> => {
    if (!verify || !token.idToken) {
      return 'there is no id_token';
    }
    try {
      // The keys are fetched with the profile's TLS settings (its CA, its client certificate).
      const outcome = await verify(profile, await loadCredentials(profile), token);
      return outcome.status === 'verified' ? undefined : outcome.reason;
    } catch (error) {
      return `the check failed (${error instanceof Error ? error.name : typeof error})`;
    }
  };

  return {
    enabled: verify !== undefined,
    isVerified(profileId, snapshot) {
      return snapshot.hasToken && verifiedTokens.get(profileId) === snapshot.obtainedAtMs;
    },
    async check(profile, token) {
      const reason = await outcomeOf(profile, token);
      if (reason !== undefined) {
        logger.debug(`profile '${profile.name}': the id_token could not be checked: ${reason}`);
        return false;
      }
      verifiedTokens.set(profile.id, token.obtainedAtMs);
      return true;
    },
    forget(profileId) {
      verifiedTokens.delete(profileId);
    },
  };
}
