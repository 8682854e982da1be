// The contract between the session manager (and CLI) and the token client.
import type { Generation, Profile } from './profile';
import type { TokenSet } from './token-set';
import type { TlsMaterial } from './transport';

/** A profile's secrets and files, read and ready for one request. */
export interface ResolvedCredentials {
  clientSecret?: string;
  deviceSecret?: string;
  tls: TlsMaterial;
}

export interface AcquireOptions {
  /** Use this refresh token (only while the token it came with is still valid). */
  refreshToken?: string;
  /** The generation detected earlier for this profile, so `auto` skips the probe. */
  generationHint?: Generation;
  /** A proxy to reach the server through. */
  proxyUrl?: string;
  signal?: AbortSignal;
}

export type SignOutOutcome = 'ended' | 'already_ended' | 'unsupported';

export interface TokenClient {
  /** One grant (or refresh), checked field by field. Rejects only with TokenError. */
  acquire(
    profile: Profile,
    credentials: ResolvedCredentials,
    options?: AcquireOptions,
  ): Promise<TokenSet>;
  /** End the session on the server (SanteDB 3.x `/auth/signout` with `id_token_hint`). */
  signOut(
    profile: Profile,
    credentials: ResolvedCredentials,
    token: TokenSet,
  ): Promise<SignOutOutcome>;
}

/** Reads a profile's secrets from the vault and its certificate files from disk. */
export type CredentialLoader = (profile: Profile) => Promise<ResolvedCredentials>;
