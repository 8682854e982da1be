// powerMonitor, globalShortcut, protocol, session, dialog and shell. The modules Electron
// documents as usable only after `ready` (powerMonitor: https://github.com/electron/electron/issues/32576;
// globalShortcut, protocol.handle) throw here when used earlier; `registerSchemesAsPrivileged`
// is the opposite: before `ready` only, and once
// (https://www.electronjs.org/docs/latest/api/protocol#protocolregisterschemesasprivilegedcustomschemes).
import { EventEmitter } from 'node:events';

import { type DownloadRequest, StandInDownloadItem } from './download';
import { createEvent, requireReady, world } from './world';

class StandInPowerMonitor extends EventEmitter {
  override on(event: string, listener: (...args: unknown[]) => void): this {
    requireReady('powerMonitor');
    return super.on(event, listener);
  }
  override once(event: string, listener: (...args: unknown[]) => void): this {
    requireReady('powerMonitor');
    return super.once(event, listener);
  }
  /** Test control: the OS reports `suspend`, `resume`, `lock-screen`, `unlock-screen`, … */
  simulate(event: string): void {
    this.emit(event, createEvent());
  }
}

export const powerMonitor = new StandInPowerMonitor();

const shortcuts = new Map<string, () => void>();
/** Accelerators another application already owns. */
export const takenShortcuts = new Set<string>();

export const globalShortcut = {
  register(accelerator: string, callback: () => void): boolean {
    requireReady('globalShortcut');
    // Electron returns false when the OS or another app holds the shortcut.
    if (takenShortcuts.has(accelerator) || shortcuts.has(accelerator)) {
      return false;
    }
    shortcuts.set(accelerator, callback);
    return true;
  },
  unregister: (accelerator: string) => void shortcuts.delete(accelerator),
  unregisterAll: () => shortcuts.clear(),
  isRegistered: (accelerator: string) => shortcuts.has(accelerator),
  /** Test control: the user pressed it. */
  press(accelerator: string): void {
    shortcuts.get(accelerator)?.();
  },
  registered: () => [...shortcuts.keys()],
};

type ProtocolHandler = (request: Request) => Response | Promise<Response>;
const protocolHandlers = new Map<string, ProtocolHandler>();

export const protocolState = {
  privileged: undefined as undefined | Array<{ scheme: string; privileges?: object }>,
};

export const protocol = {
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: object }>): void {
    if (world.ready || protocolState.privileged) {
      throw new Error('registerSchemesAsPrivileged should be called once, before app is ready');
    }
    protocolState.privileged = structuredClone(schemes);
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    requireReady('protocol.handle');
    if (protocolHandlers.has(scheme)) {
      throw new Error(`The scheme "${scheme}" is already handled`);
    }
    protocolHandlers.set(scheme, handler);
  },
  unhandle: (scheme: string) => void protocolHandlers.delete(scheme),
  isProtocolHandled: (scheme: string) => protocolHandlers.has(scheme),
  /**
   * Test control: what the renderer's request gets. A Request goes to the handler as it is; a
   * string is passed unparsed, so a test can send what URL parsing would have normalised away.
   */
  async request(input: string | Request, method = 'GET'): Promise<Response> {
    const url = typeof input === 'string' ? input : input.url;
    const handler = protocolHandlers.get(url.slice(0, url.indexOf(':')));
    if (!handler) {
      return new Response(null, { status: 404, statusText: 'no handler (stand-in)' });
    }
    return handler(
      typeof input === 'string' ? ({ url, method, headers: new Headers() } as Request) : input,
    );
  },
};

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: object,
) => void;
type PermissionCheckHandler = (
  contents: unknown,
  permission: string,
  origin: string,
  details: object,
) => boolean;

class StandInSession extends EventEmitter {
  requestHandler: PermissionRequestHandler | null = null;
  checkHandler: PermissionCheckHandler | null = null;

  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.checkHandler = handler;
  }
  async resolveProxy(url: string): Promise<string> {
    return world.proxyFor(url);
  }
  /** Test control: a page asks for `permission`. Without a handler Electron grants it. */
  requestPermission(permission: string, contents: unknown = null): Promise<boolean> {
    const handler = this.requestHandler;
    if (!handler) {
      return Promise.resolve(true);
    }
    return new Promise((resolve) => handler(contents, permission, resolve, {}));
  }
  checkPermission(permission: string, origin = 'app://tray'): boolean {
    return this.checkHandler ? this.checkHandler(null, permission, origin, {}) : true;
  }
  /**
   * Test control: a page in `contents` starts a download. Emits `will-download` with the item,
   * the webContents and the frame, as Electron does; the item says what became of it.
   */
  simulateDownload(
    request: DownloadRequest,
    contents: unknown = null,
    frame: unknown = null,
  ): StandInDownloadItem {
    const item = new StandInDownloadItem(request);
    item.deliver((event) => this.emit('will-download', event, item, contents, frame));
    return item;
  }
  reset(): void {
    this.requestHandler = null;
    this.checkHandler = null;
    this.removeAllListeners();
  }
}

export const defaultSession = new StandInSession();
export const session = { defaultSession, fromPartition: () => defaultSession };

export const dialog = {
  async showMessageBox(
    ...args: unknown[]
  ): Promise<{ response: number; checkboxChecked: boolean }> {
    const options = (args.length > 1 ? args[1] : args[0]) as Record<string, unknown>;
    world.messageBoxes.push(options);
    return { response: 0, checkboxChecked: false };
  },
  showErrorBox(title: string, content: string): void {
    world.errorBoxes.push({ title, content });
  },
  async showOpenDialog(): Promise<{ canceled: boolean; filePaths: string[] }> {
    return { canceled: true, filePaths: [] };
  },
};

export const shell = {
  async openPath(path: string): Promise<string> {
    world.openedPaths.push(path);
    return '';
  },
  async openExternal(url: string): Promise<void> {
    world.openedExternal.push(url);
  },
};

export function resetSystem(): void {
  powerMonitor.removeAllListeners();
  shortcuts.clear();
  takenShortcuts.clear();
  protocolHandlers.clear();
  protocolState.privileged = undefined;
  defaultSession.reset();
}
