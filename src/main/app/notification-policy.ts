// Which session events deserve a desktop notification, and in what words. One notification per
// event and token: a renewal that keeps failing is reported once per episode, not per retry.
// Notification text lands in the OS's history, so it never carries a token or a credential URL.
import { formatDuration } from '../../shared/duration';
import type { CopyResult } from '../../shared/ipc-contract';
import { redact } from '../core/redact';
import type { SessionError, SessionEvent } from '../core/session-types';

import { withHint } from './error-hints';

export interface NotificationModel {
  /** Stable per event and token, so a host may replace rather than stack a notification. */
  id: string;
  title: string;
  body: string;
  profileId: string;
}

export interface NotificationProfileInfo {
  name: string;
  autoRenew: boolean;
}

export interface NotificationPolicyOptions {
  describeProfile: (profileId: string) => NotificationProfileInfo | undefined;
  notifyOnCopy?: boolean;
  now: () => number;
}

export interface NotificationPolicy {
  onSessionEvent(event: SessionEvent): NotificationModel | undefined;
  onCopied(
    profileId: string,
    format: 'token' | 'header',
    result: CopyResult,
  ): NotificationModel | undefined;
  setNotifyOnCopy(enabled: boolean): void;
}

interface ProfileMemory {
  /** A renewal failure was reported and nothing has succeeded since. */
  failureReported: boolean;
  /** `${kind}:${token}` keys already reported; a token is known by when it was obtained. */
  reported: Set<string>;
}

type EventOf<Type extends SessionEvent['type']> = Extract<SessionEvent, { type: Type }>;

export function createNotificationPolicy(options: NotificationPolicyOptions): NotificationPolicy {
  return new OncePerTokenPolicy(options);
}

class OncePerTokenPolicy implements NotificationPolicy {
  readonly #options: NotificationPolicyOptions;
  readonly #memory = new Map<string, ProfileMemory>();
  #notifyOnCopy: boolean;

  constructor(options: NotificationPolicyOptions) {
    this.#options = options;
    this.#notifyOnCopy = options.notifyOnCopy ?? false;
  }

  onSessionEvent(event: SessionEvent): NotificationModel | undefined {
    const profile = this.#options.describeProfile(event.profileId);
    if (!profile) {
      return undefined;
    }
    switch (event.type) {
      case 'acquired':
      case 'renewed':
      case 'signed_out':
        this.#memory.delete(event.profileId);
        return undefined;
      case 'renewal_failed':
        // A request the user made (Renew now, Copy) answers with its own error; only the
        // renewals that run unattended need a notification to be noticed.
        return event.automatic
          ? renewalFailed(event, profile, this.#memoryOf(event.profileId))
          : undefined;
      case 'expired':
        return expired(event, profile, this.#firstTime(event, 'expired'));
      case 'expiring':
        if (profile.autoRenew && !event.snapshot.autoRenewalStopped && !event.snapshot.lastError) {
          return undefined;
        }
        return expiring(event, profile, this.#firstTime(event, 'expiring'), this.#options.now());
      default:
        return undefined;
    }
  }

  onCopied(
    profileId: string,
    format: 'token' | 'header',
    result: CopyResult,
  ): NotificationModel | undefined {
    const profile = this.#options.describeProfile(profileId);
    if (!this.#notifyOnCopy || !profile) {
      return undefined;
    }
    const what = format === 'header' ? 'Authorization header' : 'Bearer token';
    const clears =
      result.clearsInSeconds === undefined
        ? 'The clipboard is not cleared automatically.'
        : `The clipboard clears in ${result.clearsInSeconds} s.`;
    return {
      id: `copied:${profileId}`,
      title: `${profile.name}: ${what} copied`,
      body: `Valid for ${formatDuration(result.expiresAtMs - this.#options.now())}. ${clears}`,
      profileId,
    };
  }

  setNotifyOnCopy(enabled: boolean): void {
    this.#notifyOnCopy = enabled;
  }

  #memoryOf(profileId: string): ProfileMemory {
    let entry = this.#memory.get(profileId);
    if (!entry) {
      entry = { failureReported: false, reported: new Set() };
      this.#memory.set(profileId, entry);
    }
    return entry;
  }

  /** The notification id, the first time this kind of event is seen for this token. */
  #firstTime(event: SessionEvent, kind: string): string | undefined {
    const token = String(event.snapshot.obtainedAtMs ?? 'none');
    const reported = this.#memoryOf(event.profileId).reported;
    if (reported.has(`${kind}:${token}`)) {
      return undefined;
    }
    reported.add(`${kind}:${token}`);
    return `${kind}:${event.profileId}:${token}`;
  }
}

function renewalFailed(
  event: EventOf<'renewal_failed'>,
  profile: NotificationProfileInfo,
  memory: ProfileMemory,
): NotificationModel | undefined {
  if (memory.failureReported) {
    return undefined;
  }
  memory.failureReported = true;
  return {
    id: `renewal-failed:${event.profileId}:${event.error.atMs}`,
    title: `${profile.name}: the token could not be renewed`,
    body: explain(event.error),
    profileId: event.profileId,
  };
}

function expired(
  event: EventOf<'expired'>,
  profile: NotificationProfileInfo,
  id: string | undefined,
): NotificationModel | undefined {
  if (!id) {
    return undefined;
  }
  const error = event.snapshot.lastError;
  const body = error
    ? `It could not be renewed. ${explain(error)}`
    : 'Choose Renew now in the tray menu to get a new one.';
  return { id, title: `${profile.name}: the token has expired`, body, profileId: event.profileId };
}

function expiring(
  event: EventOf<'expiring'>,
  profile: NotificationProfileInfo,
  id: string | undefined,
  nowMs: number,
): NotificationModel | undefined {
  if (!id) {
    return undefined;
  }
  const expiresAtMs = event.snapshot.expiresAtMs;
  const left = expiresAtMs === undefined ? 'soon' : `in ${formatDuration(expiresAtMs - nowMs)}`;
  const why = !profile.autoRenew
    ? 'Automatic renewal is off for this profile.'
    : event.snapshot.autoRenewalStopped
      ? 'Automatic renewal stopped because the server refused it.'
      : 'Renewal keeps failing.';
  return {
    id,
    title: `${profile.name}: the token expires ${left}`,
    body: `${why} Choose Renew now in the tray menu to get a new one.`,
    profileId: event.profileId,
  };
}

/** The error and what to do, as notification text, redacted (which also drops URL credentials). */
function explain(error: SessionError): string {
  const joined = withHint(error.message, error.code, error.context);
  // A notification ends its attached hint with a full stop, as its other sentences do.
  const text = joined === error.message ? joined : `${joined}.`;
  return redact(text);
}
