import { beforeEach, describe, expect, it, vi } from 'vitest';

import { createWindowManager } from '../../src/main/electron/windows';
import { standIn } from '../support/electron-stand-in';
import { defaultSettingsView } from '../support/memory-settings';

import { recordingLogger } from './helpers/fixtures';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

const settle = () => new Promise((resolve) => setImmediate(resolve));

function manager() {
  return createWindowManager({
    preloadPath: '/app/dist/preload/preload.js',
    packaged: false,
    logger: recordingLogger(),
  });
}

describe('window manager', () => {
  beforeEach(() => {
    standIn.reset();
    standIn.app.becomeReady();
  });

  it('creates no window until one is asked for', () => {
    manager();
    expect(standIn.windows).toHaveLength(0);
  });

  it('creates the window once, shows it when ready, and sends the view after the page loaded', async () => {
    const windows = manager();

    windows.show({ view: 'profiles' });
    expect(standIn.windows[0]?.isVisible()).toBe(false);
    await settle();
    windows.show({ view: 'session', profileId: 'prod' });

    expect(standIn.windows).toHaveLength(1);
    const [window] = standIn.windows;
    expect(window?.isVisible()).toBe(true);
    expect(window?.webContents.sent.map((message) => message.args[0])).toEqual([
      { view: 'profiles' },
      { view: 'session', profileId: 'prod' },
    ]);
  });

  it('drops pushes while closed, forgets a closed window, and makes a new one next time', async () => {
    const windows = manager();
    windows.send('state:changed', {
      profiles: [],
      sessions: [],
      secretBackend: { name: 'x', secure: true, acceptedInsecure: false },
      settings: defaultSettingsView,
    });
    windows.show({ view: 'profiles' });
    await settle();
    const first = standIn.windows[0];
    expect(first && windows.owns(first.webContents as never)).toBe(true);

    first?.close();

    expect(windows.isOpen()).toBe(false);
    expect(first && windows.owns(first.webContents as never)).toBe(false);
    windows.show({ view: 'profiles' });
    expect(standIn.windows).toHaveLength(1);
    expect(standIn.windows[0]).not.toBe(first);
  });
});
