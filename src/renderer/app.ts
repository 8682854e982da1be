// The window's entry point: build both views, load the state from main once, then follow the
// state main pushes and its requests to show a view. It holds no logic of its own.
import type { TokenTrayApi } from '../shared/ipc-contract';

import { createAnnouncer } from './announcer';
import { getApi, settle } from './api';
import { byId, el, replace } from './dom';
import { createProfilesView } from './profiles-view';
import { createSessionView } from './session-view';
import { createStore, emptyAppState, type Store } from './store';
import { createTabBar } from './tabs';

async function start(api: TokenTrayApi): Promise<void> {
  const store = createStore({ app: emptyAppState, view: initialView() });
  const announce = createAnnouncer();
  const profiles = createProfilesView({ api, store, announce });
  const session = createSessionView({
    api,
    store,
    announce,
    addProfile: () => {
      store.update({ view: 'profiles' });
      profiles.addProfile();
    },
    editProfile: (profileId) => {
      store.update({ view: 'profiles' });
      profiles.editProfile(profileId);
    },
  });
  const main = el('main', { className: 'views' }, [session, profiles.element]);
  replace(byId('app'), [createTabBar(store), main, announce.element]);
  followView(store, session, profiles.element);

  api.onStateChanged((app) => store.update({ app }));
  api.onShowView((request) =>
    store.update({
      view: request.view,
      ...(request.profileId ? { shownProfileId: request.profileId } : {}),
    }),
  );
  const state = await settle(() => api.getState());
  if (state.ok) {
    store.update({ app: state.value });
  } else {
    announce.error(state.message);
  }
  document.body.dataset.ready = 'true';
  markFirstPaint();
}

/**
 * Marks the first frame that shows main's state: a timer queued from the frame callback runs
 * once that frame has been painted. `npm run bench` and the tests read the mark.
 */
function markFirstPaint(): void {
  requestAnimationFrame(() => setTimeout(() => performance.mark('token-tray:first-paint'), 0));
}

function followView(store: Store, session: HTMLElement, profiles: HTMLElement): void {
  const show = (view: string): void => {
    session.hidden = view !== 'session';
    profiles.hidden = view !== 'profiles';
    session.setAttribute('role', 'tabpanel');
    profiles.setAttribute('role', 'tabpanel');
    session.setAttribute('aria-labelledby', 'tab-session');
    profiles.setAttribute('aria-labelledby', 'tab-profiles');
  };
  store.subscribe((state) => show(state.view));
  show(store.get().view);
}

/** The tray opens the window at `#profiles` for "Manage profiles…", `#session` otherwise. */
function initialView(): 'session' | 'profiles' {
  return window.location.hash === '#profiles' ? 'profiles' : 'session';
}

void start(getApi());
