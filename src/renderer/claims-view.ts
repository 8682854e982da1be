// The id_token's claims, made readable: who the session is for, who issued it for whom, and
// which SanteDB policies it grants. Every value is server-controlled and goes in as text.
import type { ClaimsView, ScopeView, SessionView } from '../shared/ipc-contract';

import { el } from './dom';
import { formatDateTime } from './format';

type Party = { id?: string; name?: string } | undefined;

const badges: Record<SessionView['idToken'], { label: string; title: string; tone: string }> = {
  verified: {
    label: 'Signature verified',
    title: "The id_token's signature was checked against the server's published keys.",
    tone: 'good',
  },
  decoded: {
    label: 'Decoded, not verified',
    title:
      "The id_token was read but its signature was not checked: treat these claims as the server's claim, not as proof.",
    tone: 'warn',
  },
  absent: {
    label: 'No id_token',
    title: 'The server sent no id_token, so there are no claims to show.',
    tone: 'neutral',
  },
};

export function idTokenBadge(kind: SessionView['idToken']): HTMLElement {
  const badge = badges[kind];
  return el('span', {
    className: `chip chip-${badge.tone}`,
    text: badge.label,
    attrs: { title: badge.title, 'data-testid': 'id-token-badge', 'data-kind': kind },
  });
}

const noTokenText = 'There is no current token, so there are no claims to show.';

export function renderClaims(
  claims: ClaimsView | undefined,
  kind: SessionView['idToken'],
  hasToken: boolean,
): Node {
  const heading = el('div', { className: 'section-heading' }, [
    el('h2', { text: 'Claims' }),
    hasToken ? idTokenBadge(kind) : null,
  ]);
  if (!claims) {
    return el('section', { className: 'card', attrs: { 'aria-label': 'Claims' } }, [
      heading,
      el('p', { className: 'muted', text: hasToken ? badges[kind].title : noTokenText }),
    ]);
  }

  return el('section', { className: 'card', attrs: { 'aria-label': 'Claims' } }, [
    heading,
    kind === 'decoded' ? el('p', { className: 'note', text: badges.decoded.title }) : null,
    el('dl', { className: 'facts' }, [
      ...partyRows('Application', claims.application),
      ...partyRows('Device', claims.device),
      ...partyRows('User', claims.user),
      ...row('Name', claims.name === knownName(claims) ? undefined : claims.name),
      ...row(
        'Subject',
        knownIds(claims).includes(claims.subject) ? undefined : claims.subject,
        'mono',
      ),
      ...row('Issuer', claims.issuer),
      ...row('Audience', claims.audience.join(', ') || undefined),
      ...row('Session id', claims.sessionId, 'mono'),
      // `nbf` usually equals `iat`, which the session card already shows as issued at.
      ...row(
        'Not before',
        claims.notBeforeMs !== undefined && claims.notBeforeMs !== claims.issuedAtMs
          ? formatDateTime(claims.notBeforeMs)
          : undefined,
      ),
    ]),
    renderScopes(claims.scopes),
    claims.roles.length > 0 ? renderRoles(claims.roles) : null,
    renderRaw(claims.raw),
  ]);
}

/** `name` and `sub` repeat the application's or user's name and id; show them only when not. */
function knownName(claims: ClaimsView): string | undefined {
  return claims.user?.name ?? claims.application?.name;
}

function knownIds(claims: ClaimsView): (string | undefined)[] {
  return [claims.user?.id, claims.application?.id, claims.device?.id];
}

function partyRows(label: string, party: Party): Node[] {
  if (!party || (!party.id && !party.name)) {
    return [];
  }
  const value = el('dd', {}, [
    party.name ? el('span', { text: party.name }) : null,
    party.id ? el('span', { className: 'mono subtle', text: party.id }) : null,
  ]);
  return [el('dt', { text: label }), value];
}

function row(label: string, value: string | undefined, className?: string): Node[] {
  if (value === undefined || value === '') {
    return [];
  }
  return [el('dt', { text: label }), el('dd', { className, text: value })];
}

function renderScopes(scopes: ScopeView[]): Node {
  const title = el('h3', { text: `Scopes (${scopes.length})` });
  if (scopes.length === 0) {
    return el('div', {}, [title, el('p', { className: 'muted', text: 'No scope claim.' })]);
  }
  const items = scopes.map((scope) =>
    el('li', { className: 'scope' }, [
      el('span', {
        className: scope.name ? 'scope-name' : 'scope-name muted',
        text: scope.name ?? 'Policy not known to this app',
      }),
      el('span', { className: 'mono subtle', text: scope.value }),
    ]),
  );
  return el('div', {}, [
    title,
    el('ul', { className: 'scopes', attrs: { 'data-testid': 'scopes' } }, items),
  ]);
}

function renderRoles(roles: string[]): Node {
  return el('div', {}, [
    el('h3', { text: 'Roles' }),
    el(
      'ul',
      { className: 'tags' },
      roles.map((role) => el('li', { className: 'tag', text: role })),
    ),
  ]);
}

function renderRaw(raw: Record<string, unknown>): Node {
  return el('details', { className: 'raw' }, [
    el('summary', { text: 'Raw claims (JSON)' }),
    el('pre', {
      className: 'mono',
      text: JSON.stringify(raw, null, 2),
      attrs: { tabindex: '0', 'aria-label': 'Raw claims as JSON', 'data-testid': 'raw-claims' },
    }),
  ]);
}
