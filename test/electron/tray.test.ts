import { beforeEach, describe, expect, it, vi } from 'vitest';

import {
  createTrayService,
  nextCountdownChangeAt,
  type TrayOptions,
} from '../../src/main/electron/tray';
import { formatDuration } from '../../src/shared/duration';
import type { AppState, ProfileView, SessionView } from '../../src/shared/ipc-contract';
import { standIn, type StandInPlatform } from '../support/electron-stand-in';
import { FakeClock } from '../support/fake-clock';
import { defaultSettingsView } from '../support/memory-settings';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

const NOW = Date.UTC(2026, 8, 1, 9, 0, 0);

function profileView(id: string): ProfileView {
  return {
    id,
    name: id === 'prod' ? 'Production' : id,
    protocol: 'santedb3',
    serverRoot: 'https://sdb.example.org',
    effectiveTokenEndpoint: 'https://sdb.example.org/auth/oauth2_token',
    clientId: 'org.example.desktop',
    clientAuth: 'basic',
    nodeAuth: { kind: 'none' },
    scope: '*',
    allowHttp: false,
    timeoutSeconds: 20,
    renewal: {
      auto: true,
      beforeExpirySeconds: 120,
      lifetimeFraction: 0.8,
      warnBeforeSeconds: 300,
    },
    demo: false,
    storedSecrets: { clientSecret: true, deviceSecret: false, certPassphrase: false },
    needsReentry: [],
  };
}

function sessionView(profileId: string, extra: Partial<SessionView> = {}): SessionView {
  return {
    profileId,
    profileName: profileId,
    demo: false,
    tokenEndpoint: 'https://sdb.example.org/auth/oauth2_token',
    protocol: 'santedb3',
    status: 'idle',
    hasToken: false,
    idToken: 'absent',
    warnings: [],
    ...extra,
  };
}

function appState(sessions: SessionView[], activeProfileId = 'prod'): AppState {
  return {
    activeProfileId,
    profiles: sessions.map((session) => profileView(session.profileId)),
    sessions,
    secretBackend: { name: 'gnome_libsecret', secure: true, acceptedInsecure: false },
    settings: defaultSettingsView,
  };
}

const valid = (profileId: string, remainingMs: number) =>
  sessionView(profileId, { status: 'valid', hasToken: true, expiresAtMs: NOW + remainingMs });

function start(platform: StandInPlatform, extra: Partial<TrayOptions> = {}) {
  standIn.reset({ platform });
  standIn.app.becomeReady();
  const clock = new FakeClock(NOW);
  const actions: string[] = [];
  const service = createTrayService({
    platform,
    assetsDir: '/app/assets/tray',
    clock,
    leftClickAction: () => 'copy-token',
    onMenuAction: (id) => actions.push(id),
    onCopyClick: () => actions.push('left-click-copy'),
    ...extra,
  });
  const tray = standIn.trays[0];
  if (!tray) {
    throw new Error('no tray created');
  }
  return { service, tray, clock, actions };
}

