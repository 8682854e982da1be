// Desktop notifications from the notification policy's models. Each Notification is held until
// it is clicked or closed: one only referenced from a local is garbage-collected and its click
// handler never runs (https://github.com/electron/electron/issues/16922). On Windows a toast also
// needs the AppUserModelID that main.ts sets.
import { Notification } from 'electron';

import type { NotificationModel } from '../app/notification-policy';
import type { Logger } from '../core/logger';

export interface NotificationService {
  show(model: NotificationModel | undefined): void;
  /** How many notifications are held, waiting for a click or close. */
  readonly pending: number;
}

export function createNotificationService(
  onClick: (profileId: string) => void,
  logger: Logger,
): NotificationService {
  const held = new Map<string, Notification>();
  let warnedUnsupported = false;

  const release = (id: string, notification: Notification): void => {
    if (held.get(id) === notification) {
      held.delete(id);
    }
  };

  return {
    show(model) {
      if (!model) {
        return;
      }
      if (!Notification.isSupported()) {
        if (!warnedUnsupported) {
          logger.warn('this desktop does not support notifications; the tray icon shows the state');
          warnedUnsupported = true;
        }
        return;
      }
      // The same id means the same event for the same token: replace, never stack.
      held.get(model.id)?.close();
      const notification = new Notification({ title: model.title, body: model.body });
      held.set(model.id, notification);
      notification.on('click', () => {
        release(model.id, notification);
        onClick(model.profileId);
      });
      notification.on('close', () => release(model.id, notification));
      notification.show();
      logger.info(`notification shown: ${model.title}`);
    },
    get pending() {
      return held.size;
    },
  };
}
