// "Manage profiles…": the list with its actions, the add/edit form in place of the list, and
// import/export of profiles as JSON (main leaves every secret out of the file).
import type { IpcResult, ProfileView, TokenTrayApi } from '../shared/ipc-contract';

import type { Announcer } from './announcer';
import { failureOf, settle } from './api';
import { confirmAction } from './confirm-dialog';
import { button, el, keepFocus, replace } from './dom';
import { createProfileForm, type ProfileForm } from './profile-form';
import { renderProfileList, type ProfileListActions } from './profile-list';
import type { Store, WindowState } from './store';
import { TransferPanel } from './transfer-panel';

export interface ProfilesView {
  element: HTMLElement;
  /** Open the form for a new profile (from the session view's empty state). */
  addProfile(): void;
  /** Open the form on a profile (from an error in the session view). */
  editProfile(profileId: string): void;
}

interface Deps {
  api: TokenTrayApi;
  store: Store;
  announce: Announcer;
}

export function createProfilesView(deps: Deps): ProfilesView {
  const manager = new ProfilesManager(deps);
  return {
    element: manager.element,
    addProfile: () => manager.openForm(undefined),
    editProfile: (profileId) => manager.editProfile(profileId),
  };
}

class ProfilesManager {
  readonly element: HTMLElement;
  readonly #deps: Deps;
  readonly #list = el('div', { attrs: { 'data-testid': 'profile-list' } });
  readonly #backendNote = el('p', {
    className: 'warning-box',
    attrs: { 'data-testid': 'backend-note' },
  });
  readonly #listPanel: HTMLElement;
  readonly #form: ProfileForm;
  readonly #actions: ProfileListActions;
  #returnFocus: HTMLElement | null = null;

  constructor(deps: Deps) {
    this.#deps = deps;
    this.#listPanel = this.#buildListPanel();
    this.#form = createProfileForm({ ...deps, close: (saved) => this.#closeForm(saved) });
    this.#form.element.hidden = true;
    this.#actions = listActions(deps, (profile) => this.openForm(profile));
    this.element = el(
      'section',
      { className: 'view', attrs: { id: 'view-profiles', 'aria-label': 'Profiles' } },
      [this.#listPanel, this.#form.element],
    );
    deps.store.subscribe((state) => this.#render(state));
    this.#render(deps.store.get());
  }

  openForm(profile: ProfileView | undefined): void {
    this.#returnFocus = document.activeElement as HTMLElement | null;
    this.#listPanel.hidden = true;
    this.#form.element.hidden = false;
    this.#form.open(profile);
  }

  editProfile(profileId: string): void {
    const profile = this.#deps.store
      .get()
      .app.profiles.find((candidate) => candidate.id === profileId);
    if (profile) {
      this.openForm(profile);
    }
  }

  #buildListPanel(): HTMLElement {
    return el('div', { className: 'stack' }, [
      el('div', { className: 'section-heading' }, [
        el('h2', { text: 'Profiles' }),
        button('Add profile', () => this.openForm(undefined), {
          className: 'button primary small',
        }),
      ]),
      el('p', {
        className: 'hint',
        text: 'The active profile is the one the tray menu copies tokens from: select it with its round button.',
      }),
      this.#backendNote,
      this.#list,
      new TransferPanel(this.#deps).element,
    ]);
  }

  #closeForm(saved: ProfileView | undefined): void {
    this.#form.element.hidden = true;
    this.#listPanel.hidden = false;
    // After a save the keyboard lands on the saved profile; after Cancel, where it came from.
    const savedKey = saved && CSS.escape(`${saved.id}:edit`);
    const target =
      savedKey && this.#list.querySelector<HTMLElement>(`[data-focus-key="${savedKey}"]`);
    (target || this.#returnFocus)?.focus();
  }

  #render(state: WindowState): void {
    const backend = state.app.secretBackend;
    this.#backendNote.hidden = backend.secure;
    this.#backendNote.textContent = `Secrets are stored with "${backend.name}", which the operating system does not encrypt: anyone who can read your files can read them.`;
    keepFocus(this.#list, () => replace(this.#list, [renderProfileList(state.app, this.#actions)]));
  }
}

function listActions(deps: Deps, edit: (profile: ProfileView) => void): ProfileListActions {
  const { api, announce } = deps;
  const report = async (call: () => Promise<IpcResult<unknown>>, done: string): Promise<void> => {
    const failure = failureOf(await settle(call));
    if (failure) {
      announce.error(failure.message);
    } else {
      announce.info(done);
    }
  };

  const removeAfterConfirming = async (profile: ProfileView): Promise<void> => {
    const confirmed = await confirmAction({
      title: `Delete "${profile.name}"?`,
      detail:
        'Its stored secrets are removed from this computer and its token is forgotten. This cannot be undone.',
      confirm: 'Delete',
    });
    if (confirmed) {
      await report(() => api.deleteProfile(profile.id), `"${profile.name}" deleted.`);
    }
  };

  return {
    setActive: (profile) =>
      void report(
        () => api.setActiveProfile(profile.id),
        `"${profile.name}" is now the active profile.`,
      ),
    edit,
    duplicate: (profile) =>
      void report(() => api.duplicateProfile(profile.id), `"${profile.name}" duplicated.`),
    remove: (profile) => void removeAfterConfirming(profile),
  };
}
