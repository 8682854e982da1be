// The tray app's settings port under the stand-in: the real settings store, shortcut service,
// login item, clipboard guard, notification policy and safeStorage vault, driven through the
// application layer's settings channel as the window drives it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import type { AppServiceDeps } from '../../src/main/app/app-service';
import { createClipboardGuard } from '../../src/main/app/clipboard-guard';
import { createNotificationPolicy } from '../../src/main/app/notification-policy';
import { TokenError } from '../../src/main/core/errors';
import { createLoginItem, type LoginItem } from '../../src/main/electron/login-item';
import { openSafeStorageVault } from '../../src/main/electron/safe-storage-vault';
import { createSettingsPort } from '../../src/main/electron/settings-port';
import { openSettingsStore } from '../../src/main/electron/settings-store';
import { createShortcutService } from '../../src/main/electron/shortcut';
import { appHarness, FakeClipboard } from '../support/app-fakes';
import { standIn, type WorldOptions } from '../support/electron-stand-in';
import { FakeClock } from '../support/fake-clock';

import { recordingLogger, removeScratchDirs, scratchDir } from './helpers/fixtures';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

afterEach(removeScratchDirs);

/** A desktop without login items, so no test writes into the real autostart folder. */
const noLoginItem: LoginItem = { supported: false, isEnabled: () => false, setEnabled: () => {} };

function start(world: WorldOptions & { platform: 'linux' | 'darwin' | 'win32' }, prepare = {}) {
  const directory = scratchDir();
  standIn.reset({ paths: { userData: directory }, ...world });
  standIn.app.becomeReady();
  const clock = new FakeClock();
  const logger = recordingLogger();
  const store = openSettingsStore(directory, logger);
  store.update(prepare);
  let presses = 0;
  const shortcut = createShortcutService(() => (presses += 1), logger);
  shortcut.apply(store.get().globalShortcut);
  const clipboard = createClipboardGuard({
    clipboard: new FakeClipboard(),
    clock,
    clearAfterSeconds: store.get().clipboardClearSeconds,
  });
  const policy = createNotificationPolicy({
    describeProfile: () => ({ name: 'Production', autoRenew: true }),
    notifyOnCopy: store.get().notifyOnCopy,
    now: () => clock.now(),
  });
  const loginItem = world.platform === 'linux' ? noLoginItem : createLoginItem(world.platform);
  const vault = openSafeStorageVault({
    directory,
    platform: world.platform,
    clock,
    logger,
    acceptInsecure: () => store.get().acceptInsecureSecretStorage,
  });
  const settings = createSettingsPort({
    platform: world.platform,
    store,
    shortcut,
    clipboard,
    policy,
    loginItem,
  });
  const deps: Partial<AppServiceDeps> = {
    settings,
    vault,
    secretBackend: () => vault.backend(),
  };
  const { service } = appHarness([], deps);
  return { directory, store, shortcut, clipboard, policy, vault, service, presses: () => presses };
}

