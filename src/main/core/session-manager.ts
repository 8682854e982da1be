// Keeps one fresh token per profile. Callers share one request per profile; tokens are renewed
// ahead of expiry by re-running the grant (or refreshing, when the server gave a refresh token);
// transient failures back off with jitter, refusals stop automatic renewal at once because SanteDB
// audits every attempt and locks accounts. One timer serves every profile's next deadline.
import type { Clock } from './clock';
import { TokenError } from './errors';
import { silentLogger, type Logger } from './logger';
import type { Profile } from './profile';
import { SessionEvents } from './session-events';
import { SessionLog, describeSignOut } from './session-log';
import { startFlight, type OutcomeContext } from './session-outcome';
import {
  clearSession,
  createRecord,
  emptySnapshot,
  profileChangedError,
  sessionKey,
  toSnapshot,
  unknownProfileError,
  type SessionRecord,
} from './session-record';
import { SessionScheduler } from './session-scheduler';
import type {
  GetTokenOptions,
  SessionEvent,
  SessionManager,
  SessionSnapshot,
} from './session-types';
import { endSession } from './token-attempt';
import type { CredentialLoader, TokenClient } from './token-client-api';
import type { TokenSet } from './token-set';

export interface SessionManagerDeps {
  getProfile(profileId: string): Profile | undefined;
  loadCredentials: CredentialLoader;
  client: TokenClient;
  clock: Clock;
  logger?: Logger;
  /** A number in [0, 1), for jitter and the resume stagger. */
  random?: () => number;
  /** Automatic renewals allowed to run at once; explicit requests are not counted. Default 2. */
  maxConcurrentRenewals?: number;
  /**
   * Whether the machine has a network (the tray passes Electron's `net.isOnline`). While false,
   * automatic renewals wait; explicit requests are still sent. Default: always online.
   */
  isOnline?: () => boolean;
}

export const DEFAULT_MIN_VALIDITY_MS = 30_000;

type PlainEventType = Exclude<SessionEvent['type'], 'renewal_failed'>;

export function createSessionManager(deps: SessionManagerDeps): SessionManager {
  return new TokenSessionManager(deps);
}

class TokenSessionManager implements SessionManager {
  readonly #deps: SessionManagerDeps;
  readonly #log: SessionLog;
  readonly #records = new Map<string, SessionRecord>();
  readonly #events: SessionEvents;
  readonly #scheduler: SessionScheduler;
  readonly #outcomeContext: OutcomeContext;
  #disposed = false;

