// The tray app's settings port: settings.json through the settings store, put in force on the
// running app. The left-click action and the acceptance of unencrypted secret storage are read
// at each use (tray.ts, keyring.ts), so for them saving is applying; the rest is applied here.
import type { SettingName } from '../app/app-settings';
import type { ClipboardGuard } from '../app/clipboard-guard';
import type { NotificationPolicy } from '../app/notification-policy';
import type { SettingsPort } from '../app/ports';

import type { LoginItem } from './login-item';
import type { SettingsStore } from './settings-store';
import type { ShortcutService } from './shortcut';

export interface SettingsTargets {
  platform: NodeJS.Platform;
  store: SettingsStore;
  shortcut: ShortcutService;
  clipboard: Pick<ClipboardGuard, 'setClearAfterSeconds'>;
  policy: Pick<NotificationPolicy, 'setNotifyOnCopy'>;
  loginItem: LoginItem;
}

export function createSettingsPort(targets: SettingsTargets): SettingsPort {
  const { store, shortcut, loginItem } = targets;

  return {
    platform: {
      startAtLoginSupported: loginItem.supported,
      // AppIndicator sends no clicks (https://github.com/electron/electron/issues/6773).
      leftClickSupported: targets.platform !== 'linux',
    },
    // The user can also change the login item in the OS's own settings: the OS has the last word.
    load: () => ({ ...store.get(), startAtLogin: loginItem.isEnabled() }),
    apply(next, previous) {
      const refused: SettingName[] = [];
      if (next.globalShortcut !== previous.globalShortcut && !shortcut.apply(next.globalShortcut)) {
        refused.push('globalShortcut');
      }
      targets.clipboard.setClearAfterSeconds(next.clipboardClearSeconds);
      targets.policy.setNotifyOnCopy(next.notifyOnCopy);
      if (loginItem.supported && next.startAtLogin !== loginItem.isEnabled()) {
        loginItem.setEnabled(next.startAtLogin);
        if (loginItem.isEnabled() !== next.startAtLogin) {
          refused.push('startAtLogin');
        }
      }
      return refused;
    },
    save(settings) {
      store.update(settings);
    },
  };
}
