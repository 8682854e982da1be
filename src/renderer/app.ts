// The window's entry point: build the views, load the state from main once, then follow the
// state main pushes and its requests to show a view. It holds no logic of its own.
import type { TokenTrayApi } from '../shared/ipc-contract';

import { createAnnouncer } from './announcer';
import { getApi, settle } from './api';
import { byId, el, replace } from './dom';
import { createProfilesView } from './profiles-view';
import { createSessionView } from './session-view';
import { createSettingsView } from './settings-view';
import { createStore, emptyAppState, type Store, type ViewName } from './store';
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
  const settings = createSettingsView({ api, store, announce });
  const views: Record<ViewName, HTMLElement> = { session, profiles: profiles.element, settings };
  const main = el('main', { className: 'views' }, Object.values(views));
  replace(byId('app'), [createTabBar(store), main, announce.element]);
  followView(store, views);

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

function followView(store: Store, views: Record<ViewName, HTMLElement>): void {
  for (const [name, element] of Object.entries(views)) {
    element.setAttribute('role', 'tabpanel');
    element.setAttribute('aria-labelledby', `tab-${name}`);
  }
  const show = (shown: ViewName): void => {
    for (const [name, element] of Object.entries(views)) {
      element.hidden = name !== shown;
    }
  };
  store.subscribe((state) => show(state.view));
  show(store.get().view);
}

/** The tray opens the window at `#profiles` for "Manage profiles…", `#session` otherwise. */
function initialView(): ViewName {
  const views: ViewName[] = ['profiles', 'settings'];
  return views.find((view) => window.location.hash === `#${view}`) ?? 'session';
}

void start(getApi());
