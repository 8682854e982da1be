// What the CLI writes. stdout carries only the requested result, so it can be piped; stderr
// carries one line per error or warning, always passed through the redaction pass.
import { claimsOfToken } from '../core/claims';
import type { TokenError } from '../core/errors';
import { redact } from '../core/redact';
import type { TokenSet } from '../core/token-set';
import { authorizationHeader } from '../core/token-set';

import type { OutputFormat } from './arguments';
import { cliMessage, cliWording } from './cli-wording';

const PROGRAM = 'santedb-token';

/** The text for stdout, ending in a newline. */
export function formatResult(format: OutputFormat, token: TokenSet, nowMs: number): string {
  switch (format) {
    case 'token':
      return `${token.accessToken}\n`;
    case 'header':
      return `Authorization: ${authorizationHeader(token)}\n`;
    case 'claims':
      return `${JSON.stringify(claimsOfToken(token) ?? {}, null, 2)}\n`;
    case 'json':
      return `${JSON.stringify(jsonResult(token, nowMs), null, 2)}\n`;
  }
}

function jsonResult(token: TokenSet, nowMs: number) {
  return {
    access_token: token.accessToken,
    token_type: token.tokenType,
    expires_at: new Date(token.expiresAtMs).toISOString(),
    // From our own expiry, so that it agrees with expires_at whatever unit the server used.
    expires_in: Math.max(0, Math.floor((token.expiresAtMs - nowMs) / 1000)),
    protocol: token.generation,
    claims: claimsOfToken(token) ?? null,
  };
}

/** Lines for stderr that accompany a successful result. */
export function resultNotes(format: OutputFormat, token: TokenSet): string[] {
  const notes = token.warnings.map((warning) => `warning: ${cliWording(warning)}`);
  if (format === 'claims' && token.idToken === undefined) {
    notes.push('note: the server sent no id_token, so there are no claims to show');
  } else if (format === 'claims' && claimsOfToken(token) === undefined) {
    notes.push('note: the id_token could not be decoded, so there are no claims to show');
  }
  return notes.map(stderrLine);
}

/** One stderr line naming the cause: the message, then the code, status and OAuth error. */
export function formatTokenError(error: TokenError): string {
  const message = cliMessage(error);
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

function stderrLine(text: string): string {
  return `${PROGRAM}: ${redact(text.replace(/\s+/g, ' ').trim())}\n`;
}
