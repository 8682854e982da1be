// The session manager's log lines: one per state change, in words, naming the profile and never
// a token or secret (the logger's redaction pass is the second line of defence, not the first).
import { formatDuration } from '../../shared/duration';

import type { TokenError } from './errors';
import type { Logger } from './logger';
import type { SignOutOutcome } from './token-client-api';

export class SessionLog {
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  requesting(profile: string, renewing: boolean, automatic: boolean): void {
    const what = renewing ? 'renewing the token' : 'requesting a token';
    this.#logger.debug(`profile '${profile}': ${what}${automatic ? ' (automatic)' : ''}`);
  }

  obtained(profile: string, renewed: boolean, refreshed: boolean, validForMs: number): void {
    const how = renewed ? (refreshed ? 'renewed with its refresh token' : 'renewed') : 'acquired';
    this.#logger.info(
      `profile '${profile}': token ${how}, expires in ${formatDuration(validForMs)}`,
    );
  }

  failed(profile: string, error: TokenError, retryInMs: number | undefined): void {
    const cause = `${error.code}: ${error.message}`;
    if (retryInMs !== undefined) {
      this.#logger.warn(
        `profile '${profile}': token request failed (${cause}), retrying in ${formatDuration(retryInMs)}`,
      );
      return;
    }
    const next = error.retryable ? 'no automatic retry' : 'automatic renewal stopped';
    this.#logger.error(`profile '${profile}': token request failed (${cause}); ${next}`);
  }

  expiring(profile: string, validForMs: number): void {
    this.#logger.warn(
      `profile '${profile}': token expires in ${formatDuration(validForMs)} and will not be renewed automatically`,
    );
  }

  expired(profile: string): void {
    this.#logger.warn(`profile '${profile}': token expired`);
  }

  discarded(profile: string, reason: string): void {
    this.#logger.info(
      `profile '${profile}': ${reason}, its token and any request under way discarded`,
    );
  }

  signedOut(profile: string, outcome: string): void {
    this.#logger.info(`profile '${profile}': signed out (${outcome})`);
  }

  signOutFailed(profile: string, error: TokenError): void {
    this.#logger.warn(
      `profile '${profile}': the server did not confirm the sign-out (${error.code}: ${error.message}); the token was forgotten anyway`,
    );
  }

  heldOffline(profile: string): void {
    this.#logger.info(`profile '${profile}': renewal due, waiting for the network to come back`);
  }

  recheck(reason: string, due: number, held: number): void {
    const waiting = held > 0 ? `, ${held} waiting for the network` : '';
    this.#logger.info(`rechecking every session (${reason}): ${due} due for renewal${waiting}`);
  }

  unexpected(profile: string): void {
    this.#logger.error(`profile '${profile}': internal error while handling a token result`);
  }

  listenerFailed(): void {
    this.#logger.error('a session event listener threw; the other listeners still ran');
  }
}

export function describeSignOut(outcome: SignOutOutcome): string {
  switch (outcome) {
    case 'ended':
      return 'the server ended the session';
    case 'already_ended':
      return 'the session had already ended';
    case 'unsupported':
      return 'this server cannot end sessions, so the token stays valid there until it expires';
  }
}
