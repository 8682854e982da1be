// The tray icon and tooltip: the state must be readable from the tray itself, since
// notifications may be silenced. Pure functions of the app state and the current time.
import { formatDuration } from '../../shared/duration';
import type { AppState, ProfileView, SessionView } from '../../shared/ipc-contract';
import { effectiveStatus } from '../../shared/session-status';

export type TrayIcon = 'none' | 'valid' | 'renewing' | 'expiring' | 'expired' | 'error';

export interface TrayStatusInput {
  state: AppState;
  nowMs: number;
}

/** Windows cuts tray tooltips longer than this (NOTIFYICONDATA.szTip holds 128 characters). */
export const MAX_TOOLTIP = 127;
const MAX_REASON = 60;

export function trayStatus(input: TrayStatusInput): { icon: TrayIcon; tooltip: string } {
  const active = activeOf(input.state);
  if (!active) {
    const tooltip =
      input.state.profiles.length === 0
        ? 'No profile — open Manage profiles…'
        : 'No active profile — choose one under Profiles';
    return { icon: 'none', tooltip };
  }

  const { icon, text } = describeSession(active.session, input.nowMs);
  return { icon, tooltip: truncate(`${active.profile.name} — ${text}`, MAX_TOOLTIP) };
}

/** The active profile and its session, when there is one. */
export function activeOf(
  state: AppState,
): { profile: ProfileView; session?: SessionView } | undefined {
  const profile = state.profiles.find((candidate) => candidate.id === state.activeProfileId);
  if (!profile) {
    return undefined;
  }
  return { profile, session: state.sessions.find((session) => session.profileId === profile.id) };
}

/** A session's state in a few words, e.g. "valid 52 min" (for menu items). */
export function shortStatus(session: SessionView | undefined, nowMs: number): string {
  const remaining = remainingOf(session, nowMs);
  switch (statusAt(session, nowMs)) {
    case 'valid':
      return `valid ${formatDuration(remaining)}`;
    case 'expiring':
      return `expires in ${formatDuration(remaining)}`;
    case 'acquiring':
    case 'renewing':
      return 'renewing';
    case 'expired':
      return 'expired';
    case 'error':
      return 'error';
    default:
      return 'no token';
  }
}

/** The first clause of an error message: what went wrong, without the advice. */
export function shortReason(message: string): string {
  const clause = message.split(/[:.](?:\s|$)/)[0] ?? message;
  return truncate(clause.trim(), MAX_REASON);
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function describeSession(
  session: SessionView | undefined,
  nowMs: number,
): { icon: TrayIcon; text: string } {
  const remaining = formatDuration(remainingOf(session, nowMs));
  const reason = session?.error ? shortReason(session.error.message) : undefined;
  switch (statusAt(session, nowMs)) {
    case 'valid':
      return { icon: 'valid', text: `token valid for ${remaining}` };
    case 'expiring':
      return { icon: 'expiring', text: `token expires in ${remaining}` };
    case 'acquiring':
      return { icon: 'renewing', text: 'getting a token…' };
    case 'renewing':
      return { icon: 'renewing', text: 'renewing the token…' };
    case 'expired':
      return { icon: 'expired', text: reason ? `token expired: ${reason}` : 'token expired' };
    case 'error':
      return {
        icon: 'error',
        text: session?.hasToken
          ? `renewal failed: ${reason ?? 'unknown reason'}`
          : `no token: ${reason ?? 'unknown reason'}`,
      };
    default:
      return { icon: 'none', text: 'no token yet' };
  }
}

/** The snapshot may be older than the clock: a token past its expiry counts as expired. */
function statusAt(
  session: SessionView | undefined,
  nowMs: number,
): SessionView['status'] | undefined {
  return session && effectiveStatus(session, nowMs);
}

function remainingOf(session: SessionView | undefined, nowMs: number): number {
  return session?.expiresAtMs === undefined ? 0 : session.expiresAtMs - nowMs;
}
