import { beforeEach, describe, expect, it, vi } from 'vitest';

import { createNotificationService } from '../../src/main/electron/notifications';
import { standIn } from '../support/electron-stand-in';

import { recordingLogger } from './helpers/fixtures';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

const model = (id: string, profileId = 'prod') => ({
  id,
  title: 'Production: the token has expired',
  body: 'Choose Renew now in the tray menu to get a new one.',
  profileId,
});

describe('notifications', () => {
  beforeEach(() => {
    standIn.reset();
    standIn.app.becomeReady();
  });

  it('shows the model, holds it until clicked, and a click opens that profile', () => {
    const clicked: string[] = [];
    const service = createNotificationService(
      (profileId) => clicked.push(profileId),
      recordingLogger(),
    );

    service.show(model('expired:prod:1'));

    const [shown] = standIn.notifications;
    expect(shown?.shown).toBe(true);
    expect(shown?.title).toBe('Production: the token has expired');
    expect(shown?.body).toBe('Choose Renew now in the tray menu to get a new one.');
    expect(service.pending).toBe(1);
    shown?.simulateClick();
    expect(clicked).toEqual(['prod']);
    expect(service.pending).toBe(0);
  });

  it('lets go of a notification once it is closed', () => {
    const service = createNotificationService(() => undefined, recordingLogger());
    service.show(model('a'));
    service.show(model('b'));

    standIn.notifications[0]?.close();

    expect(service.pending).toBe(1);
  });

  it('replaces a notification with the same id instead of stacking it', () => {
    const service = createNotificationService(() => undefined, recordingLogger());

    service.show(model('copied:prod'));
    service.show(model('copied:prod'));

    expect(standIn.notifications).toHaveLength(2);
    expect(standIn.notifications[0]?.closed).toBe(true);
    expect(standIn.notifications[1]?.closed).toBe(false);
    expect(service.pending).toBe(1);
  });

  it('shows nothing, and says so once, where notifications are unsupported', () => {
    standIn.reset({ notificationsSupported: false });
    const logger = recordingLogger();
    const service = createNotificationService(() => undefined, logger);

    service.show(model('a'));
    service.show(model('b'));
    service.show(undefined);

    expect(standIn.notifications).toHaveLength(0);
    expect(logger.lines.filter((line) => line.line.includes('does not support'))).toHaveLength(1);
  });
});
