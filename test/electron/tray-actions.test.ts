import { describe, expect, it } from 'vitest';

import type { AppHandlers } from '../../src/main/app/app-service';
import { createNotificationPolicy } from '../../src/main/app/notification-policy';
import type { NotificationModel } from '../../src/main/app/notification-policy';
import { createTrayActions } from '../../src/main/electron/tray-actions';
import type { ViewRequest } from '../../src/main/electron/windows';
import type { AppState } from '../../src/shared/ipc-contract';

import { recordingLogger } from './helpers/fixtures';

const state = {
  activeProfileId: 'prod',
  profiles: [{ id: 'prod', name: 'Production' }],
  sessions: [],
} as unknown as AppState;

function setUp(answers: Partial<Record<keyof AppHandlers, unknown>>, notifyOnCopy = false) {
  const calls: Array<[string, unknown[]]> = [];
  const handlers = new Proxy({} as AppHandlers, {
    get:
      (_target, channel: string) =>
      async (...args: unknown[]) => {
        calls.push([channel, args]);
        return answers[channel as keyof AppHandlers] ?? { ok: true, value: {} };
      },
  });
  const notified: NotificationModel[] = [];
  const windows: ViewRequest[] = [];
  const logger = recordingLogger();
  const act = createTrayActions({
    handlers,
    state: () => state,
    showWindow: (request) => windows.push(request),
    openLogs: async () => undefined,
    toggleStartAtLogin: () => undefined,
    notify: (model) => model && notified.push(model),
    policy: createNotificationPolicy({
      describeProfile: () => ({ name: 'Production', autoRenew: true }),
      notifyOnCopy,
      now: () => 0,
    }),
    quit: () => undefined,
    logger,
  });
  const settled = () => new Promise((resolve) => setImmediate(resolve));
  return { act, calls, notified, windows, logger, settled };
}

describe('tray actions', () => {
  it('copies the active profile through the same handler the window uses', async () => {
    const { act, calls, notified, settled } = setUp({
      'session:copy': { ok: true, value: { clearsInSeconds: 60, expiresAtMs: 3_600_000 } },
    });

    act('copy-header');
    await settled();

    expect(calls).toEqual([['session:copy', ['prod', 'header']]]);
    expect(notified).toEqual([]);
  });

  it('turns a failure into a notification, since the tray has no window to show it in', async () => {
    const { act, notified, settled } = setUp({
      'session:copy': { ok: false, code: 'network', message: 'The server did not answer' },
    });

    act('copy-token');
    await settled();

    expect(notified).toEqual([
      {
        id: 'tray-failure:prod:network',
        title: 'Production: the token could not be copied',
        body: 'The server did not answer',
        profileId: 'prod',
      },
    ]);
  });

  it('picks a profile by its menu id and opens the views', async () => {
    const { act, calls, windows, settled } = setUp({});

    act('profile:test');
    act('show-session');
    act('manage-profiles');
    act('settings');
    await settled();

    expect(calls).toEqual([['profiles:set-active', ['test']]]);
    expect(windows).toEqual([
      { view: 'session', profileId: 'prod' },
      { view: 'profiles' },
      { view: 'settings' },
    ]);
  });

  it('logs an id it does not know', () => {
    const { act, logger } = setUp({});

    act('format-disk');

    expect(logger.text()).toContain('unknown tray menu item');
  });
});
