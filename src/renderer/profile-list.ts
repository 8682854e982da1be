// The list of profiles: which one is active (a radio group, so arrow keys move the choice), where
// each one points, what it still needs, and the actions on it.
import type { AppState, ProfileView } from '../shared/ipc-contract';

import { breakableUrl, button, el, uniqueId } from './dom';
import { protocolLabel } from './format';

export interface ProfileListActions {
  setActive(profile: ProfileView): void;
  edit(profile: ProfileView): void;
  duplicate(profile: ProfileView): void;
  remove(profile: ProfileView): void;
}

const nodeLabels: Record<ProfileView['nodeAuth']['kind'], string> = {
  none: 'client secret only',
  device: 'device credentials',
  pkcs12: 'client certificate',
  pem: 'client certificate',
};

export function renderProfileList(state: AppState, actions: ProfileListActions): HTMLElement {
  if (state.profiles.length === 0) {
    return el('p', {
      className: 'card empty',
      text: 'No profiles yet. Add one to get tokens from a server.',
    });
  }
  return el(
    'ul',
    { className: 'profile-list', attrs: { role: 'list', 'aria-label': 'Profiles' } },
    state.profiles.map((profile) =>
      renderItem(profile, profile.id === state.activeProfileId, actions),
    ),
  );
}

function renderItem(
  profile: ProfileView,
  active: boolean,
  actions: ProfileListActions,
): HTMLElement {
  return el(
    'li',
    {
      className: active ? 'profile-item card is-active' : 'profile-item card',
      attrs: { 'data-profile-id': profile.id },
    },
    [
      renderHead(profile, active, actions),
      el('p', { className: 'mono subtle wrap' }, [breakableUrl(profile.effectiveTokenEndpoint)]),
      el('p', {
        className: 'subtle',
        text: `${protocolLabel(profile.protocol)} · ${profile.clientId} · ${nodeLabels[profile.nodeAuth.kind]}`,
      }),
      profile.allowHttp ? el('p', { className: 'note', text: 'Unencrypted HTTP allowed' }) : null,
      renderActions(profile, actions),
    ],
  );
}

/** The radio that makes the profile active, its name as the radio's label, and its badges. */
function renderHead(
  profile: ProfileView,
  active: boolean,
  actions: ProfileListActions,
): HTMLElement {
  const radio = el('input', {
    attrs: {
      type: 'radio',
      name: 'active-profile',
      id: uniqueId('active'),
      value: profile.id,
      'data-focus-key': `${profile.id}:active`,
    },
    on: { change: () => actions.setActive(profile) },
  });
  radio.checked = active;

  return el('div', { className: 'profile-head' }, [
    radio,
    el('label', { className: 'profile-name', text: profile.name, attrs: { for: radio.id } }),
    active ? el('span', { className: 'chip chip-good', text: 'Active' }) : null,
    profile.demo ? el('span', { className: 'chip chip-info', text: 'Demo' }) : null,
    profile.needsReentry.length > 0
      ? el('span', {
          className: 'chip chip-warn',
          text: 'Needs a secret',
          attrs: { title: missingText(profile) },
        })
      : null,
  ]);
}

function renderActions(profile: ProfileView, actions: ProfileListActions): HTMLElement {
  // Each button is named with the profile, so a screen reader's button list tells them apart.
  const action = (verb: string, run: () => void, className = 'button small'): HTMLButtonElement =>
    button(verb, run, {
      className,
      attrs: {
        'aria-label': `${verb} ${profile.name}`,
        'data-focus-key': `${profile.id}:${verb.toLowerCase()}`,
      },
    });

  return el(
    'div',
    {
      className: 'row-actions',
      attrs: { role: 'group', 'aria-label': `Actions for ${profile.name}` },
    },
    [
      action('Edit', () => actions.edit(profile)),
      action('Duplicate', () => actions.duplicate(profile)),
      action('Delete', () => actions.remove(profile), 'button small danger-quiet'),
    ],
  );
}

function missingText(profile: ProfileView): string {
  const labels = {
    clientSecret: 'client secret',
    deviceSecret: 'device secret',
    certPassphrase: 'passphrase',
  };
  return `Enter the ${profile.needsReentry.map((name) => labels[name]).join(' and ')} in Edit.`;
}
