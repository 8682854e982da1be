// Failures the application layer itself raises, beside the engine's TokenError. Their codes are
// a closed union too, so a window can branch on them; messages name the argument or profile.
import type { TokenErrorCode } from '../core/errors';
import type { ProfileIssue } from '../core/profile';

export type AppErrorCode =
  /** An IPC argument had the wrong type or shape. */
  | 'invalid_argument'
  /** The profile named does not exist (any more). */
  | 'not_found'
  /** The clipboard could not be written. */
  | 'clipboard'
  /** The OS would not put a setting in force, e.g. a global shortcut another app holds. */
  | 'setting_unavailable'
  /** Anything not foreseen; the log has the error's class, never its text. */
  | 'unexpected';

export type FailureCode = TokenErrorCode | AppErrorCode;

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: FailureCode;
  readonly issues?: ProfileIssue[];

  constructor(code: FailureCode, message: string, issues?: ProfileIssue[]) {
    super(message);
    this.code = code;
    this.issues = issues;
  }
}

export function profileNotFound(profileId: string): AppError {
  return new AppError(
    'not_found',
    `No profile has the id "${profileId}": it may have been deleted`,
  );
}

/** A profile that did not validate: the first issue leads the message, all are attached. */
export function profileRejected(
  issues: ProfileIssue[],
  lead = 'The profile cannot be saved',
): AppError {
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  const message = first ? `${lead}: ${first.message}${more}` : lead;
  return new AppError('invalid_profile', message, issues);
}
