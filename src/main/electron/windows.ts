// The one window: the session view or the profile manager (the page switches views when main
// sends `view:show`). Created on first use and destroyed on close, so an idle tray app runs no
// renderer process at all; closing it never quits the app (see main.ts, window-all-closed).
import { BrowserWindow, type WebContents, type WebPreferences } from 'electron';

import type { IpcEventChannel, IpcEvents } from '../../shared/ipc-contract';
import type { Logger } from '../core/logger';

import { APP_ENTRY_URL } from './app-protocol';

export type ViewRequest = IpcEvents['view:show'];

export interface WindowManager {
  /** Show the window (creating it if needed) with the view asked for. */
  show(request: ViewRequest): void;
  /** Push an event to the window if it is open; dropped otherwise (it reads state on load). */
  send<Channel extends IpcEventChannel>(channel: Channel, payload: IpcEvents[Channel]): void;
  /** Whether `contents` belongs to a window this app created and still has open. */
  owns(contents: WebContents): boolean;
  isOpen(): boolean;
  close(): void;
}

export interface WindowOptions {
  preloadPath: string;
  /** Electron's `app.isPackaged`: packaged builds get no DevTools. */
  packaged: boolean;
  logger: Logger;
}

/** Every item of the security checklist that is a web preference, set explicitly. */
export function secureWebPreferences(preloadPath: string, packaged: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    webviewTag: false,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: !packaged,
  };
}

export function createWindowManager(options: WindowOptions): WindowManager {
  let window: BrowserWindow | undefined;
  let loaded = false;
  let pendingView: ViewRequest | undefined;

  const create = (): BrowserWindow => {
    const created = new BrowserWindow({
      width: 420,
      height: 640,
      minWidth: 400,
      minHeight: 600,
      show: false,
      title: 'SanteDB Token Tray',
      autoHideMenuBar: true,
      webPreferences: secureWebPreferences(options.preloadPath, options.packaged),
    });
    created.once('ready-to-show', () => created.show());
    created.webContents.on('did-finish-load', () => {
      loaded = true;
      if (pendingView) {
        created.webContents.send('view:show', pendingView);
        pendingView = undefined;
      }
    });
    created.on('closed', () => {
      window = undefined;
      loaded = false;
    });
    created.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
      options.logger.error('the window page did not load', { error: errorName(error) });
    });
    options.logger.info('window opened');
    return created;
  };

  const send: WindowManager['send'] = (channel, payload) => {
    if (window && loaded && !window.isDestroyed()) {
      window.webContents.send(channel, payload);
    }
  };

  return {
    show(request) {
      if (!window || window.isDestroyed()) {
        window = create();
        pendingView = request;
        return;
      }
      if (window.isMinimized()) {
        window.restore();
      }
      window.show();
      window.focus();
      if (loaded) {
        send('view:show', request);
      } else {
        pendingView = request;
      }
    },
    send,
    owns: (contents) =>
      window !== undefined && !window.isDestroyed() && window.webContents === contents,
    isOpen: () => window !== undefined && !window.isDestroyed(),
    close: () => window?.close(),
  };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
