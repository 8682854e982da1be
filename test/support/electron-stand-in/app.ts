// The `app` module: lifecycle, paths, single-instance lock, login items and the macOS dock.
// Event order follows https://www.electronjs.org/docs/latest/api/app (before-quit, windows
// closing, will-quit, quit; `exit` skips the events; `second-instance` only after `ready`).
import { EventEmitter } from 'node:events';

import { closeAllWindows, hasOpenWindows } from './windows';
import { createEvent, lifecycle, world } from './world';

class StandInApp extends EventEmitter {
  #readyPromise!: Promise<void>;
  #quitting = false;
  #resolveReady!: () => void;
  readonly commandLine = {
    hasSwitch: (name: string) => world.switches.has(name),
    getSwitchValue: (name: string) => world.switches.get(name) ?? '',
    appendSwitch: (name: string, value = '') => void world.switches.set(name, value),
    appendArgument: () => undefined,
    removeSwitch: (name: string) => void world.switches.delete(name),
  };

  constructor() {
    super();
    this.resetLifecycle();
  }

  resetLifecycle(): void {
    this.removeAllListeners();
    this.#readyPromise = new Promise((resolve) => {
      this.#resolveReady = resolve;
    });
  }

  get name(): string {
    return 'SanteDB Token Tray';
  }
  getName(): string {
    return this.name;
  }
  getVersion(): string {
    return '0.1.0';
  }
  get isPackaged(): boolean {
    return world.isPackaged;
  }
  getAppPath(): string {
    return world.paths.appPath ?? process.cwd();
  }

  isReady(): boolean {
    return world.ready;
  }
  whenReady(): Promise<void> {
    return this.#readyPromise;
  }

  /** Test control: the platform finished launching. */
  becomeReady(): void {
    if (world.ready) {
      return;
    }
    world.ready = true;
    this.emit('will-finish-launching');
    this.emit('ready', createEvent(), {});
    this.#resolveReady();
    lifecycle.emit('ready');
  }

  getPath(name: string): string {
    const value = world.paths[name];
    if (value === undefined) {
      // Electron throws for a name it does not know.
      throw new Error(`Failed to get '${name}' path`);
    }
    return value;
  }
  setPath(name: string, value: string): void {
    world.paths[name] = value;
  }

  requestSingleInstanceLock(): boolean {
    world.hasLock = !world.lockHeldElsewhere;
    return world.hasLock;
  }
  hasSingleInstanceLock(): boolean {
    return world.hasLock;
  }
  releaseSingleInstanceLock(): void {
    world.hasLock = false;
  }

  /** Test control: another copy of the app was started and found the lock taken. */
  launchSecondInstance(argv: string[] = [], workingDirectory = '/'): void {
    if (!world.hasLock) {
      throw new Error('[electron stand-in] no instance holds the lock, so none is told');
    }
    if (!world.ready) {
      throw new Error('[electron stand-in] second-instance is only emitted after ready');
    }
    this.emit('second-instance', createEvent(), argv, workingDirectory, {});
  }

  setAppUserModelId(id: string): void {
    world.appUserModelId = id;
  }

  /** macOS only: `undefined` elsewhere, as the docs say. */
  get dock():
    | { hide(): void; show(): Promise<void>; isVisible(): boolean; setBadge(text: string): void }
    | undefined {
    if (world.platform !== 'darwin') {
      return undefined;
    }
    return {
      hide: () => void (world.dockHidden = true),
      show: async () => void (world.dockHidden = false),
      isVisible: () => !world.dockHidden,
      setBadge: () => undefined,
    };
  }

  /** Documented for macOS and Windows only; on Linux the stand-in ignores it. */
  setLoginItemSettings(settings: {
    openAtLogin?: boolean;
    openAsHidden?: boolean;
    args?: string[];
  }) {
    if (world.platform === 'linux') {
      return;
    }
    world.loginItem = {
      openAtLogin: settings.openAtLogin ?? false,
      openAsHidden: settings.openAsHidden ?? false,
      args: settings.args ?? [],
    };
  }
  getLoginItemSettings(): {
    openAtLogin: boolean;
    openAsHidden: boolean;
    wasOpenedAtLogin: boolean;
  } {
    return { ...world.loginItem, wasOpenedAtLogin: false };
  }

  quit(): void {
    world.quitRequested += 1;
    const beforeQuit = createEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) {
      return;
    }
    // While quitting, closing the last window does not emit `window-all-closed` (docs above).
    this.#quitting = true;
    closeAllWindows();
    this.#quitting = false;
    if (hasOpenWindows()) {
      return;
    }
    const willQuit = createEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) {
      return;
    }
    this.emit('quit', createEvent(), 0);
    world.exitCode ??= 0;
  }

  get quitting(): boolean {
    return this.#quitting;
  }

  exit(code = 0): void {
    world.exitCode = code;
  }

  focus(): void {}
  show(): void {}
  hide(): void {}
}

export const app = new StandInApp();

/** Electron quits when the last window closes unless someone listens for the event. */
export function lastWindowClosed(): void {
  if (app.quitting) {
    return;
  }
  if (app.listenerCount('window-all-closed') > 0) {
    app.emit('window-all-closed');
  } else {
    app.quit();
  }
}
