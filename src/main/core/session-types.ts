// The public face of the session manager, shared by the tray, the CLI and the IPC layer.
import type { TokenErrorCode, TokenErrorContext } from './errors';
import type { Generation } from './profile';
import type { TokenSet } from './token-set';

export type SessionStatus =
  /** No token yet and nothing under way. */
  | 'idle'
  /** The first token is being requested. */
  | 'acquiring'
  | 'valid'
  /** A token is held and a new one is being requested. */
  | 'renewing'
  /** Valid, but within the warning window and not going to be renewed automatically. */
  | 'expiring'
  | 'expired'
  /** The last request failed; `lastError` says why. A still-valid token may be held. */
  | 'error';

export interface SessionError {
  code: TokenErrorCode;
  message: string;
  context: TokenErrorContext;
  atMs: number;
}

/** Everything about a session except the token itself: safe to show and to send to a window. */
export interface SessionSnapshot {
  profileId: string;
  status: SessionStatus;
  hasToken: boolean;
  generation?: Generation;
  tokenType?: string;
  obtainedAtMs?: number;
  expiresAtMs?: number;
  /** When automatic renewal will start, if it is scheduled. */
  renewAtMs?: number;
  /** When a failed renewal will be tried again, if it will. */
  retryAtMs?: number;
  /**
   * A failure that retrying cannot fix (refused credentials, bad settings) stopped automatic
   * renewal. Stays true until an explicit request (renewNow, or a getToken that has to ask the
   * server) or a profile edit clears it; never true for a profile that does not renew itself.
   */
  autoRenewalStopped?: boolean;
  lastError?: SessionError;
  clockSkewMs?: number;
  claims?: Record<string, unknown>;
  warnings: string[];
}

export type SessionEvent =
  | { type: 'acquired'; profileId: string; snapshot: SessionSnapshot }
  | { type: 'renewed'; profileId: string; snapshot: SessionSnapshot }
  | { type: 'expiring'; profileId: string; snapshot: SessionSnapshot }
  | { type: 'expired'; profileId: string; snapshot: SessionSnapshot }
  | {
      type: 'renewal_failed';
      profileId: string;
      snapshot: SessionSnapshot;
      error: SessionError;
      /** True when the manager started the attempt itself; false for getToken or renewNow. */
      automatic: boolean;
    }
  | { type: 'signed_out'; profileId: string; snapshot: SessionSnapshot }
  /** Any other change of state (started renewing, profile edited, …), for views to redraw. */
  | { type: 'changed'; profileId: string; snapshot: SessionSnapshot };

export interface GetTokenOptions {
  /** The token must stay valid at least this long, or it is renewed first. Default 30 s. */
  minValidityMs?: number;
}

export interface SessionManager {
  /** A valid token, from cache when it is fresh enough; concurrent callers share one request. */
  getToken(profileId: string, options?: GetTokenOptions): Promise<TokenSet>;
  /** The cached token if it is valid for `minValidityMs` more; never does I/O. */
  peekToken(profileId: string, minValidityMs?: number): TokenSet | undefined;
  /** Request a new token now, even if the cached one is fresh. */
  renewNow(profileId: string): Promise<TokenSet>;
  /** End the session on the server where the protocol allows it, and forget the token. */
  signOut(profileId: string): Promise<void>;
  snapshot(profileId: string): SessionSnapshot;
  /** The profile was edited: discard its token and any request under way. */
  profileChanged(profileId: string): void;
  profileRemoved(profileId: string): void;
  /**
   * Re-check every deadline against the wall clock (after resume, unlock or a clock change), and
   * release the renewals held while offline (call it with 'online' when the network returns).
   */
  recheckAll(reason: string): void;
  on(listener: (event: SessionEvent) => void): () => void;
  dispose(): void;
}