function savedFile(directory: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(directory, 'settings.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}

describe('settings port', () => {
  it('puts every change in force at once and keeps it for the next start', async () => {
    const app = start({ platform: 'win32' });

    const result = await app.service['settings:update']({
      clipboardClearSeconds: 5,
      notifyOnCopy: true,
      globalShortcut: 'Alt+Shift+K',
      startAtLogin: true,
      leftClickAction: 'menu',
    });

    expect(result).toMatchObject({ ok: true, value: { startAtLoginSupported: true } });
    expect(standIn.globalShortcut.registered()).toEqual(['Alt+Shift+K']);
    standIn.globalShortcut.press('Alt+Shift+K');
    expect(app.presses()).toBe(1);
    expect(await app.clipboard.copy('text')).toEqual({ clearsInSeconds: 5 });
    const copied = app.policy.onCopied('prod', 'token', { clearsInSeconds: 5, expiresAtMs: 1 });
    expect(copied?.title).toBe('Production: Bearer token copied');
    expect(standIn.world.loginItem.openAtLogin).toBe(true);
    expect(savedFile(app.directory)).toEqual({
      clipboardClearSeconds: 5,
      leftClickAction: 'menu',
      globalShortcut: 'Alt+Shift+K',
      notifyOnCopy: true,
      startAtLogin: true,
      acceptInsecureSecretStorage: false,
    });
  });

  it('reports which desktop features are missing on Linux', async () => {
    const app = start({ platform: 'linux' });

    const result = await app.service['settings:get']();

    expect(result).toMatchObject({
      ok: true,
      value: {
        leftClickSupported: false,
        startAtLoginSupported: false,
        secretBackend: { name: 'gnome_libsecret', secure: true },
      },
    });
  });

  it('reads start at login from the OS, which the user may have changed there', async () => {
    const app = start({ platform: 'darwin' });
    standIn.app.setLoginItemSettings({ openAtLogin: true });

    const result = await app.service['settings:get']();

    expect(result.ok && result.value.startAtLogin).toBe(true);
  });

  it('keeps the previous shortcut registered and saved when another app holds the new one', async () => {
    const app = start({ platform: 'win32' }, { globalShortcut: 'CommandOrControl+Shift+T' });
    standIn.takenShortcuts.add('Alt+Shift+K');

    const result = await app.service['settings:update']({
      globalShortcut: 'Alt+Shift+K',
      clipboardClearSeconds: 5,
    });

    expect(result).toMatchObject({
      ok: false,
      code: 'setting_unavailable',
      message: expect.stringContaining('CommandOrControl+Shift+T stays in use'),
    });
    expect(standIn.globalShortcut.registered()).toEqual(['CommandOrControl+Shift+T']);
    expect(app.shortcut.current()).toBe('CommandOrControl+Shift+T');
    // The clipboard delay in the same change was undone with it.
    expect(await app.clipboard.copy('text')).toEqual({ clearsInSeconds: 60 });
    expect(savedFile(app.directory).globalShortcut).toBe('CommandOrControl+Shift+T');
    expect(savedFile(app.directory).clipboardClearSeconds).toBe(60);
  });

  it('treats an accelerator Electron cannot parse like a taken one', async () => {
    const app = start({ platform: 'linux' }, { globalShortcut: 'Alt+Shift+K' });
    const register = vi.spyOn(standIn.globalShortcut, 'register');
    register.mockImplementationOnce(() => {
      throw new Error('conversion failure');
    });

    const result = await app.service['settings:update']({ globalShortcut: 'Super+num5' });
    register.mockRestore();

    expect(result).toMatchObject({ ok: false, code: 'setting_unavailable' });
    expect(standIn.globalShortcut.registered()).toEqual(['Alt+Shift+K']);
  });

  it('turns the shortcut off and frees it for other apps', async () => {
    const app = start({ platform: 'linux' }, { globalShortcut: 'Alt+Shift+K' });

    const result = await app.service['settings:update']({ globalShortcut: '' });

    expect(result.ok).toBe(true);
    expect(standIn.globalShortcut.registered()).toEqual([]);
    expect('globalShortcut' in savedFile(app.directory)).toBe(false);
  });

  it('on Linux without a keyring, stores secrets only while unencrypted storage is accepted', async () => {
    const app = start({ platform: 'linux', linuxBackend: 'basic_text' });
    const refused = await app.vault.set('prod', 'clientSecret', 'first').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TokenError);

    const accepted = await app.service['settings:update']({ acceptInsecureSecretStorage: true });
    await app.vault.set('prod', 'clientSecret', 'second');

    expect(standIn.world.plainTextOptIn).toBe(true);
    expect(await app.vault.get('prod', 'clientSecret')).toBe('second');
    expect(accepted).toMatchObject({
      ok: true,
      value: {
        acceptInsecureSecretStorage: true,
        secretBackend: { name: 'basic_text', secure: false, acceptedInsecure: true },
      },
    });

    await app.service['settings:update']({ acceptInsecureSecretStorage: false });
    const again = await app.vault.set('prod', 'clientSecret', 'third').catch((e: unknown) => e);

    expect(again).toMatchObject({
      code: 'storage',
      message: expect.stringContaining('No system keyring is available'),
    });
    expect(app.vault.backend().acceptedInsecure).toBe(false);
  });
});
