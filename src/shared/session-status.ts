// One reading of a session's status against the clock, for the tray and the windows alike.
import type { SessionStatus, SessionView } from './ipc-contract';

/**
 * The status at `nowMs`. Main pushes `expired` when its timer fires, but a view may be older
 * than the clock (a window that slept): a token past its expiry must not still read as valid.
 */
export function effectiveStatus(
  session: Pick<SessionView, 'status' | 'expiresAtMs'>,
  nowMs: number,
): SessionStatus {
  const pastExpiry = session.expiresAtMs !== undefined && session.expiresAtMs <= nowMs;
  if (pastExpiry && (session.status === 'valid' || session.status === 'expiring')) {
    return 'expired';
  }
  return session.status;
}
