// Which profile's session the view shows, whether that is the active profile, and a way to
// make it so without leaving the view.
import type { ProfileView, TokenTrayApi } from '../shared/ipc-contract';

import type { Announcer } from './announcer';
import { failureOf, settle } from './api';
import { button, el, replace } from './dom';
import type { Store, WindowState } from './store';

export interface ProfileSwitcher {
  element: HTMLElement;
  show(state: WindowState, profile: ProfileView | undefined): void;
}

export function createProfileSwitcher(deps: {
  api: TokenTrayApi;
  store: Store;
  announce: Announcer;
}): ProfileSwitcher {
  const select = el('select', {
    attrs: { id: 'session-profile', 'data-testid': 'profile-switcher' },
    on: { change: () => deps.store.update({ shownProfileId: select.value }) },
  });
  const makeActive = button('Make active', () => void setActive(deps, select.value), {
    className: 'button small',
  });
  const activeBadge = el('span', { className: 'chip chip-good', text: 'Active profile' });
  const demoBadge = el('span', {
    className: 'chip chip-info',
    text: 'Demo server',
    attrs: { title: 'The dev server bundled with this app, on this computer only.' },
  });

  return {
    element: el('div', { className: 'switcher' }, [
      el('div', { className: 'switcher-row' }, [
        el('label', { text: 'Profile', attrs: { for: select.id } }),
        select,
      ]),
      el('div', { className: 'switcher-badges' }, [activeBadge, demoBadge, makeActive]),
    ]),
    show(state, profile) {
      replace(
        select,
        state.app.profiles.map((option) => optionFor(option, profile)),
      );
      select.disabled = state.app.profiles.length < 2;
      const isActive = profile !== undefined && profile.id === state.app.activeProfileId;
      activeBadge.hidden = !isActive;
      makeActive.hidden = !profile || isActive;
      demoBadge.hidden = !profile?.demo;
    },
  };
}

function optionFor(option: ProfileView, shown: ProfileView | undefined): HTMLOptionElement {
  return el('option', {
    text: option.name,
    attrs: { value: option.id, selected: option.id === shown?.id },
  });
}

async function setActive(
  deps: { api: TokenTrayApi; announce: Announcer },
  profileId: string,
): Promise<void> {
  const failure = failureOf(await settle(() => deps.api.setActiveProfile(profileId)));
  if (failure) {
    deps.announce.error(failure.message);
  }
}
