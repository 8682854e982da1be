// "Secret storage": which OS facility encrypts the stored secrets, in the words its desktop uses.
// Where there is none (Linux `basic_text`), a plain warning and the explicit choice to store the
// secrets unencrypted anyway; that choice is never offered where real encryption exists.
import type { SettingsView } from '../shared/ipc-contract';

import { el, replace } from './dom';
import { acceptInsecureControl, type SettingControl } from './setting-controls';

/** safeStorage's backend names (keyring.ts) as people know them. */
const backendLabels: Record<string, string> = {
  gnome_libsecret: 'GNOME Keyring (libsecret)',
  kwallet: 'KDE Wallet (KWallet)',
  kwallet5: 'KDE Wallet 5 (KWallet)',
  kwallet6: 'KDE Wallet 6 (KWallet)',
  portal: 'the desktop’s secret portal',
  Keychain: 'macOS Keychain',
  DPAPI: 'Windows DPAPI',
};

export interface SecretStoragePanel {
  element: HTMLElement;
  /** The "store without encryption" switch, shown only where there is no real encryption. */
  accept: SettingControl;
  /** The backend and the switch's visibility; the switch's value is shown with the others. */
  show(view: SettingsView): void;
}

export function createSecretStoragePanel(): SecretStoragePanel {
  const accept = acceptInsecureControl();
  accept.field.wrapper.classList.add('field-warning');
  const status = el('div', { attrs: { 'data-testid': 'secret-backend' } });
  const element = el(
    'section',
    { className: 'form-group', attrs: { 'aria-labelledby': 'settings-secrets' } },
    [
      el('h3', { text: 'Secret storage', attrs: { id: 'settings-secrets' } }),
      status,
      accept.field.wrapper,
    ],
  );

  return {
    element,
    accept,
    show(view) {
      const backend = view.secretBackend;
      status.dataset.secure = String(backend.secure);
      replace(status, [backend.secure ? secureNote(backend.name) : insecureWarning(backend.name)]);
      accept.field.wrapper.hidden = backend.secure;
    },
  };
}

function secureNote(name: string): HTMLElement {
  return el('p', {}, [
    'Stored secrets are encrypted by ',
    el('strong', { text: backendLabels[name] ?? name }),
    '.',
  ]);
}

function insecureWarning(name: string): HTMLElement {
  return el('p', { className: 'warning-box', attrs: { role: 'note' } }, [
    el('strong', { text: `No keyring is available (${name}). ` }),
    'Stored secrets would not be encrypted. Install and unlock GNOME Keyring or KWallet, then restart the app.',
  ]);
}
