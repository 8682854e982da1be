// The session store (santedb-auth.md §8). A session is found by its access token, whose bytes
// are the session id, or by the hash of its refresh token. Refresh rotates the refresh token
// and moves the lifetime, but keeps the session id and so the access token.
import type { ApplicationRecord, DeviceRecord, UserRecord } from './directory';
import type { Generation } from './mounts';
import {
  decodeAccessToken,
  encodeAccessToken,
  hashToken,
  isSignedByServer,
  newRefreshToken,
  newSessionId,
} from './token-format';

export interface SessionParties {
  application: ApplicationRecord;
  device?: DeviceRecord;
  user?: UserRecord;
}

export interface EstablishRequest extends SessionParties {
  generation: Generation;
  scopes: readonly string[];
  lifetimeSeconds: number;
  isOverride?: boolean;
  purposeOfUse?: string;
}

export interface Session extends SessionParties {
  id: string;
  generation: Generation;
  accessToken: string;
  scopes: readonly string[];
  /** Milliseconds since the epoch, on the clock of the request that set them. */
  notBefore: number;
  notAfter: number;
  isOverride: boolean;
  purposeOfUse?: string;
  refreshTokenHash?: string;
}

export interface IssuedSession {
  session: Session;
  refreshToken?: string;
}

export type SessionLookup =
  { kind: 'found'; session: Session } | { kind: 'unknown' } | { kind: 'garbled' };

export type ExtendResult =
  { kind: 'extended'; issued: IssuedSession } | { kind: 'invalid' } | { kind: 'garbled' };

/**
 * How long an expired session is kept: its token then still gets "expired" rather than "unknown",
 * and a session issued under a skewed clock (fault `skew-<s>`) is not taken for expired early.
 */
export const EXPIRED_SESSION_KEPT_MS = 60 * 60 * 1000;

/** How often the store looks for sessions to forget: a walk of all of them, so not per request. */
const PRUNE_INTERVAL_MS = 60 * 1000;

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly sessionIdByRefreshHash = new Map<string, string>();
  private nextPruneAtMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly signingSecret: string) {}

  establish(request: EstablishRequest, now: number): IssuedSession {
    // Pruned here, where sessions are added, so that a server left running for days stays small.
    this.pruneExpired(now);
    const id = newSessionId();
    const session: Session = {
      id,
      generation: request.generation,
      accessToken: encodeAccessToken(id, this.signingSecret, request.generation),
      application: request.application,
      device: request.device,
      user: request.user,
      scopes: request.scopes,
      notBefore: now,
      notAfter: now + request.lifetimeSeconds * 1000,
      isOverride: request.isOverride ?? false,
      purposeOfUse: request.purposeOfUse,
    };
    this.sessions.set(id, session);
    return { session, refreshToken: this.maybeIssueRefreshToken(session) };
  }

  find(sessionId: string): Session | undefined {
    return this.sessions.get(sessionId);
  }

  lookupAccessToken(token: string): SessionLookup {
    const id = decodeAccessToken(token, this.signingSecret);
    if (id === undefined) {
      return { kind: 'garbled' };
    }
    const session = this.sessions.get(id);
    return session ? { kind: 'found', session } : { kind: 'unknown' };
  }

  /** Extends the session of a refresh token, which is then used up (rotation). */
  extend(
    refreshToken: string,
    application: ApplicationRecord,
    now: number,
    lifetimeSeconds: number,
  ): ExtendResult {
    if (!isSignedByServer(refreshToken, this.signingSecret)) {
      return { kind: 'garbled' };
    }

    const hash = hashToken(refreshToken);
    const session = this.sessions.get(this.sessionIdByRefreshHash.get(hash) ?? '');
    if (!session || session.notAfter <= now || session.isOverride) {
      return { kind: 'invalid' };
    }
    if (session.application.id !== application.id) {
      return { kind: 'invalid' };
    }

    this.sessionIdByRefreshHash.delete(hash);
    session.notBefore = now;
    session.notAfter = now + lifetimeSeconds * 1000;
    return { kind: 'extended', issued: { session, refreshToken: this.issueRefreshToken(session) } };
  }

  /** Signout: the session ends now, and its refresh token dies with it. */
  abandon(session: Session, now: number): void {
    session.notAfter = Math.min(session.notAfter, now);
    if (session.refreshTokenHash) {
      this.sessionIdByRefreshHash.delete(session.refreshTokenHash);
    }
  }

  /** How many sessions are held, expired ones included. */
  get size(): number {
    return this.sessions.size;
  }

  private pruneExpired(now: number): void {
    if (now < this.nextPruneAtMs) {
      return;
    }
    this.nextPruneAtMs = now + PRUNE_INTERVAL_MS;
    for (const [id, session] of this.sessions) {
      if (session.notAfter + EXPIRED_SESSION_KEPT_MS <= now) {
        this.sessions.delete(id);
        if (session.refreshTokenHash) {
          this.sessionIdByRefreshHash.delete(session.refreshTokenHash);
        }
      }
    }
  }

  // 3.x gives refresh tokens to plain user sessions only; 2.x gave one to every session.
  private maybeIssueRefreshToken(session: Session): string | undefined {
    const plainUserSession =
      session.user !== undefined && !session.isOverride && !session.purposeOfUse;
    if (session.generation === 'santedb3' && !plainUserSession) {
      return undefined;
    }
    return this.issueRefreshToken(session);
  }

  private issueRefreshToken(session: Session): string {
    const token = newRefreshToken(this.signingSecret, session.generation);
    session.refreshTokenHash = hashToken(token);
    this.sessionIdByRefreshHash.set(session.refreshTokenHash, session.id);
    return token;
  }
}

export function isLive(session: Session, now: number): boolean {
  return session.notAfter > now;
}
