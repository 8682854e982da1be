// The whole tray app, started through its real entry (startTrayApp) with the real application
// layer, session manager, token client and the bundled dev server over loopback. Only Electron
// is replaced, by the stand-in, and the app's clock is frozen and moved by hand.
import { afterEach, beforeEach, describe, expect, it, onTestFailed, vi } from 'vitest';

import type { DevServer } from '../../src/dev-server/server';
import { DEMO_PROFILE_ID, DEMO_PROFILE_NAME } from '../../src/main/app/demo-profile';
import { rawFormat } from '../../src/main/electron/clipboard';
import type { AppState, IpcResult, ProfileDraft, ProfileView } from '../../src/shared/ipc-contract';
import { standIn } from '../support/electron-stand-in';
import { FakeClock } from '../support/fake-clock';

import { removeScratchDirs } from './helpers/fixtures';
import { demoServerOn, startTestApp } from './helpers/start-app';
import { clickMenuItem, menuItem, onlyTray, until } from './helpers/tray-driver';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

const HOUR_MS = 3_600_000;
let clock: FakeClock;
let server: DevServer | undefined;
let logLines: string[];

async function startApp() {
  const { running } = await startTestApp(
    { platform: 'linux' },
    {
      clock,
      logSink: (level, line) => logLines.push(`${level}: ${line}`),
      startDemoServer: demoServerOn(clock, (started) => (server = started)),
    },
  );
  if (!running?.demoServerUrl) {
    throw new Error('the app did not start its demo server');
  }
  return running.demoServerUrl;
}

function clipboardText(): string {
  return standIn.clipboard.system.formats.get('text/plain')?.toString('utf8') ?? '';
}

function draftOf(profile: ProfileView, renewal: ProfileDraft['renewal']): ProfileDraft {
  return {
    id: profile.id,
    name: profile.name,
    protocol: profile.protocol,
    serverRoot: profile.serverRoot,
    tokenEndpoint: profile.tokenEndpoint,
    clientId: profile.clientId,
    clientAuth: profile.clientAuth,
    nodeAuth: profile.nodeAuth,
    scope: profile.scope,
    caPath: profile.caPath,
    allowHttp: profile.allowHttp,
    timeoutSeconds: profile.timeoutSeconds,
    renewal,
    secrets: {},
  };
}

/** The user opens the profile manager and turns automatic renewal off, through the bridge. */
async function turnOffAutoRenewal() {
  clickMenuItem('manage-profiles');
  const window = await until(() => standIn.windows[0], 'the window');
  await until(() => window.webContents.sent.some((m) => m.channel === 'view:show'), 'view:show');
  const state = (await standIn.invokeFrom(
    window.webContents,
    'app:get-state',
    [],
  )) as IpcResult<AppState>;
  const demo = state.ok ? state.value.profiles.find((p) => p.id === DEMO_PROFILE_ID) : undefined;
  if (!demo) {
    throw new Error('the window sees no demo profile');
  }
  const saved = (await standIn.invokeFrom(window.webContents, 'profiles:save', [
    draftOf(demo, { auto: false, warnBeforeSeconds: 0 }),
  ])) as IpcResult<ProfileView>;
  expect(saved.ok && saved.value.renewal.auto).toBe(false);
  return window;
}

beforeEach(() => {
  clock = new FakeClock();
  logLines = [];
  server = undefined;
  // The app's own log (already redacted) is the best account of what went wrong.
  onTestFailed(() => console.log(`app log:\n${logLines.join('\n')}`));
});
afterEach(async () => {
  await server?.close();
  removeScratchDirs();
});

