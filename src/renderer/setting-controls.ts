// One labelled control per setting, each knowing how to show main's answer, what change it asks
// for, and how to confirm it in words. Saving them is the settings view's job.
import type { SettingsPatch, SettingsValues, SettingsView } from '../shared/ipc-contract';

import { el, setAttributes } from './dom';
import { checkbox, field, selectInput, textInput, type FieldHandle } from './form-fields';

export type SettingName = keyof SettingsValues;

export interface SettingControl {
  name: SettingName;
  field: FieldHandle<HTMLInputElement | HTMLSelectElement>;
  /** Typed text stays after a refusal, to be corrected; a switch goes back to what is saved. */
  keepsInputOnError: boolean;
  /** The change the control asks for, or why it cannot be asked. */
  read(): SettingsPatch | string;
  show(view: SettingsView): void;
  /** The confirmation once main saved it. */
  saved(view: SettingsView): string;
}

export const SHORTCUT_EXAMPLE = 'CommandOrControl+Shift+T';
const LEFT_CLICK_HINT = 'A right click always opens the menu.';
const START_AT_LOGIN_HINT = 'The app starts in the tray when you log in.';

export function clearDelayControl(): SettingControl {
  const input = textInput('clipboardClearSeconds', { type: 'number', inputMode: 'numeric' });
  setAttributes(input, { min: '0', max: '3600', step: '1' });
  input.classList.add('narrow');
  const handle = field({
    path: 'clipboardClearSeconds',
    label: 'Clear the clipboard after',
    hint: '0 = never on a timer. Locking the screen or quitting still clears it.',
    control: input,
    extras: [el('span', { className: 'unit', text: 'seconds' })],
  });

  return {
    name: 'clipboardClearSeconds',
    field: handle,
    keepsInputOnError: true,
    read() {
      const text = input.value.trim();
      // An emptied field must not become 0, which would mean "never".
      if (text === '' || !Number.isFinite(Number(text))) {
        return 'Enter a number of seconds, or 0 to never clear on a timer';
      }
      return { clipboardClearSeconds: Number(text) };
    },
    show: (view) => void (input.value = String(view.clipboardClearSeconds)),
    saved: (view) =>
      view.clipboardClearSeconds === 0
        ? 'Saved: a copied token stays on the clipboard until the screen locks or the app quits.'
        : `Saved: a copied token is cleared from the clipboard after ${view.clipboardClearSeconds} s.`,
  };
}

export function leftClickControl(): SettingControl {
  const select = selectInput('leftClickAction', [
    { value: 'copy-token', label: 'Copy the bearer token' },
    { value: 'menu', label: 'Open the menu' },
  ]);
  const handle = field({
    path: 'leftClickAction',
    label: 'Left click on the tray icon',
    hint: LEFT_CLICK_HINT,
    control: select,
  });
  const hint = hintOf(handle);

  return {
    name: 'leftClickAction',
    field: handle,
    keepsInputOnError: false,
    read: () => ({ leftClickAction: select.value === 'menu' ? 'menu' : 'copy-token' }),
    show(view) {
      select.value = view.leftClickAction;
      select.disabled = !view.leftClickSupported;
      hint.textContent = view.leftClickSupported
        ? LEFT_CLICK_HINT
        : 'This desktop sends no clicks to tray icons: the icon always opens the menu.';
    },
    saved: (view) =>
      view.leftClickAction === 'menu'
        ? 'Saved: a left click on the tray icon opens the menu.'
        : 'Saved: a left click on the tray icon copies the bearer token.',
  };
}

export function shortcutControl(): SettingControl {
  const input = textInput('globalShortcut', { placeholder: SHORTCUT_EXAMPLE });
  const handle = field({
    path: 'globalShortcut',
    label: 'Global shortcut',
    hint: `Copies the active profile's token from any application. Example: ${SHORTCUT_EXAMPLE} (Ctrl, or ⌘ on macOS). Leave empty for none.`,
    control: input,
  });

  return {
    name: 'globalShortcut',
    field: handle,
    keepsInputOnError: true,
    read: () => ({ globalShortcut: input.value.trim() }),
    show: (view) => void (input.value = view.globalShortcut ?? ''),
    saved: (view) =>
      view.globalShortcut
        ? `Saved: ${view.globalShortcut} copies the active profile's token.`
        : 'Saved: no global shortcut.',
  };
}

export function notifyControl(): SettingControl {
  const box = checkbox('notifyOnCopy');
  const handle = field({
    path: 'notifyOnCopy',
    label: 'Notify when a token is copied',
    hint: 'A notification says how long the token stays valid.',
    control: box,
    inline: true,
  });
  return switchControl('notifyOnCopy', handle, box, (on) =>
    on ? 'Saved: each copy is confirmed by a notification.' : 'Saved: copies are not notified.',
  );
}

export function startAtLoginControl(): SettingControl {
  const box = checkbox('startAtLogin');
  const handle = field({
    path: 'startAtLogin',
    label: 'Start at login',
    hint: START_AT_LOGIN_HINT,
    control: box,
    inline: true,
  });
  const hint = hintOf(handle);
  const control = switchControl('startAtLogin', handle, box, (on) =>
    on ? 'Saved: the app starts when you log in.' : 'Saved: the app no longer starts at login.',
  );

  return {
    ...control,
    show(view) {
      control.show(view);
      box.disabled = !view.startAtLoginSupported;
      hint.textContent = view.startAtLoginSupported
        ? START_AT_LOGIN_HINT
        : "Not available on this desktop: add the app to the desktop's startup applications instead.";
    },
  };
}

export function acceptInsecureControl(): SettingControl {
  const box = checkbox('acceptInsecureSecretStorage');
  const handle = field({
    path: 'acceptInsecureSecretStorage',
    label: 'Store secrets without encryption',
    hint: 'Anyone who can read your files (an administrator, a backup, a lost disk) can then read your client secrets, device secrets and passphrases. Without it, no secret can be saved here.',
    control: box,
    inline: true,
  });
  return switchControl('acceptInsecureSecretStorage', handle, box, (on) =>
    on
      ? 'Saved: secrets are stored without encryption.'
      : 'Saved: secrets are no longer stored without encryption.',
  );
}

function switchControl(
  name: 'notifyOnCopy' | 'startAtLogin' | 'acceptInsecureSecretStorage',
  handle: FieldHandle<HTMLInputElement>,
  box: HTMLInputElement,
  confirm: (on: boolean) => string,
): SettingControl {
  return {
    name,
    field: handle,
    keepsInputOnError: false,
    read: () => ({ [name]: box.checked }),
    show: (view) => void (box.checked = view[name]),
    saved: (view) => confirm(view[name]),
  };
}

function hintOf(handle: FieldHandle): HTMLElement {
  const hint = handle.wrapper.querySelector<HTMLElement>('.hint');
  if (!hint) {
    throw new Error(`The ${handle.path} field has no hint`);
  }
  return hint;
}
