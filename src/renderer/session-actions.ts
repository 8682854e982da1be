// The four things a user does with a session. Copying is done by main, which writes the
// clipboard and clears it later; the page only hears that it happened.
import type { IpcResult, SessionView, TokenTrayApi } from '../shared/ipc-contract';

import type { Announcer } from './announcer';
import { settle } from './api';
import { button, el } from './dom';
import { withSession, type Store } from './store';

interface Deps {
  api: TokenTrayApi;
  store: Store;
  announce: Announcer;
}

export interface SessionActions {
  element: HTMLElement;
  show(session: SessionView): void;
}

export function createSessionActions(deps: Deps): SessionActions {
  const { api } = deps;
  let profileId = '';

  const copyToken = button('Copy bearer token', () => void copy(deps, profileId, 'token'), {
    className: 'button primary',
  });
  const copyHeader = button(
    'Copy Authorization header',
    () => void copy(deps, profileId, 'header'),
  );
  const renew = button(
    'Renew now',
    () => void update(deps, () => api.renewSession(profileId), 'Token renewed.'),
  );
  const signOut = button(
    'Sign out',
    () => void update(deps, () => api.signOut(profileId), 'Signed out.'),
  );

  return {
    element: el(
      'div',
      { className: 'actions', attrs: { role: 'group', 'aria-label': 'Token actions' } },
      [copyToken, copyHeader, renew, signOut],
    ),
    show(session) {
      profileId = session.profileId;
      renew.disabled = session.status === 'acquiring' || session.status === 'renewing';
      signOut.disabled = !session.hasToken;
    },
  };
}

async function copy(deps: Deps, profileId: string, format: 'token' | 'header'): Promise<void> {
  const result = await settle(() => deps.api.copyToken(profileId, format));
  if (!result.ok) {
    deps.announce.error(`Nothing was copied. ${result.message}`);
    return;
  }

  const what = format === 'token' ? 'Bearer token' : 'Authorization header';
  const clears = result.value.clearsInSeconds;
  deps.announce.info(
    clears === undefined
      ? `${what} copied.`
      : `${what} copied. The clipboard is cleared in ${clears} s.`,
  );
}

/** Renew or sign out, then show the session main answered with at once. */
async function update(
  deps: Deps,
  call: () => Promise<IpcResult<SessionView>>,
  done: string,
): Promise<void> {
  const result = await settle(call);
  if (!result.ok) {
    deps.announce.error(result.message);
    return;
  }
  deps.store.update({ app: withSession(deps.store.get().app, result.value) });
  deps.announce.info(done);
}
