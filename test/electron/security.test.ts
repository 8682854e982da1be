// The security settings, read back from what the app handed to (the stand-in of) Electron.
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { ipcChannels } from '../../src/shared/ipc-contract';
import { StandInBrowserWindow, standIn } from '../support/electron-stand-in';

import { removeScratchDirs } from './helpers/fixtures';
import { startTestApp } from './helpers/start-app';
import { clickMenuItem, until } from './helpers/tray-driver';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

afterEach(removeScratchDirs);

async function openAppWindow() {
  clickMenuItem('manage-profiles');
  const window = await until(() => standIn.windows[0], 'the window');
  await until(() => window.webContents.sent.length > 0, 'the page to load');
  return window;
}

const hardened = {
  preload: join(process.cwd(), 'dist', 'preload', 'preload.js'),
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  webviewTag: false,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  spellcheck: false,
};

describe('window hardening', () => {
  it('gives every window the hardened web preferences and loads only the app page', async () => {
    await startTestApp();
    const window = await openAppWindow();
    window.close();
    standIn.app.launchSecondInstance();
    await until(() => standIn.windows[0], 'the window again');

    const created = [window, ...standIn.windows];
    expect(created).toHaveLength(2);
    for (const each of created) {
      expect(each.webContents.getLastWebPreferences()).toEqual({ ...hardened, devTools: true });
      expect(each.webContents.loadedUrls).toEqual(['app://tray/index.html']);
      expect(each.options).toMatchObject({
        width: 420,
        height: 640,
        minWidth: 400,
        minHeight: 600,
      });
    }
  });

  it('switches DevTools off in a packaged build', async () => {
    await startTestApp({ isPackaged: true });
    const window = await openAppWindow();

    expect(window.webContents.getLastWebPreferences().devTools).toBe(false);
  });

  it('refuses to run packaged with a remote debugging port', async () => {
    await startTestApp({ isPackaged: true, switches: { 'remote-debugging-port': '9222' } });

    expect(standIn.world.exitCode).toBe(1);
    expect(standIn.trays).toHaveLength(0);
  });

  it('denies every permission request and check on the default session', async () => {
    await startTestApp();

    for (const permission of [
      'notifications',
      'media',
      'geolocation',
      'clipboard-read',
      'openExternal',
    ]) {
      expect(await standIn.defaultSession.requestPermission(permission)).toBe(false);
      expect(standIn.defaultSession.checkPermission(permission)).toBe(false);
    }
  });

  it('denies new windows and keeps every webContents on the app origin', async () => {
    await startTestApp();
    const window = await openAppWindow();
    // A webContents the app did not create gets the same guards (web-contents-created).
    const stray = new StandInBrowserWindow({});

    for (const contents of [window.webContents, stray.webContents]) {
      expect(contents.simulateWindowOpen('https://evil.example/')).toBe('deny');
      expect(contents.simulateWindowOpen('app://tray/index.html')).toBe('deny');
      for (const url of [
        'https://evil.example/',
        'app://tray.evil/index.html',
        'app://tray@evil/index.html',
        'file:///etc/passwd',
        'javascript:alert(1)',
      ]) {
        expect(contents.simulateNavigation(url), url).toBe(true);
        expect(contents.simulateRedirect(url), url).toBe(true);
      }
      expect(contents.simulateNavigation('app://tray/index.html#profiles')).toBe(false);
      expect(contents.simulateAttachWebview('app://tray/index.html')).toBe(true);
    }
    const frame = window.webContents.mainFrame.addSubframe('about:blank');
    expect(window.webContents.simulateNavigation('https://evil.example/', frame)).toBe(true);
    expect(window.webContents.getURL()).toBe('app://tray/index.html#profiles');
  });
});

