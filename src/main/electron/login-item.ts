// "Start at login": the OS login items on macOS and Windows, the freedesktop autostart entry on
// Linux (see linux-autostart.ts); anywhere else there is no way, and the menu says so.
import { app } from 'electron';

import { createAutostartEntry, type AutostartOptions } from './linux-autostart';

export interface LoginItem {
  readonly supported: boolean;
  isEnabled(): boolean;
  setEnabled(enabled: boolean): void;
}

export function createLoginItem(
  platform: NodeJS.Platform,
  linux: Partial<AutostartOptions> = {},
): LoginItem {
  if (platform === 'linux') {
    const entry = createAutostartEntry({
      env: process.env,
      execPath: process.execPath,
      appPath: app.getAppPath(),
      packaged: app.isPackaged,
      ...linux,
    });
    return { supported: true, isEnabled: entry.isEnabled, setEnabled: entry.setEnabled };
  }

  const supported = platform === 'darwin' || platform === 'win32';
  return {
    supported,
    isEnabled: () => supported && app.getLoginItemSettings().openAtLogin,
    setEnabled(enabled) {
      if (supported) {
        app.setLoginItemSettings({ openAtLogin: enabled });
      }
    },
  };
}