describe('the tray app end to end (Electron replaced by the stand-in)', () => {
  it('copies a real token, reports its expiry once, re-checks on resume, stays single and clears the clipboard on quit', async () => {
    const serverUrl = await startApp();

    // The demo profile appears in the tray menu and is picked with a radio click.
    const tray = onlyTray();
    const demoItem = menuItem(`profile:${DEMO_PROFILE_ID}`);
    expect(demoItem.label).toBe(`${DEMO_PROFILE_NAME} — no token`);
    expect(demoItem.type).toBe('radio');
    clickMenuItem(`profile:${DEMO_PROFILE_ID}`);
    await until(() => menuItem(`profile:${DEMO_PROFILE_ID}`).checked, 'the demo profile picked');
    expect(tray.toolTip).toBe(`${DEMO_PROFILE_NAME} — no token yet`);

    const window = await turnOffAutoRenewal();
    expect(window.webContents.sent.find((m) => m.channel === 'view:show')?.args).toEqual([
      { view: 'profiles' },
    ]);

    // Copy bearer token: the clipboard holds the dev server's real token, marked sensitive.
    clickMenuItem('copy-token');
    const token = await until(() => clipboardText() || undefined, 'the token on the clipboard');
    expect(token.length).toBeGreaterThan(20);
    expect(
      standIn.clipboard.system.formats.get(rawFormat('x-kde-passwordManagerHint'))?.toString(),
    ).toBe('secret');
    expect(standIn.clipboard.selection.formats.size).toBe(0);
    const session = await fetch(`${serverUrl}/auth/session`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(session.status).toBe(200);
    // The server knows the session the copied bearer stands for, as the app's own application.
    const sessionBody = (await session.json()) as { access_token?: string; id_token?: string };
    expect(sessionBody.access_token).toBe(token);
    const idClaims = JSON.parse(
      Buffer.from(sessionBody.id_token?.split('.')[1] ?? '', 'base64url').toString(),
    ) as { name?: string };
    expect(idClaims.name).toBe('org.example.desktop');
    // The token left main through the clipboard only: not to the window, not to the log.
    const seenByWindow = await standIn.invokeFrom(window.webContents, 'app:get-state', []);
    expect(JSON.stringify([seenByWindow, window.webContents.sent])).not.toContain(token);
    expect(logLines.join('\n')).not.toContain(token);
    await until(
      () => tray.toolTip.includes('token valid for'),
      'the tooltip to show a valid token',
    );
    expect(tray.toolTip).toBe(`${DEMO_PROFILE_NAME} — token valid for 1 h`);
    expect(tray.image.path).toMatch(/assets\/tray\/valid\.png$/);
    // No polling: the one countdown timer redraws when the text would change, a minute later.
    await clock.advance(1);
    expect(tray.toolTip).toBe(`${DEMO_PROFILE_NAME} — token valid for 59 min`);
    await clock.advance(59_999);
    expect(tray.toolTip).toBe(`${DEMO_PROFILE_NAME} — token valid for 59 min`);
    await clock.advance(1);
    expect(tray.toolTip).toBe(`${DEMO_PROFILE_NAME} — token valid for 58 min`);

    // Let it expire on the frozen clock: one notification, and the tray says expired.
    await clock.advance(HOUR_MS + 1000);
    await until(() => tray.toolTip.includes('expired'), 'the tooltip to say expired');
    expect(tray.toolTip).toBe(`${DEMO_PROFILE_NAME} — token expired`);
    expect(tray.image.path).toMatch(/assets\/tray\/expired\.png$/);
    expect(menuItem('header').label).toContain('expired');
    expect(menuItem(`profile:${DEMO_PROFILE_ID}`).label).toBe(`${DEMO_PROFILE_NAME} — expired`);
    expect(standIn.notifications.map((n) => n.title)).toEqual([
      `${DEMO_PROFILE_NAME}: the token has expired`,
    ]);
    expect(standIn.notifications[0]?.shown).toBe(true);

    // The machine sleeps and wakes: every session is re-checked, and nothing is reported twice.
    clock.suspend(2 * HOUR_MS);
    standIn.powerMonitor.simulate('resume');
    await until(
      () => logLines.some((l) => l.includes('system resume: re-checking')),
      'the recheck',
    );
    expect(standIn.notifications).toHaveLength(1);
    expect(tray.toolTip).toBe(`${DEMO_PROFILE_NAME} — token expired`);

    // Closing the window never quits; a second start shows the window and adds no tray.
    window.close();
    expect(standIn.windows).toHaveLength(0);
    expect(standIn.world.quitRequested).toBe(0);
    standIn.app.launchSecondInstance(['santedb-token-tray']);
    const reopened = await until(() => standIn.windows[0], 'the window after a second start');
    await until(() => reopened.isVisible(), 'the window to show');
    expect(standIn.trays).toHaveLength(1);
    await until(() => reopened.webContents.sent.some((m) => m.channel === 'view:show'), 'view');
    expect(reopened.webContents.sent.find((m) => m.channel === 'view:show')?.args).toEqual([
      { view: 'session', profileId: DEMO_PROFILE_ID },
    ]);

    // A fresh copy, then Quit: the clipboard is cleared before the app ends.
    clickMenuItem('copy-token');
    const second = await until(
      () => (clipboardText() !== token && clipboardText()) || undefined,
      'a new token',
    );
    expect(second).not.toBe(token);
    clickMenuItem('quit');
    await until(() => standIn.world.exitCode !== undefined, 'the app to quit');
    expect(clipboardText()).toBe('');
    expect(standIn.clipboard.system.formats.size).toBe(0);
    expect(standIn.globalShortcut.registered()).toEqual([]);
  });
});

describe('sleep and wake (Electron replaced by the stand-in)', () => {
  it('clears the clipboard on suspend and reports on resume a token that lapsed during sleep', async () => {
    await startApp();
    await turnOffAutoRenewal();
    clickMenuItem('copy-token');
    await until(() => clipboardText() || undefined, 'the token on the clipboard');
    const tray = onlyTray();

    standIn.powerMonitor.simulate('suspend');
    await until(() => clipboardText() === '', 'the clipboard cleared on suspend');
    clock.suspend(3 * HOUR_MS);
    await clock.advance(0);
    // Timers count awake time only: nothing has noticed yet.
    expect(standIn.notifications).toHaveLength(0);

    standIn.powerMonitor.simulate('resume');
    await until(() => standIn.notifications.length > 0, 'the expiry notification');
    expect(standIn.notifications.map((n) => n.title)).toEqual([
      `${DEMO_PROFILE_NAME}: the token has expired`,
    ]);
    await until(() => tray.toolTip.endsWith('token expired'), 'the tray to say expired');

    // Clicking the notification opens the session view of that profile.
    standIn.windows[0]?.close();
    standIn.notifications[0]?.simulateClick();
    const window = await until(() => standIn.windows[0], 'the session window');
    await until(() => window.webContents.sent.some((m) => m.channel === 'view:show'), 'view');
    expect(window.webContents.sent.find((m) => m.channel === 'view:show')?.args).toEqual([
      { view: 'session', profileId: DEMO_PROFILE_ID },
    ]);
  });

  it('clears the clipboard when the screen locks and re-checks every session when it unlocks', async () => {
    await startApp();
    await turnOffAutoRenewal();
    clickMenuItem('copy-token');
    await until(() => clipboardText() || undefined, 'the token on the clipboard');

    standIn.powerMonitor.simulate('lock-screen');
    await until(() => clipboardText() === '', 'the clipboard cleared on lock');
    expect(standIn.clipboard.system.formats.size).toBe(0);
    expect(logLines.some((l) => l.includes('clipboard cleared (lock-screen)'))).toBe(true);
    // Locking alone re-checks nothing: that waits for the user to come back.
    expect(logLines.some((l) => l.includes('re-checking'))).toBe(false);

    standIn.powerMonitor.simulate('unlock-screen');
    await until(
      () => logLines.some((l) => l.includes('system unlock-screen: re-checking')),
      'the recheck',
    );
  });
});
