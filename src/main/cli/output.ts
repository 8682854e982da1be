// What the CLI writes to stderr: one line per error or warning, always passed through the
// redaction pass. A successful run's output is in success-output.ts.
import type { TokenError } from '../core/errors';
import { redact } from '../core/redact';

import { cliMessage } from './cli-wording';
import type { GivenNodeAuth } from './cli-wording';

const PROGRAM = 'santedb-token';

/** One stderr line naming the cause: the message, then the code, status and OAuth error. */
export function formatTokenError(error: TokenError, given?: GivenNodeAuth): string {
  const message = cliMessage(error, given);
  const { status, oauthError, detail } = error.context;
  const facts: string[] = [error.code];
  // The core's messages often name the status and error already; say each fact once.
  if (status !== undefined && !message.includes(`HTTP ${status}`)) {
    facts.push(`HTTP ${status}`);
  }
  if (oauthError && !message.includes(oauthError)) {
    facts.push(`error ${oauthError}`);
  }
  if (detail && !message.includes(detail)) {
    facts.push(detail);
  }
  return stderrLine(`${message} (${facts.join(', ')})`);
}

export function formatUsageError(message: string): string {
  return stderrLine(`${message} (see santedb-token --help)`);
}

/** For a failure that is not a TokenError: a bug, named (and redacted) so it can be reported. */
export function formatInternalError(error: unknown): string {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
  return stderrLine(`internal error, please report it (${what})`);
}

export function stderrLine(text: string): string {
  return `${PROGRAM}: ${redact(text.replace(/\s+/g, ' ').trim())}\n`;
}
