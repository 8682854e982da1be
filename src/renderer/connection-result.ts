// The outcome of "Test connection", explained: what was issued on success, and on failure what
// went wrong and what to change in the form, in the terms of the error code main returned.
import type { TestConnectionResult } from '../shared/ipc-contract';

import type { Failure } from './api';
import { el } from './dom';
import { formatDuration, formatTime, generationLabel } from './format';

const titles: Record<string, string> = {
  invalid_profile: 'The profile is not complete',
  missing_secret: 'A secret is missing',
  secret_unreadable: 'A stored secret cannot be read',
  unreadable_file: 'A file could not be read',
  server_refused: 'The server refused the request',
  rate_limited: 'The server asked to slow down',
  server_error: 'The server failed',
  network: 'The server could not be reached',
  tls: 'The secure connection failed',
  timeout: 'The server did not answer in time',
  redirect: 'The token endpoint redirected',
  bad_response: 'The answer was not a token response',
};

/**
 * What to change in this form. Main's message already says what to do about the server's
 * answer; only the two form-bound cases get a line of their own.
 */
const advice: Record<string, string> = {
  invalid_profile: 'Correct the fields marked in the form, then test again.',
  missing_secret: 'Enter the secret in the form: the test uses it, and Save stores it.',
};

export function renderTestSuccess(result: TestConnectionResult, nowMs: number): HTMLElement {
  const who = result.claims?.application?.name ?? result.claims?.name;
  const device = result.claims?.device?.name;
  return el(
    'div',
    { className: 'result result-good', attrs: { 'data-testid': 'test-result', 'data-ok': 'true' } },
    [
      el('p', {
        className: 'result-title',
        text: `Connected: ${generationLabel(result.generation)}`,
      }),
      el('p', {
        text: `A ${result.tokenType} token was issued, valid until ${formatTime(result.expiresAtMs)} (for ${formatDuration(
          result.expiresAtMs - nowMs,
        )}).`,
      }),
      who
        ? el('p', {
            text: device ? `Signed in as ${who} on device ${device}.` : `Signed in as ${who}.`,
          })
        : null,
      ...result.warnings.map((warning) => el('p', { className: 'note', text: warning })),
      el('p', {
        className: 'muted',
        text: 'The test token is not kept. Save the profile to use it.',
      }),
    ],
  );
}

export function renderTestFailure(failure: Failure): HTMLElement {
  const hint = advice[failure.code];
  return el(
    'div',
    {
      className: 'result result-bad',
      attrs: {
        'data-testid': 'test-result',
        'data-ok': 'false',
        'data-code': failure.code,
        role: 'alert',
      },
    },
    [
      el('p', { className: 'result-title', text: titles[failure.code] ?? 'The test failed' }),
      el('p', { text: failure.message }),
      hint ? el('p', { className: 'result-advice', text: hint }) : null,
    ],
  );
}
