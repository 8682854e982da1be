// The "when" of the session manager: which deadline comes next across every profile (renewal,
// retry, warning, expiry), what happens when one passes, and how renewals that fall due together
// are spread out and capped. It owns the single timer; the manager owns the requests. While the
// machine is offline, due renewals are held rather than sent: each would fail, and SanteDB audits
// every attempt.
import { backoffDelayMs } from './backoff';
import type { Clock } from './clock';
import type { TokenError } from './errors';
import { NextDeadlineTimer } from './next-deadline-timer';
import type { Profile } from './profile';
import { RenewalLimiter } from './renewal-limiter';
import { renewalAtMs, warningAtMs } from './renewal-schedule';
import type { SessionLog } from './session-log';
import { dropToken, type SessionRecord } from './session-record';
import type { TokenSet } from './token-set';

/** After a resume, due renewals start at random within this window rather than all at once. */
export const RESUME_STAGGER_MS = 3_000;

/**
 * While renewals are held, connectivity is checked again this often. Electron's main process has
 * no "online" event, so a missed `recheckAll('online')` must not strand a session.
 */
export const OFFLINE_RECHECK_MS = 60_000;

/** What a pass over the deadlines found: renewals started or spread out, and renewals held. */
export interface DueCount {
  due: number;
  held: number;
}

export interface SchedulerHost {
  records(): Iterable<SessionRecord>;
  record(profileId: string): SessionRecord | undefined;
  notify(record: SessionRecord, type: 'expired' | 'expiring'): void;
  label(record: SessionRecord): string;
  /** Start an automatic renewal; call `release` once its request has settled. */
  startAutomatic(profileId: string, release: () => void): void;
}

export interface SchedulerOptions {
  clock: Clock;
  random: () => number;
  maxConcurrentRenewals: number;
  log: SessionLog;
  /** False while the machine has no network; automatic renewals wait until it returns. */
  isOnline: () => boolean;
}

export class SessionScheduler {
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #log: SessionLog;
  readonly #isOnline: () => boolean;
  readonly #host: SchedulerHost;
  readonly #timer: NextDeadlineTimer;
  readonly #limiter: RenewalLimiter;
  #offlineRecheckAtMs?: number;

