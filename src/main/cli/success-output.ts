// What a successful run writes. stdout carries only the requested result, so it can be piped;
// stderr gets the warnings. Loaded by run-cli.ts once a token is in hand, so that --help, usage
// errors and failures never evaluate the claims decoder or the policy table.
import { claimsOfToken } from '../core/claims';
import type { TokenSet } from '../core/token-set';
import { authorizationHeader } from '../core/token-set';

import type { OutputFormat } from './arguments';
import { cliWording } from './cli-wording';
import { stderrLine } from './output';

/** What a successful run writes: the text for stdout, ending in a newline, and stderr lines. */
export function formatSuccess(
  format: OutputFormat,
  token: TokenSet,
  nowMs: number,
): { stdout: string; notes: string[] } {
  // Decoded once, and only for the formats that show claims.
  const claims = format === 'claims' || format === 'json' ? claimsOfToken(token) : undefined;
  return {
    stdout: formatResult(format, token, claims, nowMs),
    notes: resultNotes(format, token, claims),
  };
}

function formatResult(
  format: OutputFormat,
  token: TokenSet,
  claims: Record<string, unknown> | undefined,
  nowMs: number,
): string {
  switch (format) {
    case 'token':
      return `${token.accessToken}\n`;
    case 'header':
      return `Authorization: ${authorizationHeader(token)}\n`;
    case 'claims':
      return `${JSON.stringify(claims ?? {}, null, 2)}\n`;
    case 'json':
      return `${JSON.stringify(jsonResult(token, claims, nowMs), null, 2)}\n`;
  }
}

function jsonResult(token: TokenSet, claims: Record<string, unknown> | undefined, nowMs: number) {
  return {
    access_token: token.accessToken,
    token_type: token.tokenType,
    expires_at: new Date(token.expiresAtMs).toISOString(),
    // From our own expiry, so that it agrees with expires_at whatever unit the server used.
    expires_in: Math.max(0, Math.floor((token.expiresAtMs - nowMs) / 1000)),
    protocol: token.generation,
    claims: claims ?? null,
  };
}

function resultNotes(
  format: OutputFormat,
  token: TokenSet,
  claims: Record<string, unknown> | undefined,
): string[] {
  const notes = token.warnings.map((warning) => `warning: ${cliWording(warning)}`);
  if (format === 'claims' && token.idToken === undefined) {
    notes.push('note: the server sent no id_token, so there are no claims to show');
  } else if (format === 'claims' && claims === undefined) {
    notes.push('note: the id_token could not be decoded, so there are no claims to show');
  }
  return notes.map(stderrLine);
}