describe('tray', () => {
  beforeEach(() => standIn.reset());

  it('on Linux puts everything in the context menu and relies on no click', () => {
    const { service, tray, actions } = start('linux');
    service.render({ state: appState([valid('prod', 3_600_000)]), startAtLogin: false });

    expect(tray.contextMenu?.getMenuItemById('copy-token')?.label).toBe('Copy bearer token');
    expect(tray.listenerCount('click')).toBe(0);
    tray.contextMenu?.getMenuItemById('copy-token')?.click();
    expect(actions).toEqual(['copy-token']);
    expect(tray.image.path).toBe('/app/assets/tray/valid.png');
    expect(tray.toolTip).toBe('Production — token valid for 1 h');
  });

  it('on Windows copies on left click, keeps the menu on right click, and uses the .ico', () => {
    const { service, tray, actions } = start('win32');
    service.render({ state: appState([valid('prod', 3_600_000)]), startAtLogin: false });

    tray.simulateClick();
    tray.simulateRightClick();

    expect(actions).toEqual(['left-click-copy']);
    expect(tray.openedMenu).toBe(tray.contextMenu);
    expect(tray.image.path).toBe('/app/assets/tray/valid.ico');
  });

  it('on macOS sets no context menu (it would take the left click) and pops it up on right click', () => {
    const { service, tray, actions } = start('darwin');
    service.render({ state: appState([valid('prod', 3_600_000)]), startAtLogin: false });

    expect(tray.contextMenu).toBeNull();
    tray.simulateClick();
    expect(actions).toEqual(['left-click-copy']);
    expect(tray.openedMenu).toBeNull();
    tray.simulateRightClick();
    expect(tray.openedMenu?.getMenuItemById('quit')?.label).toBe('Quit');
    expect(tray.image.path).toBe('/app/assets/tray/validTemplate.png');
    expect(tray.image.isTemplateImage()).toBe(true);
  });

  it('opens the menu on left click when the setting says so', () => {
    const { service, tray, actions } = start('win32', { leftClickAction: () => 'menu' });
    service.render({ state: appState([valid('prod', 3_600_000)]), startAtLogin: false });

    tray.simulateClick();

    expect(actions).toEqual([]);
    expect(tray.calls.popUpContextMenu).toBe(1);
  });

  it('sets nothing again when nothing changed', () => {
    const { service, tray } = start('linux');
    const input = { state: appState([valid('prod', 3_600_000)]), startAtLogin: false };
    service.render(input);
    const after = { ...tray.calls };

    service.render(input);
    service.render();

    expect(tray.calls).toEqual(after);
    service.render({ ...input, startAtLogin: true });
    expect(tray.calls).toEqual({ ...after, setContextMenu: after.setContextMenu + 1 });
  });

  it('routes a profile radio click by id', () => {
    const { service, tray, actions } = start('linux');
    service.render({
      state: appState([valid('prod', 3_600_000), sessionView('test')]),
      startAtLogin: false,
    });

    tray.contextMenu?.getMenuItemById('profile:test')?.click();

    expect(actions).toEqual(['profile:test']);
  });

  it('keeps a single Tray for the app, and one countdown timer however often it renders', () => {
    const first = start('linux');
    createTrayService({
      platform: 'linux',
      assetsDir: '/app/assets/tray',
      clock: first.clock,
      leftClickAction: () => 'copy-token',
      onMenuAction: () => undefined,
      onCopyClick: () => undefined,
    });
    expect(standIn.trays).toHaveLength(1);

    const { service, clock } = start('linux');
    for (let i = 0; i < 5; i += 1) {
      service.render({ state: appState([valid('prod', 3_600_000 - i)]), startAtLogin: false });
    }
    expect(clock.pendingTimers).toBe(1);
    service.render({ state: appState([sessionView('prod')]), startAtLogin: false });
    expect(clock.pendingTimers).toBe(0);
  });

  it('redraws when the countdown text changes, not before', async () => {
    const { service, tray, clock } = start('linux');
    service.render({ state: appState([valid('prod', 61_500)]), startAtLogin: false });
    expect(tray.toolTip).toBe('Production — token valid for 1 min');

    await clock.advance(1_500);
    expect(tray.toolTip).toBe('Production — token valid for 1 min');
    await clock.advance(1);
    expect(tray.toolTip).toBe('Production — token valid for 59 s');
    await clock.advance(1_000);
    expect(tray.toolTip).toBe('Production — token valid for 58 s');
  });
});

describe('nextCountdownChangeAt', () => {
  it.each([999, 1_000, 59_999, 60_000, 61_500, 3_600_000, 3_599_999, 86_400_000, 90_061_001])(
    'with %i ms left, the text holds until the time returned and changes then',
    (remaining) => {
      const state = appState([valid('prod', remaining)]);
      const changeAt = nextCountdownChangeAt(state, NOW);
      if (changeAt === undefined) {
        throw new Error('no change time');
      }
      const expiresAt = NOW + remaining;
      const text = (at: number) => (at >= expiresAt ? 'expired' : formatDuration(expiresAt - at));
      expect(changeAt).toBeGreaterThan(NOW);
      expect(text(changeAt - 1)).toBe(text(NOW));
      expect(text(changeAt)).not.toBe(text(NOW));
    },
  );

  it('takes the soonest of every counting session and ignores the others', () => {
    const state = appState([
      valid('prod', 3_590_000),
      valid('test', 30_500),
      sessionView('idle'),
      sessionView('gone', { status: 'expired', hasToken: true, expiresAtMs: NOW - 1 }),
    ]);

    expect(nextCountdownChangeAt(state, NOW)).toBe(NOW + 501);
    expect(nextCountdownChangeAt(appState([sessionView('idle')]), NOW)).toBeUndefined();
  });
});
