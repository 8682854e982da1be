// Settings in the running tray app, started through its real entry under the stand-in: a change
// the window asks for reaches the global shortcut, the tray icon's click, the tray menu, the
// login item and the secret store, and a change made in the tray menu reaches the window.
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { AppState, IpcResult, SettingsView } from '../../src/shared/ipc-contract';
import { makeDraft } from '../support/app-fakes';
import { standIn, type StandInBrowserWindow } from '../support/electron-stand-in';

import { removeScratchDirs } from './helpers/fixtures';
import { startTestApp } from './helpers/start-app';
import { clickMenuItem, menuItem, onlyTray, until } from './helpers/tray-driver';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

afterEach(removeScratchDirs);

async function openWindow(): Promise<StandInBrowserWindow> {
  clickMenuItem('manage-profiles');
  const window = await until(() => standIn.windows[0], 'the window');
  await until(() => window.webContents.sent.some((m) => m.channel === 'view:show'), 'its page');
  return window;
}

function ask(window: StandInBrowserWindow, channel: string, ...args: unknown[]) {
  return standIn.invokeFrom(window.webContents, channel, args) as Promise<IpcResult<unknown>>;
}

function lastState(window: StandInBrowserWindow): AppState | undefined {
  const pushes = window.webContents.sent.filter((m) => m.channel === 'state:changed');
  return pushes.at(-1)?.args[0] as AppState | undefined;
}

const draftWithSecret = makeDraft({
  name: 'Clinic',
  secrets: { clientSecret: { action: 'replace', value: 'typed-secret' } },
});

describe('settings in the running tray app', () => {
  it('puts a change from the window into the shortcut, the tray click and the menu', async () => {
    await startTestApp({ platform: 'win32' });
    const window = await openWindow();
    const tray = onlyTray();

    const result = await ask(window, 'settings:update', {
      globalShortcut: 'Alt+Shift+K',
      leftClickAction: 'menu',
    });
    tray.simulateClick();

    expect(result).toMatchObject({
      ok: true,
      value: { globalShortcut: 'Alt+Shift+K', leftClickAction: 'menu', leftClickSupported: true },
    });
    expect(standIn.globalShortcut.registered()).toEqual(['Alt+Shift+K']);
    expect(tray.calls.popUpContextMenu).toBe(1);
    await until(() => menuItem('copy-token').accelerator === 'Alt+Shift+K', 'the menu shortcut');
  });

  it('shows a start-at-login change made in the tray menu in the window', async () => {
    await startTestApp({ platform: 'win32' });
    const window = await openWindow();

    clickMenuItem('start-at-login');

    await until(() => lastState(window)?.settings.startAtLogin, 'the window to hear of it');
    expect(standIn.world.loginItem.openAtLogin).toBe(true);
    expect(menuItem('start-at-login').checked).toBe(true);
    const shown = (await ask(window, 'settings:get')) as IpcResult<SettingsView>;
    expect(shown.ok && shown.value.startAtLogin).toBe(true);
  });

  it('stores secrets without a keyring only while the user accepts it', async () => {
    await startTestApp({ platform: 'linux', linuxBackend: 'basic_text' });
    const window = await openWindow();

    const refused = await ask(window, 'profiles:save', draftWithSecret);
    await ask(window, 'settings:update', { acceptInsecureSecretStorage: true });
    const saved = await ask(window, 'profiles:save', draftWithSecret);
    await until(() => lastState(window)?.secretBackend.acceptedInsecure, 'the accepted backend');
    await ask(window, 'settings:update', { acceptInsecureSecretStorage: false });
    const refusedAgain = await ask(window, 'profiles:save', { ...draftWithSecret, name: 'Ward' });

    expect(refused).toMatchObject({ ok: false, code: 'storage' });
    expect(saved).toMatchObject({ ok: true, value: { storedSecrets: { clientSecret: true } } });
    expect(standIn.world.plainTextOptIn).toBe(true);
    expect(refusedAgain).toMatchObject({
      ok: false,
      code: 'storage',
      message: expect.stringContaining('No system keyring is available'),
    });
  });
});
