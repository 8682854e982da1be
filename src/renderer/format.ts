// How times, durations and protocol names read on screen. Pure functions, so they are tested
// without a browser.
import type { Generation, Protocol, SessionStatus } from '../shared/ipc-contract';

const generationLabels: Record<Generation, string> = {
  santedb3: 'SanteDB 3.x',
  santedb2: 'SanteDB 2.x',
  oauth2: 'OAuth 2.0',
};

const protocolLabels: Record<Protocol, string> = {
  auto: 'SanteDB, detect 3.x or 2.x',
  ...generationLabels,
};

export function generationLabel(generation: Generation | undefined): string {
  return generation ? generationLabels[generation] : 'Not detected yet';
}

export function protocolLabel(protocol: Protocol): string {
  return protocolLabels[protocol];
}

export const statusLabels: Record<SessionStatus, string> = {
  idle: 'No token',
  acquiring: 'Signing in…',
  valid: 'Valid',
  renewing: 'Renewing…',
  expiring: 'Expiring',
  expired: 'Expired',
  error: 'Error',
};

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

export function formatDateTime(ms: number | undefined): string {
  return ms === undefined ? '—' : dateTime.format(new Date(ms));
}

export function formatTime(ms: number): string {
  return timeOnly.format(new Date(ms));
}

/** A duration in words, coarse enough to read at a glance: "1 h 05 min", "42 s". */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;

  if (days > 0) {
    return `${days} d ${hours} h`;
  }
  if (hours > 0) {
    return `${hours} h ${pad(minutes)} min`;
  }
  if (minutes > 0) {
    return `${minutes} min ${pad(seconds)} s`;
  }
  return `${seconds} s`;
}

/** A clock-style countdown, "59:58" or "1:02:03"; whole seconds are rounded down. */
export function formatClock(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

/** "in 5 min 00 s" or "3 min 12 s ago", relative to `nowMs`. */
export function formatRelative(targetMs: number, nowMs: number): string {
  const difference = targetMs - nowMs;
  return difference >= 0
    ? `in ${formatDuration(difference)}`
    : `${formatDuration(-difference)} ago`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
