// "Start at login" through the OS login items (macOS and Windows; Electron offers no Linux
// implementation, where an autostart .desktop file would be needed).
import { app } from 'electron';

export interface LoginItem {
  readonly supported: boolean;
  isEnabled(): boolean;
  setEnabled(enabled: boolean): void;
}

export function createLoginItem(platform: NodeJS.Platform): LoginItem {
  // TODO(linux-autostart): write ~/.config/autostart/<app>.desktop; Electron has no API for it.
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
