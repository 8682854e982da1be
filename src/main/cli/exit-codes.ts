// The CLI's exit codes are part of its contract: scripts branch on them, so each one groups
// the failures a caller would handle the same way.
import { categoryOf } from '../core/errors';
import type { TokenError, TokenErrorCategory, TokenErrorCode } from '../core/errors';

export const ExitCode = {
  ok: 0,
  /** The command line, the environment or a file it names cannot work as given. */
  usage: 2,
  /** The server answered and refused: wrong credentials, policy, rate limit, its own failure. */
  refused: 3,
  /** The server could not be reached or trusted in time: network, TLS, timeout. */
  transport: 4,
  /** The server answered with something that is not a usable token response. */
  unexpected: 5,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit codes follow the engine's categories of failure, one for one. */
const byCategory: Record<TokenErrorCategory, ExitCodeValue> = {
  configuration: ExitCode.usage,
  refused: ExitCode.refused,
  transport: ExitCode.transport,
  response: ExitCode.unexpected,
  internal: ExitCode.unexpected,
};

export function exitCodeForError(code: TokenErrorCode): ExitCodeValue {
  return byCategory[categoryOf(code)];
}

/**
 * A wrong certificate passphrase is a TLS error to the engine, but nothing was sent: it is the
 * environment that must change, so a script must not retry it as a network failure.
 */
export function exitCodeFor(error: TokenError): ExitCodeValue {
  if (error.code === 'tls' && error.context.field === 'secrets.certPassphrase') {
    return ExitCode.usage;
  }
  return exitCodeForError(error.code);
}
