// "Show session…": the shown profile's session, what its status means, its claims, and the
// actions on it. The token never comes here: copying is asked of main, which writes the clipboard.
import type { SessionView, TokenTrayApi } from '../shared/ipc-contract';

import type { Announcer } from './announcer';
import { renderClaims } from './claims-view';
import { button, el, replace } from './dom';
import { createExpiryMemory } from './expiry-memory';
import { createProfileSwitcher } from './profile-switcher';
import { createSessionActions } from './session-actions';
import { renderSessionFacts } from './session-facts';
import { StatusCard } from './status-card';
import { sessionOf, shownProfile, type Store, type WindowState } from './store';

export interface SessionViewDeps {
  api: TokenTrayApi;
  store: Store;
  announce: Announcer;
  /** Open the profile form for a new profile, from the empty state. */
  addProfile(): void;
  /** Open the profile form on one profile, e.g. to fix what an error names. */
  editProfile(profileId: string): void;
}

export function createSessionView(deps: SessionViewDeps): HTMLElement {
  const switcher = createProfileSwitcher(deps);
  const statusCard = new StatusCard(deps.editProfile);
  const actions = createSessionActions(deps);
  const facts = el('div');
  const claims = el('div');
  const body = el('div', { className: 'stack' }, [
    statusCard.element,
    actions.element,
    facts,
    claims,
  ]);
  const empty = renderEmpty(deps.addProfile);
  const rememberExpiry = createExpiryMemory();
  let claimsKey = '';

  const render = (state: WindowState): void => {
    const profile = shownProfile(state);
    const shown = profile && sessionOf(state, profile.id);
    const session = shown && rememberExpiry(shown);
    empty.hidden = profile !== undefined;
    body.hidden = session === undefined;
    switcher.show(state, profile);
    if (!session) {
      return;
    }
    statusCard.show(session);
    actions.show(session);
    replace(facts, [renderSessionFacts(session)]);
    claimsKey = showClaims(claims, session, claimsKey);
  };

  deps.store.subscribe(render);
  render(deps.store.get());
  return el(
    'section',
    { className: 'view', attrs: { id: 'view-session', 'aria-label': 'Session' } },
    [switcher.element, empty, body],
  );
}

/** Rebuild the claims only when they changed, so an open raw view stays open across updates. */
function showClaims(container: HTMLElement, session: SessionView, previousKey: string): string {
  const key = JSON.stringify([
    session.profileId,
    session.idToken,
    session.hasToken,
    session.claims ?? null,
  ]);
  if (key !== previousKey) {
    replace(container, [renderClaims(session.claims, session.idToken, session.hasToken)]);
  }
  return key;
}

function renderEmpty(addProfile: () => void): HTMLElement {
  return el('div', { className: 'card empty' }, [
    el('h2', { text: 'No profile yet' }),
    el('p', {
      text: 'A profile says which server to ask for a token and which application (and device) to ask as.',
    }),
    button('Add a profile', addProfile, { className: 'button primary' }),
  ]);
}
