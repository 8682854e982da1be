import { beforeAll, describe, expect, it, vi } from 'vitest';

import { bridgeMethods, type TokenTrayApi } from '../../src/shared/ipc-contract';
import { StandInBrowserWindow, standIn } from '../support/electron-stand-in';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

// Evaluate the mock once, now, so it holds this file's stand-in; resetModules below then reruns
// the preload's top level while `electron` stays this same stand-in.
beforeAll(async () => {
  await import('electron');
});

async function loadPreload(register?: () => void) {
  standIn.reset();
  standIn.app.becomeReady();
  const window = new StandInBrowserWindow({});
  await window.loadURL('app://tray/index.html');
  standIn.attachRenderer(window.webContents);
  register?.();
  vi.resetModules();
  await import('../../src/preload/preload');
  return { stand: standIn, window, api: standIn.world.exposed.tokenTray as TokenTrayApi };
}

describe('preload bridge', () => {
  it('exposes exactly the bridge verbs and the two subscriptions, and nothing else', async () => {
    const { stand, api } = await loadPreload();

    expect(Object.keys(stand.world.exposed)).toEqual(['tokenTray']);
    expect(Object.keys(api).sort()).toEqual(
      [...Object.keys(bridgeMethods), 'onShowView', 'onStateChanged'].sort(),
    );
    for (const value of Object.values(api)) {
      expect(typeof value).toBe('function');
    }
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('ipcRenderer');
  });

  it('sends each verb on its own channel with its arguments', async () => {
    const calls: Array<{ channel: string; args: unknown[] }> = [];
    const { api } = await loadPreload(() => {
      for (const channel of Object.values(bridgeMethods)) {
        standIn.ipcMain.handle(channel, (_event, ...args) => {
          calls.push({ channel, args });
          return { ok: true, value: channel };
        });
      }
    });

    expect(await api.copyToken('prod', 'header')).toEqual({ ok: true, value: 'session:copy' });
    expect(await api.getState()).toEqual({ ok: true, value: 'app:get-state' });
    expect(await api.importProfiles('{"profiles":[]}')).toEqual({
      ok: true,
      value: 'profiles:import',
    });
    expect(calls).toEqual([
      { channel: 'session:copy', args: ['prod', 'header'] },
      { channel: 'app:get-state', args: [] },
      { channel: 'profiles:import', args: ['{"profiles":[]}'] },
    ]);
  });

  it('passes pushed events on without the IPC event object, and unsubscribes', async () => {
    const { api, window } = await loadPreload();
    const received: unknown[][] = [];

    const stop = api.onShowView((...args: unknown[]) => received.push(args));
    window.webContents.send('view:show', { view: 'profiles' });
    stop();
    window.webContents.send('view:show', { view: 'session' });

    expect(received).toEqual([[{ view: 'profiles' }]]);
    const states: unknown[][] = [];
    const stopState = api.onStateChanged((...args: unknown[]) => states.push(args));
    window.webContents.send('state:changed', { profiles: [] });
    stopState();
    window.webContents.send('state:changed', { profiles: ['late'] });
    expect(states).toEqual([[{ profiles: [] }]]);
  });
});
