// When a token should be renewed, or its holder warned. SanteDB gives application sessions no
// refresh token, so "renewal" means running the grant again before `exp`; the spacing floor keeps
// a token that lives only seconds from turning the schedule into a request loop.
import type { Profile } from './profile';
import type { TokenSet } from './token-set';

type Lifetime = Pick<TokenSet, 'obtainedAtMs' | 'expiresAtMs'>;
type RenewalSettings = Profile['renewal'];

/** A renewal never starts sooner than this after the token was requested… */
export const MIN_RENEWAL_SPACING_MS = 10_000;
/** …nor before this share of its lifetime has passed. */
export const MIN_RENEWAL_SPACING_FRACTION = 0.1;

/**
 * The instant to start an automatic renewal: the earlier of "`beforeExpirySeconds` before expiry"
 * and "`lifetimeFraction` of the lifetime", but never inside the minimum spacing.
 */
export function renewalAtMs(token: Lifetime, renewal: RenewalSettings): number {
  const lifetimeMs = Math.max(0, token.expiresAtMs - token.obtainedAtMs);
  const byMargin = token.expiresAtMs - renewal.beforeExpirySeconds * 1000;
  const byFraction = token.obtainedAtMs + renewal.lifetimeFraction * lifetimeMs;
  const spacing = Math.max(MIN_RENEWAL_SPACING_MS, MIN_RENEWAL_SPACING_FRACTION * lifetimeMs);
  return Math.round(Math.max(Math.min(byMargin, byFraction), token.obtainedAtMs + spacing));
}

/** The instant to warn that the token will run out and nothing will renew it. */
export function warningAtMs(token: Lifetime, renewal: RenewalSettings): number {
  return Math.max(token.obtainedAtMs, token.expiresAtMs - renewal.warnBeforeSeconds * 1000);
}
