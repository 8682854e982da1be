// One stand-in for the `electron` module, for tests that run in plain Node (there is no Electron
// binary here). Use it with
//   vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);
// and drive it through `standIn`. Each part follows Electron's documented behaviour where there
// is one; the file it lives in cites the page. It is a stand-in: passing tests here say nothing
// about what Electron itself does on a desktop.
import { app } from './electron-stand-in/app';
import {
  clipboard,
  clipboardState,
  resetClipboard,
  StandInClipboardItem,
} from './electron-stand-in/clipboard';
import {
  attachRenderer,
  contextBridge,
  invokeFrom,
  ipcMain,
  ipcRenderer,
  resetIpc,
} from './electron-stand-in/ipc';
import { resetNotifications, StandInNotification } from './electron-stand-in/notification';
import {
  foreignCiphertext,
  resetSafeStorage,
  rotateKey,
  safeStorage,
} from './electron-stand-in/safe-storage';
import {
  defaultSession,
  dialog,
  globalShortcut,
  powerMonitor,
  protocol,
  protocolState,
  resetSystem,
  session,
  shell,
  takenShortcuts,
} from './electron-stand-in/system';
import {
  nativeImage,
  resetTrays,
  StandInMenu,
  StandInMenuItem,
  StandInTray,
} from './electron-stand-in/tray-menu';
import { resetWindows, StandInBrowserWindow, webContentsModule } from './electron-stand-in/windows';
import { resetWorld, world, type WorldOptions } from './electron-stand-in/world';

export type { StandInDownloadItem } from './electron-stand-in/download';
export type { StandInFrame, StandInWebContents } from './electron-stand-in/windows';
export type { WorldOptions, LinuxBackend, StandInPlatform } from './electron-stand-in/world';
export { StandInBrowserWindow, StandInMenu, StandInMenuItem, StandInNotification, StandInTray };

const api = {
  app,
  BrowserWindow: StandInBrowserWindow,
  ClipboardItem: StandInClipboardItem,
  Menu: StandInMenu,
  MenuItem: StandInMenuItem,
  Notification: StandInNotification,
  Tray: StandInTray,
  clipboard,
  contextBridge,
  dialog,
  globalShortcut,
  ipcMain,
  ipcRenderer,
  nativeImage,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
  webContents: webContentsModule,
};

/** What `import … from 'electron'` yields under the mock; electron-store uses the default. */
export const electronModule = { ...api, default: api };

export const standIn = {
  world,
  app,
  ipcMain,
  powerMonitor,
  globalShortcut,
  takenShortcuts,
  protocol,
  protocolState,
  defaultSession,
  clipboard: clipboardState,
  invokeFrom,
  attachRenderer,
  foreignCiphertext,
  rotateKey,
  get windows(): StandInBrowserWindow[] {
    return StandInBrowserWindow.getAllWindows();
  },
  get trays(): StandInTray[] {
    return StandInTray.instances;
  },
  get notifications(): StandInNotification[] {
    return StandInNotification.instances;
  },

  /** Back to a freshly started, not yet ready process. */
  reset(options: WorldOptions = {}): void {
    resetWorld(options);
    app.resetLifecycle();
    resetWindows();
    resetIpc();
    resetTrays();
    resetClipboard();
    resetNotifications();
    resetSafeStorage();
    resetSystem();
  },
};
