// "Settings": the app's own settings, each saved the moment it changes. Main checks the value,
// puts it in force and answers with the settings as they now are; a refusal shows under its
// control. State pushes never overwrite what the user is typing or an answer being corrected.
import type { SettingsView, TokenTrayApi } from '../shared/ipc-contract';

import type { Announcer } from './announcer';
import { settle } from './api';
import { el } from './dom';
import { createSecretStoragePanel, type SecretStoragePanel } from './secret-storage-panel';
import {
  clearDelayControl,
  leftClickControl,
  notifyControl,
  shortcutControl,
  startAtLoginControl,
  type SettingControl,
} from './setting-controls';
import type { Store, WindowState } from './store';

interface Deps {
  api: TokenTrayApi;
  store: Store;
  announce: Announcer;
}

export function createSettingsView(deps: Deps): HTMLElement {
  return new SettingsPage(deps).element;
}

class SettingsPage {
  readonly element: HTMLElement;
  readonly #deps: Deps;
  readonly #controls: SettingControl[];
  readonly #secrets: SecretStoragePanel;
  // One save at a time, in the order the user made the changes.
  #saving: Promise<void> = Promise.resolve();
  #view: WindowState['view'];

  constructor(deps: Deps) {
    this.#deps = deps;
    const [clearDelay, notify, leftClick, shortcut, startAtLogin] = [
      clearDelayControl(),
      notifyControl(),
      leftClickControl(),
      shortcutControl(),
      startAtLoginControl(),
    ];
    this.#secrets = createSecretStoragePanel();
    this.#controls = [clearDelay, notify, leftClick, shortcut, startAtLogin, this.#secrets.accept];
    for (const control of this.#controls) {
      control.field.control.addEventListener('change', () => this.#queueSave(control));
    }
    this.element = el(
      'section',
      { className: 'view settings', attrs: { id: 'view-settings', 'aria-label': 'Settings' } },
      [
        group('Clipboard', [clearDelay, notify]),
        group('Tray', [leftClick, shortcut, startAtLogin]),
        this.#secrets.element,
      ],
    );
    this.#view = deps.store.get().view;
    deps.store.subscribe((state) => this.#onState(state));
    this.#show(deps.store.get().app.settings);
  }

  #onState(state: WindowState): void {
    this.#show(state.app.settings);
    // The login item can be changed in the OS's own settings: ask again each time the tab opens.
    if (state.view === 'settings' && this.#view !== 'settings') {
      void this.#refresh();
    }
    this.#view = state.view;
  }

  async #refresh(): Promise<void> {
    const result = await settle(() => this.#deps.api.getSettings());
    if (result.ok) {
      this.#remember(result.value);
    }
  }

  #queueSave(control: SettingControl): void {
    this.#saving = this.#saving.then(() => this.#save(control));
  }

  async #save(control: SettingControl): Promise<void> {
    const patch = control.read();
    if (typeof patch === 'string') {
      control.field.showIssue(patch);
      return;
    }

    control.field.showIssue(undefined);
    const result = await settle(() => this.#deps.api.updateSettings(patch));
    if (!result.ok) {
      const issue = result.issues?.find((candidate) => candidate.field === control.name);
      if (!control.keepsInputOnError) {
        control.show(this.#deps.store.get().app.settings);
      }
      control.field.showIssue(issue?.message ?? result.message);
      return;
    }
    this.#remember(result.value);
    control.show(result.value);
    this.#deps.announce.info(control.saved(result.value));
  }

  #remember(settings: SettingsView): void {
    const { app } = this.#deps.store.get();
    this.#deps.store.update({ app: { ...app, settings, secretBackend: settings.secretBackend } });
  }

  /** Show main's settings, except in a control being typed in or holding an unfixed error. */
  #show(view: SettingsView): void {
    for (const control of this.#controls) {
      const typing = document.activeElement === control.field.control;
      const busy = control.keepsInputOnError && (typing || control.field.hasError());
      if (!busy) {
        control.show(view);
      }
    }
    this.#secrets.show(view);
  }
}

function group(title: string, controls: SettingControl[]): HTMLElement {
  return el('section', { className: 'form-group', attrs: { 'aria-label': title } }, [
    el('h3', { text: title, attrs: { 'aria-hidden': 'true' } }),
    ...controls.map((control) => control.field.wrapper),
  ]);
}
