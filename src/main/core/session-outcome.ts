// How a request runs for a session, and what its result does. A result is applied only if its
// flight is still the session's current one: a request cancelled by an edit, a removal or a
// sign-out may still resolve later, and its token then belongs to a profile that no longer exists.
import type { Clock } from './clock';
import type { TokenError } from './errors';
import type { Profile } from './profile';
import type { SessionLog } from './session-log';
import {
  createFlight,
  forgetGenerationOnRefusal,
  profileChangedError,
  sessionKey,
  storeToken,
  toSessionError,
  toSnapshot,
  type Flight,
  type SessionRecord,
} from './session-record';
import type { SessionScheduler } from './session-scheduler';
import type { SessionEvent } from './session-types';
import { attemptToken, type AttemptDeps, type AttemptResult } from './token-attempt';

export interface OutcomeContext {
  clock: Clock;
  attempt: AttemptDeps;
  getProfile(profileId: string): Profile | undefined;
  scheduler: SessionScheduler;
  log: SessionLog;
  emit(event: SessionEvent): void;
  /** Forget the session's token: the profile no longer matches what was requested. */
  discard(record: SessionRecord): void;
}

/** Send a request for the session; `release` is called once it has settled. */
export function startFlight(
  context: OutcomeContext,
  record: SessionRecord,
  profile: Profile,
  automatic: boolean,
  release?: () => void,
): Flight {
  const flight = createFlight(sessionKey(record, profile), automatic);
  record.flight = flight;
  record.renewAtMs = undefined;
  record.retryAtMs = undefined;
  record.heldOffline = false;
  if (!automatic) {
    // The user chose to try again; this attempt's own outcome decides whether to stop once more.
    record.halted = false;
    record.autoRenewalStopped = false;
  }
  record.status = record.token ? 'renewing' : 'acquiring';
  context.log.requesting(profile.name, record.token !== undefined, automatic);
  context.emit({ type: 'changed', profileId: record.profileId, snapshot: toSnapshot(record) });
  context.scheduler.arm();

  attemptToken(context.attempt, profile, {
    current: record.token,
    nowMs: context.clock.now(),
    generationHint: record.generation,
    signal: flight.controller.signal,
  })
    .then(
      (result) => applySuccess(context, record, flight, result),
      (error: unknown) => applyFailure(context, record, flight, error as TokenError),
    )
    .catch(() => context.log.unexpected(profile.name))
    .finally(() => release?.());
  return flight;
}

export function applySuccess(
  context: OutcomeContext,
  record: SessionRecord,
  flight: Flight,
  result: AttemptResult,
): void {
  if (record.flight !== flight) {
    return;
  }
  record.flight = undefined;
  const profile = context.getProfile(record.profileId);
  if (!profile || sessionKey(record, profile) !== flight.key) {
    flight.reject(profileChangedError(record.profileId));
    context.discard(record);
    return;
  }

  const { token } = result;
  const renewed = record.acquiredKey === flight.key;
  storeToken(record, token, flight.key);
  record.acquiredKey = flight.key;
  record.status = 'valid';
  context.scheduler.planRenewal(record, token, profile.renewal);
  const validForMs = token.expiresAtMs - context.clock.now();
  context.log.obtained(profile.name, renewed, result.refreshed, validForMs);
  context.emit({
    type: renewed ? 'renewed' : 'acquired',
    profileId: record.profileId,
    snapshot: toSnapshot(record),
  });
  // A token may arrive already inside its warning window.
  context.scheduler.processDue(false);
  flight.resolve(token);
}

export function applyFailure(
  context: OutcomeContext,
  record: SessionRecord,
  flight: Flight,
  error: TokenError,
): void {
  if (record.flight !== flight) {
    return;
  }
  record.flight = undefined;
  const profile = context.getProfile(record.profileId);
  record.lastError = toSessionError(error, context.clock.now());
  forgetGenerationOnRefusal(record, profile, error);
  const retryInMs = profile
    ? context.scheduler.planRetry(record, error, profile.renewal)
    : undefined;
  record.status = 'error';

  context.log.failed(profile?.name ?? record.profileId, error, retryInMs);
  context.emit({
    type: 'renewal_failed',
    profileId: record.profileId,
    snapshot: toSnapshot(record),
    error: record.lastError,
    automatic: flight.automatic,
  });
  context.scheduler.processDue(false);
  flight.reject(error);
}
