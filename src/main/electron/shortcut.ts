// The optional global shortcut that copies the active profile's token. Off unless the user set
// one; an accelerator the OS or another app already owns is reported, not silently ignored, and
// the shortcut that worked before stays registered.
import { app, globalShortcut } from 'electron';

import type { Logger } from '../core/logger';

export interface ShortcutService {
  /**
   * Register `accelerator` (undefined or '' turns it off). False when it could not be taken;
   * the previous shortcut is then still registered.
   */
  apply(accelerator: string | undefined): boolean;
  current(): string | undefined;
}

export function createShortcutService(onPress: () => void, logger: Logger): ShortcutService {
  let registered: string | undefined;

  // Shortcuts outlive the app otherwise on some desktops; the docs ask for this on will-quit.
  app.on('will-quit', () => globalShortcut.unregisterAll());

  const register = (accelerator: string): boolean => {
    try {
      return globalShortcut.register(accelerator, onPress);
    } catch {
      // An accelerator Electron cannot parse throws; treat it like one that is taken.
      return false;
    }
  };

  return {
    apply(accelerator) {
      const wanted = accelerator || undefined;
      if (wanted === registered) {
        return true;
      }
      // The old one goes first: the new one may be the same keys spelled another way
      // ("Ctrl+Shift+T" for "CommandOrControl+Shift+T"), which the OS would see as taken by us.
      const previous = registered;
      if (previous) {
        globalShortcut.unregister(previous);
        registered = undefined;
      }
      if (!wanted) {
        logger.info('global shortcut turned off');
        return true;
      }
      if (register(wanted)) {
        registered = wanted;
        logger.info('global shortcut registered', { accelerator: wanted });
        return true;
      }

      logger.warn('the global shortcut could not be registered', { accelerator: wanted });
      if (previous && register(previous)) {
        registered = previous;
      }
      return false;
    },
    current: () => registered,
  };
}
