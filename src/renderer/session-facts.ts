// The facts of one session: where its token comes from, which protocol was spoken, and when
// the token was issued and runs out.
import type { SessionView } from '../shared/ipc-contract';

import { breakableUrl, el } from './dom';
import { formatDateTime, formatDuration, generationLabel, protocolLabel } from './format';

/** Server, protocol and token times, as a definition list. */
export function renderSessionFacts(session: SessionView): HTMLElement {
  const detected = protocolText(session);

  return el('section', { className: 'card', attrs: { 'aria-label': 'Session details' } }, [
    el('h2', { text: 'Session' }),
    el('dl', { className: 'facts' }, [
      el('dt', { text: 'Token endpoint' }),
      el('dd', { className: 'mono wrap' }, [breakableUrl(session.tokenEndpoint)]),
      el('dt', { text: 'Protocol' }),
      el('dd', { text: detected, attrs: { 'data-testid': 'generation' } }),
      el('dt', { text: 'Token type' }),
      el('dd', { text: session.tokenType ?? '—' }),
      el('dt', { text: 'Issued at' }),
      el('dd', { text: formatDateTime(session.claims?.issuedAtMs ?? session.obtainedAtMs) }),
      el('dt', { text: 'Expires at' }),
      el('dd', {
        text: formatDateTime(session.expiresAtMs),
        attrs: { 'data-testid': 'expires-at' },
      }),
      ...skewRows(session.clockSkewMs),
    ]),
  ]);
}

/** The generation spoken, or what the profile asks for until a token has been requested. */
function protocolText(session: SessionView): string {
  if (session.generation) {
    return generationLabel(session.generation);
  }
  return session.protocol === 'auto'
    ? 'Not detected yet (3.x or 2.x)'
    : `${protocolLabel(session.protocol)}, as configured`;
}

function skewRows(skewMs: number | undefined): Node[] {
  // Only worth a line when the server's clock is off by enough to confuse expiry times.
  if (skewMs === undefined || Math.abs(skewMs) < 5000) {
    return [];
  }
  const direction = skewMs > 0 ? 'ahead of' : 'behind';
  return [
    el('dt', { text: 'Server clock' }),
    el('dd', { text: `${formatDuration(Math.abs(skewMs))} ${direction} this computer` }),
  ];
}