  constructor(options: SchedulerOptions, host: SchedulerHost) {
    this.#clock = options.clock;
    this.#random = options.random;
    this.#log = options.log;
    this.#isOnline = options.isOnline;
    this.#host = host;
    this.#timer = new NextDeadlineTimer(options.clock, () => this.processDue(false));
    this.#limiter = new RenewalLimiter(options.maxConcurrentRenewals, (profileId, release) =>
      this.#startQueued(profileId, release),
    );
  }

  /** A new token: schedule its renewal, or its warning when nothing will renew it. */
  planRenewal(record: SessionRecord, token: TokenSet, renewal: Profile['renewal']): void {
    record.renewAtMs = renewal.auto ? renewalAtMs(token, renewal) : undefined;
    record.warnAtMs = renewal.auto ? undefined : warningAtMs(token, renewal);
  }

  /** A failed request: back off when it may pass, stop when it will not. Returns the retry delay. */
  planRetry(
    record: SessionRecord,
    error: TokenError,
    renewal: Profile['renewal'],
  ): number | undefined {
    if (error.retryable && renewal.auto) {
      record.failures += 1;
      const delayMs = backoffDelayMs(record.failures, this.#random, error.context.retryAfterMs);
      record.retryAtMs = this.#clock.now() + delayMs;
      return delayMs;
    }
    if (!error.retryable) {
      // Retrying refused credentials only adds audit entries and risks a lockout: stop here.
      record.halted = true;
      record.autoRenewalStopped = renewal.auto;
      record.warnAtMs = record.token ? warningAtMs(record.token, renewal) : undefined;
    }
    return undefined;
  }

  /** Act on every deadline that has passed. */
  processDue(stagger: boolean): DueCount {
    const now = this.#clock.now();
    const online = this.#isOnline();
    const count: DueCount = { due: 0, held: 0 };
    for (const record of [...this.#host.records()]) {
      this.#expireIfPast(record, now);
      this.#warnIfDue(record, now);
      const started = this.#startIfDue(record, now, stagger, online);
      if (started !== undefined) {
        count[started] += 1;
      }
    }
    this.arm(stagger);
    return count;
  }

  /** Aim the timer at the earliest pending deadline; `force` distrusts the running timer. */
  arm(force = false): void {
    const now = this.#clock.now();
    let next = Infinity;
    for (const record of this.#host.records()) {
      if (record.token) {
        next = Math.min(next, record.token.expiresAtMs);
        if (!record.expiringSent) {
          next = Math.min(next, record.warnAtMs ?? Infinity);
        }
      }
      if (record.heldOffline) {
        // Its deadline has passed; aiming at it would fire the timer again at once, in a loop.
        next = Math.min(next, this.#offlineRecheckAt(now));
      } else if (!record.flight && !this.#limiter.isWaiting(record.profileId)) {
        next = Math.min(next, record.renewAtMs ?? Infinity, record.retryAtMs ?? Infinity);
      }
    }
    this.#timer.aim(Number.isFinite(next) ? next : undefined, force);
  }

  /** Take a profile out of the renewal queue (it is being requested by hand, or was edited). */
  unqueue(profileId: string): void {
    this.#limiter.remove(profileId);
  }

  stop(): void {
    this.#timer.cancel();
    this.#limiter.clear();
  }

  #expireIfPast(record: SessionRecord, now: number): void {
    if (!record.token || now < record.token.expiresAtMs) {
      return;
    }
    dropToken(record);
    record.status = record.flight ? 'acquiring' : 'expired';
    this.#log.expired(this.#host.label(record));
    this.#host.notify(record, 'expired');
  }

  #warnIfDue(record: SessionRecord, now: number): void {
    const token = record.token;
    if (!token || record.expiringSent || record.warnAtMs === undefined || now < record.warnAtMs) {
      return;
    }
    record.expiringSent = true;
    if (!record.halted && !record.flight) {
      record.status = 'expiring';
    }
    this.#log.expiring(this.#host.label(record), token.expiresAtMs - now);
    this.#host.notify(record, 'expiring');
  }

  #startIfDue(
    record: SessionRecord,
    now: number,
    stagger: boolean,
    online: boolean,
  ): keyof DueCount | undefined {
    const dueAt = Math.min(record.renewAtMs ?? Infinity, record.retryAtMs ?? Infinity);
    if (dueAt > now || record.flight || this.#limiter.isWaiting(record.profileId)) {
      return undefined;
    }
    if (!online) {
      this.#hold(record);
      return 'held';
    }
    // Renewals held while offline come back all at once, just as after a resume.
    if (stagger || record.heldOffline) {
      record.heldOffline = false;
      const startAt = now + Math.floor(this.#random() * RESUME_STAGGER_MS);
      if (record.retryAtMs !== undefined) {
        record.retryAtMs = startAt;
      } else {
        record.renewAtMs = startAt;
      }
      return 'due';
    }
    this.#limiter.enqueue(record.profileId);
    return 'due';
  }

  /** The limiter gives a renewal its slot; the network may have gone while it waited. */
  #startQueued(profileId: string, release: () => void): void {
    const record = this.#host.record(profileId);
    if (record && !this.#isOnline()) {
      this.#hold(record);
      release();
      this.arm();
      return;
    }
    this.#host.startAutomatic(profileId, release);
  }

  #hold(record: SessionRecord): void {
    if (!record.heldOffline) {
      record.heldOffline = true;
      this.#log.heldOffline(this.#host.label(record));
    }
  }

  /** One check shared by every held renewal, kept steady so re-arming cannot postpone it. */
  #offlineRecheckAt(now: number): number {
    if (this.#offlineRecheckAtMs === undefined || this.#offlineRecheckAtMs <= now) {
      this.#offlineRecheckAtMs = now + OFFLINE_RECHECK_MS;
    }
    return this.#offlineRecheckAtMs;
  }
}