  constructor(deps: SessionManagerDeps) {
    this.#deps = deps;
    this.#log = new SessionLog(deps.logger ?? silentLogger);
    this.#events = new SessionEvents(() => this.#log.listenerFailed());
    const options = {
      clock: deps.clock,
      random: deps.random ?? Math.random,
      maxConcurrentRenewals: deps.maxConcurrentRenewals ?? 2,
      log: this.#log,
      isOnline: deps.isOnline ?? (() => true),
    };
    this.#scheduler = new SessionScheduler(options, {
      records: () => this.#records.values(),
      record: (profileId) => this.#records.get(profileId),
      notify: (record, type) => this.#notify(record, type),
      label: (record) => this.#labelOf(record),
      startAutomatic: (profileId, release) => this.#startAutomatic(profileId, release),
    });
    this.#outcomeContext = {
      clock: deps.clock,
      attempt: deps,
      getProfile: (profileId) => deps.getProfile(profileId),
      scheduler: this.#scheduler,
      log: this.#log,
      emit: (event) => this.#events.emit(event),
      discard: (record) => this.#discard(record, 'profile changed'),
    };
  }

  async getToken(profileId: string, options: GetTokenOptions = {}): Promise<TokenSet> {
    const cached = this.peekToken(profileId, options.minValidityMs ?? DEFAULT_MIN_VALIDITY_MS);
    if (cached) {
      return cached;
    }
    try {
      return await this.#requestExplicitly(profileId);
    } catch (error) {
      // A failed renewal leaves the last good token usable until it truly expires.
      const cancelled = (error as TokenError).code === 'cancelled';
      const lastGood = cancelled ? undefined : this.peekToken(profileId);
      if (lastGood) {
        return lastGood;
      }
      throw error;
    }
  }

  peekToken(profileId: string, minValidityMs = 0): TokenSet | undefined {
    const record = this.#records.get(profileId);
    const token = record?.token;
    if (!record || !token) {
      return undefined;
    }
    if (record.tokenKey !== this.#currentKey(record)) {
      this.#discard(record, 'profile changed');
      return undefined;
    }
    return token.expiresAtMs - this.#deps.clock.now() > minValidityMs ? token : undefined;
  }

  renewNow(profileId: string): Promise<TokenSet> {
    return this.#requestExplicitly(profileId);
  }

  async signOut(profileId: string): Promise<void> {
    const record = this.#records.get(profileId);
    if (!record) {
      return;
    }
    const profile = this.#deps.getProfile(profileId);
    const token = record.token;

    // Forget first, so nothing hands the token out while the server is being told.
    this.#cancel(
      record,
      new TokenError('cancelled', 'Signed out while a token was being requested'),
    );
    clearSession(record);
    record.status = 'idle';
    this.#notify(record, 'signed_out');
    this.#scheduler.arm();
    if (!token || !profile) {
      this.#log.signedOut(this.#labelOf(record), 'no token was held');
      return;
    }

    try {
      this.#log.signedOut(
        profile.name,
        describeSignOut(await endSession(this.#deps, profile, token)),
      );
    } catch (error) {
      this.#log.signOutFailed(profile.name, error as TokenError);
      throw error;
    }
  }

  snapshot(profileId: string): SessionSnapshot {
    const record = this.#records.get(profileId);
    return record ? toSnapshot(record) : emptySnapshot(profileId);
  }

  profileChanged(profileId: string): void {
    const record = this.#records.get(profileId);
    if (!record) {
      return;
    }
    record.revision += 1;
    record.generation = undefined;
    this.#discard(record, 'profile edited');
  }

  profileRemoved(profileId: string): void {
    const record = this.#records.get(profileId);
    if (!record) {
      return;
    }
    record.revision += 1;
    this.#discard(record, 'profile removed');
    this.#records.delete(profileId);
    this.#scheduler.arm();
  }

  recheckAll(reason: string): void {
    if (this.#disposed) {
      return;
    }
    const { due, held } = this.#scheduler.processDue(true);
    this.#log.recheck(reason, due, held);
  }

  on(listener: (event: SessionEvent) => void): () => void {
    if (this.#disposed) {
      return () => undefined;
    }
    return this.#events.on(listener);
  }

  dispose(): void {
    if (this.#disposed) {
      return;
    }
    this.#disposed = true;
    this.#scheduler.stop();
    const shutDown = new TokenError('cancelled', 'The session manager stopped: request abandoned');
    for (const record of this.#records.values()) {
      this.#cancel(record, shutDown);
    }
    this.#records.clear();
    this.#events.clear();
  }

  #requestExplicitly(profileId: string): Promise<TokenSet> {
    if (this.#disposed) {
      return Promise.reject(new TokenError('cancelled', 'The session manager has stopped'));
    }
    const profile = this.#deps.getProfile(profileId);
    if (!profile) {
      return Promise.reject(unknownProfileError(profileId));
    }

    const record = this.#recordFor(profileId);
    this.#discardIfStale(record, profile);
    if (record.flight) {
      return record.flight.promise;
    }
    this.#scheduler.unqueue(profileId);
    return startFlight(this.#outcomeContext, record, profile, false).promise;
  }

  #startAutomatic(profileId: string, release: () => void): void {
    const record = this.#records.get(profileId);
    const profile = this.#deps.getProfile(profileId);
    if (record && profile && !record.flight && !this.#disposed) {
      this.#discardIfStale(record, profile);
      if (
        !record.halted &&
        (record.token || record.retryAtMs !== undefined || record.renewAtMs !== undefined)
      ) {
        startFlight(this.#outcomeContext, record, profile, true, release);
        return;
      }
    }
    if (record && !record.flight) {
      // Nothing to renew after all; clearing the deadlines keeps the timer from firing again.
      record.renewAtMs = undefined;
      record.retryAtMs = undefined;
    }
    release();
  }

  /** A token or request made for an older version of the profile must not be handed out. */
  #discardIfStale(record: SessionRecord, profile: Profile): void {
    const key = sessionKey(record, profile);
    const staleToken = record.tokenKey !== undefined && record.tokenKey !== key;
    const staleFlight = record.flight !== undefined && record.flight.key !== key;
    if (staleToken || staleFlight) {
      this.#discard(record, 'profile changed');
    }
  }

  /** Forget the token, cancel the request under way, go back to idle. */
  #discard(record: SessionRecord, reason: string): void {
    this.#cancel(record, profileChangedError(record.profileId));
    clearSession(record);
    record.status = 'idle';
    this.#log.discarded(this.#labelOf(record), reason);
    this.#notify(record, 'changed');
    this.#scheduler.arm();
  }

  #cancel(record: SessionRecord, error: TokenError): void {
    this.#scheduler.unqueue(record.profileId);
    const flight = record.flight;
    if (!flight) {
      return;
    }
    record.flight = undefined;
    flight.controller.abort();
    flight.reject(error);
  }

  #recordFor(profileId: string): SessionRecord {
    let record = this.#records.get(profileId);
    if (!record) {
      record = createRecord(profileId);
      this.#records.set(profileId, record);
    }
    return record;
  }

  #currentKey(record: SessionRecord): string | undefined {
    const profile = this.#deps.getProfile(record.profileId);
    return profile ? sessionKey(record, profile) : undefined;
  }

  #labelOf(record: SessionRecord): string {
    return this.#deps.getProfile(record.profileId)?.name ?? record.profileId;
  }

  #notify(record: SessionRecord, type: PlainEventType): void {
    this.#events.emit({ type, profileId: record.profileId, snapshot: toSnapshot(record) });
  }
}
