// Main forgets an expired token, its times included. The window remembers when each profile's
// last token was issued and ran out, so an expired session can still say when, and how long ago.
import type { SessionView } from '../shared/ipc-contract';

type Times = Pick<SessionView, 'obtainedAtMs' | 'expiresAtMs'>;

export function createExpiryMemory(): (session: SessionView) => SessionView {
  const last = new Map<string, Times>();

  return (session) => {
    if (session.expiresAtMs !== undefined) {
      last.set(session.profileId, {
        obtainedAtMs: session.obtainedAtMs,
        expiresAtMs: session.expiresAtMs,
      });
      return session;
    }
    const remembered = last.get(session.profileId);
    if (session.status !== 'expired' || remembered === undefined) {
      // Signed out, failed or edited: the old times no longer describe anything.
      last.delete(session.profileId);
      return session;
    }
    return { ...session, ...remembered };
  };
}
