// Global shortcut, login item and power events: thin wrappers, checked for what they hand to
// (the stand-in of) Electron and when.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createLoginItem } from '../../src/main/electron/login-item';
import { setupPowerEvents } from '../../src/main/electron/power';
import { createShortcutService } from '../../src/main/electron/shortcut';
import { standIn } from '../support/electron-stand-in';

import { recordingLogger, removeScratchDirs, scratchDir } from './helpers/fixtures';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

beforeEach(() => {
  standIn.reset();
  standIn.app.becomeReady();
});
afterEach(() => {
  vi.unstubAllEnvs();
  removeScratchDirs();
});

describe('global shortcut', () => {
  it('is off until set, registers the accelerator, replaces it and turns off', () => {
    let presses = 0;
    const shortcut = createShortcutService(() => (presses += 1), recordingLogger());
    expect(standIn.globalShortcut.registered()).toEqual([]);

    expect(shortcut.apply('CommandOrControl+Shift+T')).toBe(true);
    standIn.globalShortcut.press('CommandOrControl+Shift+T');
    expect(presses).toBe(1);

    expect(shortcut.apply('Alt+Shift+K')).toBe(true);
    expect(standIn.globalShortcut.registered()).toEqual(['Alt+Shift+K']);
    expect(shortcut.apply(undefined)).toBe(true);
    expect(standIn.globalShortcut.registered()).toEqual([]);
    expect(shortcut.current()).toBeUndefined();
  });

  it('reports an accelerator another application holds', () => {
    standIn.takenShortcuts.add('Alt+Shift+K');
    const logger = recordingLogger();
    const shortcut = createShortcutService(() => undefined, logger);

    expect(shortcut.apply('Alt+Shift+K')).toBe(false);
    expect(shortcut.current()).toBeUndefined();
    expect(logger.text()).toContain('could not be registered');
  });

  it('unregisters everything when the app quits', () => {
    const shortcut = createShortcutService(() => undefined, recordingLogger());
    shortcut.apply('Alt+Shift+K');

    standIn.app.quit();

    expect(standIn.globalShortcut.registered()).toEqual([]);
  });
});

describe('start at login', () => {
  it.each(['darwin', 'win32'] as const)('sets and reads the login item on %s', (platform) => {
    standIn.reset({ platform });
    const item = createLoginItem(platform);

    item.setEnabled(true);
    expect(standIn.world.loginItem.openAtLogin).toBe(true);
    expect(item.isEnabled()).toBe(true);
    item.setEnabled(false);
    expect(item.isEnabled()).toBe(false);
  });

  it('is supported on Linux through an autostart entry for this executable and app folder', () => {
    const configHome = scratchDir('tray-xdg-');
    vi.stubEnv('XDG_CONFIG_HOME', configHome);
    const item = createLoginItem('linux');
    const entry = join(configHome, 'autostart', 'santedb-token-tray.desktop');

    item.setEnabled(true);

    expect(item.supported).toBe(true);
    expect(item.isEnabled()).toBe(true);
    expect(readFileSync(entry, 'utf8')).toContain(
      `\nExec="${process.execPath}" "${standIn.app.getAppPath()}"\n`,
    );
    // Electron's own login items do nothing on Linux; they were not what turned it on.
    expect(standIn.world.loginItem.openAtLogin).toBe(false);
    item.setEnabled(false);
    expect(existsSync(entry)).toBe(false);
    expect(item.isEnabled()).toBe(false);
  });

  it('is unsupported where the OS has no login items, and never claims to be on', () => {
    const item = createLoginItem('freebsd');

    item.setEnabled(true);

    expect(item.supported).toBe(false);
    expect(item.isEnabled()).toBe(false);
  });
});

describe('power events', () => {
  it('re-checks sessions on resume and unlock, and clears the clipboard on lock and suspend', async () => {
    const rechecks: string[] = [];
    const clears: string[] = [];
    setupPowerEvents({
      recheckAll: (reason) => rechecks.push(reason),
      clearClipboard: async (reason) => clears.push(reason),
      logger: recordingLogger(),
    });

    for (const event of ['resume', 'unlock-screen', 'lock-screen', 'suspend', 'shutdown']) {
      standIn.powerMonitor.simulate(event);
    }

    expect(rechecks).toEqual(['resume', 'unlock-screen']);
    expect(clears).toEqual(['lock-screen', 'suspend']);
  });

  it('cannot subscribe before ready (powerMonitor is only usable after it)', () => {
    standIn.reset();
    expect(() =>
      setupPowerEvents({
        recheckAll: () => undefined,
        clearClipboard: async () => undefined,
        logger: recordingLogger(),
      }),
    ).toThrow(/before the app is ready/);
  });
});
