// Start-up and shut-down of the real entry under the stand-in: the single-instance lock, the
// OS identity, what happens before and after `ready`, storage problems shown to the user, and
// the demo server's lifetime.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { APP_ID } from '../../src/main/electron/main';
import { standIn } from '../support/electron-stand-in';

import { removeScratchDirs, scratchDir } from './helpers/fixtures';
import { startTestApp } from './helpers/start-app';
import { clickMenuItem, menuItem, onlyTray, until } from './helpers/tray-driver';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

afterEach(() => {
  vi.unstubAllEnvs();
  removeScratchDirs();
});

describe('start-up', () => {
  it('quits at once, with no tray, when another instance holds the lock', async () => {
    const { handle } = await startTestApp({ lockHeldElsewhere: true });

    expect(handle.primary).toBe(false);
    expect(await handle.ready).toBeUndefined();
    expect(standIn.world.quitRequested).toBe(1);
    expect(standIn.trays).toHaveLength(0);
    expect(standIn.protocolState.privileged).toBeUndefined();
  });

  it('registers the scheme before ready and uses the ready-only modules after it', async () => {
    await startTestApp();

    expect(standIn.protocolState.privileged).toHaveLength(1);
    expect(standIn.world.readyViolations).toEqual([]);
    expect(standIn.world.applicationMenuSet).toBe(true);
    expect(standIn.world.applicationMenu).toBeNull();
    expect(onlyTray().toolTip).toBe('No profile — open Manage profiles…');
  });

  it.each([
    [false, process.execPath],
    [true, APP_ID],
  ])('sets the Windows AppUserModelID (packaged: %s)', async (isPackaged, expected) => {
    await startTestApp({ platform: 'win32', isPackaged });

    expect(standIn.world.appUserModelId).toBe(expected);
  });

  it('hides the Dock icon on macOS and needs no Dock elsewhere', async () => {
    await startTestApp({ platform: 'darwin' });
    expect(standIn.world.dockHidden).toBe(true);

    await startTestApp({ platform: 'linux' });
    expect(standIn.app.dock).toBeUndefined();
    expect(standIn.trays).toHaveLength(1);
  });

  it('offers Start at login on Linux and writes the autostart entry when it is ticked', async () => {
    const configHome = scratchDir('tray-xdg-');
    vi.stubEnv('XDG_CONFIG_HOME', configHome);
    const entry = join(configHome, 'autostart', 'santedb-token-tray.desktop');
    await startTestApp({ platform: 'linux' });
    expect(menuItem('start-at-login')).toMatchObject({ enabled: true, checked: false });

    clickMenuItem('start-at-login');

    await until(() => existsSync(entry), 'the autostart entry');
    expect(readFileSync(entry, 'utf8')).toContain(`Exec="${process.execPath}"`);
    await until(() => menuItem('start-at-login').checked, 'the item to show it ticked');
  });

  it('keeps running when its window closes', async () => {
    await startTestApp();
    clickMenuItem('manage-profiles');
    const window = await until(() => standIn.windows[0], 'the window');

    window.close();

    expect(standIn.world.quitRequested).toBe(0);
    expect(standIn.trays).toHaveLength(1);
  });

  it('tells the user about a profiles file it had to move aside, and starts anyway', async () => {
    await startTestApp({}, {}, (directory) => {
      writeFileSync(join(directory, 'profiles.json'), '{ not json');
    });

    expect(standIn.world.messageBoxes).toHaveLength(1);
    expect(String(standIn.world.messageBoxes[0]?.detail)).toMatch(
      /not valid JSON\. It was kept as .*profiles\.corrupt-/,
    );
    expect(onlyTray().toolTip).toBe('No profile — open Manage profiles…');
  });

  it('tells the user when profiles are read-only because a newer version wrote them', async () => {
    await startTestApp({}, {}, (directory) => {
      writeFileSync(
        join(directory, 'profiles.json'),
        JSON.stringify({ schemaVersion: 99, profiles: {} }),
      );
    });

    expect(String(standIn.world.messageBoxes[0]?.detail)).toContain('newer version');
  });
});

describe('demo server', () => {
  it('points the demo profile at the server it started, and closes the server on quit', async () => {
    const close = vi.fn(async () => undefined);
    const { logLines } = await startTestApp(
      {},
      { startDemoServer: async () => ({ url: 'http://127.0.0.1:45678', close }) },
    );

    expect(menuItem('header').label).toBe(
      'Demo — bundled SanteDB dev server · 127.0.0.1:45678 · no token',
    );
    clickMenuItem('quit');
    await until(() => standIn.world.exitCode !== undefined, 'the app to quit');
    expect(logLines.filter((line) => line.includes('while quitting'))).toEqual([]);
    expect(close).toHaveBeenCalledTimes(1);
    expect(standIn.trays).toHaveLength(0);
  });

  it('sets up the demo profile even when Linux has no keyring, since its secret is public', async () => {
    const { logLines } = await startTestApp(
      { linuxBackend: 'basic_text' },
      {
        startDemoServer: async () => ({
          url: 'http://127.0.0.1:45678',
          close: async () => undefined,
        }),
      },
    );

    expect(logLines.join('\n')).not.toContain('the demo profile could not be set up');
    expect(logLines.join('\n')).toContain('demo profile created');
    expect(menuItem('header').label).toBe(
      'Demo — bundled SanteDB dev server · 127.0.0.1:45678 · no token',
    );
  });
});
