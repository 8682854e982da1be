// What a session's status means to the person looking at it, and what they can do next. Kept
// apart from the DOM so each sentence is tested as text.
import type { SessionStatus, SessionView } from '../shared/ipc-contract';
import { effectiveStatus } from '../shared/session-status';

import { formatRelative, formatTime, statusLabels } from './format';

export type Tone = 'good' | 'busy' | 'warn' | 'bad' | 'neutral';

export interface StatusExplanation {
  status: SessionStatus;
  tone: Tone;
  label: string;
  /** What is happening, in one sentence. */
  detail: string;
  /** What to do about it, when there is something to do. */
  advice?: string;
}

const tones: Record<SessionStatus, Tone> = {
  idle: 'neutral',
  acquiring: 'busy',
  valid: 'good',
  renewing: 'busy',
  expiring: 'warn',
  expired: 'bad',
  error: 'bad',
};

export function explainStatus(session: SessionView, nowMs: number): StatusExplanation {
  const status = effectiveStatus(session, nowMs);
  const base = { status, tone: tones[status], label: statusLabels[status] };

  switch (status) {
    case 'idle':
      return {
        ...base,
        detail: 'No token has been requested for this profile yet.',
        advice: 'Choose Renew now to request one. Copying also requests one first.',
      };
    case 'acquiring':
      return { ...base, detail: 'Asking the server for a token…' };
    case 'valid':
      return { ...base, detail: validDetail(session, nowMs) };
    case 'renewing':
      return {
        ...base,
        detail: 'A new token is being requested. The current one works until it expires.',
      };
    case 'expiring':
      return {
        ...base,
        detail: 'The token expires soon and automatic renewal is off for this profile.',
        advice: 'Choose Renew now to get a new token before it stops working.',
      };
    case 'expired':
      return {
        ...base,
        detail:
          session.expiresAtMs === undefined
            ? 'The token has expired: the server will refuse it.'
            : `The token expired at ${formatTime(session.expiresAtMs)}: the server will refuse it.`,
        advice: 'Choose Renew now to sign in again.',
      };
    case 'error':
      return errorExplanation(session, nowMs, base);
  }
}

function validDetail(session: SessionView, nowMs: number): string {
  if (session.renewAtMs === undefined) {
    return 'The token is valid. It is not renewed automatically: renew it before it expires.';
  }
  if (session.renewAtMs <= nowMs) {
    return 'The token is valid and is about to be renewed.';
  }
  const when = formatRelative(session.renewAtMs, nowMs);
  return `The token is valid. It renews automatically at ${formatTime(session.renewAtMs)} (${when}).`;
}

function errorExplanation(
  session: SessionView,
  nowMs: number,
  base: Pick<StatusExplanation, 'status' | 'tone' | 'label'>,
): StatusExplanation {
  const error = session.error;
  const parts = [asSentence(error?.message ?? 'The last token request failed')];
  if (session.hasToken && session.expiresAtMs !== undefined && session.expiresAtMs > nowMs) {
    parts.push(`The current token still works until ${formatTime(session.expiresAtMs)}.`);
  }
  if (session.retryAtMs !== undefined && session.retryAtMs > nowMs) {
    parts.push(`Trying again ${formatRelative(session.retryAtMs, nowMs)}.`);
  } else if (error) {
    parts.push(`Last attempt at ${formatTime(error.atMs)}.`);
  }

  return {
    ...base,
    detail: parts.join(' '),
    // Main leaves the hint out when its message already says what to do.
    advice: error?.hint && asSentence(error.hint),
  };
}

/** Main's messages may or may not end in a full stop; joined sentences need one. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