describe('downloads', () => {
  it('lets the window save its profiles export, through a save dialog for JSON', async () => {
    await startTestApp();
    const window = await openAppWindow();

    const item = standIn.defaultSession.simulateDownload(
      {
        url: 'blob:app://tray/3f1c9a52-8d0e-4b7a-a3f6-0c2d9e5b1f47',
        initiatorOrigin: 'app://tray',
        filename: 'token-tray-profiles.json',
        mimeType: 'application/json',
      },
      window.webContents,
      window.webContents.mainFrame,
    );

    expect(item.getState()).toBe('progressing');
    expect(item.shownSaveDialog).toEqual({
      title: 'Export profiles',
      defaultPath: 'token-tray-profiles.json',
      filters: [{ name: 'JSON', extensions: ['json'] }],
    });
  });

  it('cancels every other download before a dialog or a file', async () => {
    const { logLines } = await startTestApp();
    const window = await openAppWindow();

    const refused = [
      { url: 'https://evil.example/payload.exe', initiatorOrigin: 'app://tray' },
      { url: 'blob:https://evil.example/6a1e', initiatorOrigin: 'https://evil.example' },
      { url: 'blob:app://tray.evil/6a1e', initiatorOrigin: 'app://tray' },
      { url: 'blob:null/6a1e', initiatorOrigin: 'null' },
      { url: 'data:application/json,%7B%7D', initiatorOrigin: 'app://tray' },
      { url: 'file:///etc/passwd', initiatorOrigin: 'app://tray' },
      // The URL is the initiator's choice; the initiator must be the app's page too.
      { url: 'blob:app://tray/6a1e', initiatorOrigin: 'https://evil.example' },
      { url: 'blob:app://tray/6a1e', initiatorOrigin: '' },
    ].map((request) => standIn.defaultSession.simulateDownload(request, window.webContents, null));

    expect(refused.map((item) => item.getState())).toEqual(refused.map(() => 'cancelled'));
    expect(refused.map((item) => item.shownSaveDialog)).toEqual(refused.map(() => undefined));
    const warnings = logLines.filter((line) => line.includes('a download was refused'));
    expect(warnings).toHaveLength(refused.length);
    expect(warnings.join('\n')).not.toContain('payload.exe');
  });
});

describe('IPC sender checks', () => {
  it('registers exactly the contract channels, and no library channel', async () => {
    await startTestApp();

    expect([...standIn.ipcMain.handlers.keys()].sort()).toEqual([...ipcChannels].sort());
    expect(standIn.ipcMain.eventNames()).toEqual([]);
  });

  it('answers the app window top frame', async () => {
    await startTestApp();
    const window = await openAppWindow();

    const result = await standIn.invokeFrom(window.webContents, 'app:get-state', []);

    expect(result).toMatchObject({ ok: true, value: { profiles: [], sessions: [] } });
  });

  it('refuses a foreign page, a subframe, a vanished frame and a window the app did not create', async () => {
    const { logLines } = await startTestApp();
    const window = await openAppWindow();
    const appSubframe = window.webContents.mainFrame.addSubframe('app://tray/index.html');
    const stray = new StandInBrowserWindow({});
    await stray.loadURL('app://tray/index.html');

    const forbidden = { ok: false, code: 'forbidden', message: expect.stringContaining('refused') };
    for (const channel of ipcChannels) {
      expect(
        await standIn.invokeFrom(window.webContents, channel, [], { frame: appSubframe }),
      ).toEqual(forbidden);
      expect(await standIn.invokeFrom(window.webContents, channel, [], { frame: null })).toEqual(
        forbidden,
      );
      expect(await standIn.invokeFrom(stray.webContents, channel, [])).toEqual(forbidden);
    }
    window.webContents.mainFrame.url = 'https://evil.example/';
    expect(await standIn.invokeFrom(window.webContents, 'profiles:export', [])).toEqual(forbidden);

    const refusals = logLines.filter((line) => line.includes('refused'));
    expect(refusals.some((line) => line.includes('came from a subframe'))).toBe(true);
    expect(refusals.some((line) => line.includes('the sending frame is gone'))).toBe(true);
    expect(refusals.some((line) => line.includes('a window the app did not create'))).toBe(true);
    expect(refusals.some((line) => line.includes('not the app page'))).toBe(true);
  });
});
