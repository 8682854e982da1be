// The optional global shortcut that copies the active profile's token. Off unless the user set
// one; an accelerator the OS or another app already owns is reported, not silently ignored.
import { app, globalShortcut } from 'electron';

import type { Logger } from '../core/logger';

export interface ShortcutService {
  /** Register `accelerator` (undefined or '' turns it off); false when it could not be taken. */
  apply(accelerator: string | undefined): boolean;
  current(): string | undefined;
}

export function createShortcutService(onPress: () => void, logger: Logger): ShortcutService {
  let registered: string | undefined;

  // Shortcuts outlive the app otherwise on some desktops; the docs ask for this on will-quit.
  app.on('will-quit', () => globalShortcut.unregisterAll());

  return {
    apply(accelerator) {
      if (accelerator === registered) {
        return true;
      }
      if (registered) {
        globalShortcut.unregister(registered);
        registered = undefined;
      }
      if (!accelerator) {
        return true;
      }
      let taken = false;
      try {
        taken = globalShortcut.register(accelerator, onPress);
      } catch {
        // An accelerator Electron cannot parse throws; treat it like one that is taken.
      }
      if (!taken) {
        logger.warn('the global shortcut could not be registered', { accelerator });
        return false;
      }
      registered = accelerator;
      logger.info('global shortcut registered', { accelerator });
      return true;
    },
    current: () => registered,
  };
}
