// BrowserWindow, its webContents and frames. Navigation, window.open and <webview> attachment
// are driven by the test (`simulate…`) and go through the same events Electron emits, so the
// app's handlers decide the outcome. `web-contents-created` fires inside the constructor, before
// any page loads, as in https://www.electronjs.org/docs/latest/api/app#event-web-contents-created.
import { EventEmitter } from 'node:events';

import { app, lastWindowClosed } from './app';
import { deliverToRenderer } from './ipc';
import { defaultSession } from './system';
import { createEvent } from './world';

let nextId = 1;
const windows = new Set<StandInBrowserWindow>();
const allContents = new Set<StandInWebContents>();

export class StandInFrame {
  readonly frames: StandInFrame[] = [];
  detached = false;
  readonly routingId = nextId++;
  readonly processId = 1;

  constructor(
    public url: string,
    readonly parent: StandInFrame | null,
  ) {}

  get top(): StandInFrame {
    return this.parent ? this.parent.top : this;
  }

  /** What Chromium reports for standard schemes: scheme://host; anything else is opaque. */
  get origin(): string {
    try {
      const parsed = new URL(this.url);
      return ['http:', 'https:', 'app:'].includes(parsed.protocol)
        ? `${parsed.protocol}//${parsed.host}`
        : 'null';
    } catch {
      return 'null';
    }
  }

  /** Test control: add an <iframe> showing `url`. */
  addSubframe(url: string): StandInFrame {
    const frame = new StandInFrame(url, this);
    this.frames.push(frame);
    return frame;
  }
}

export class StandInWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly session = defaultSession;
  readonly mainFrame = new StandInFrame('', null);
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  readonly loadedUrls: string[] = [];
  #windowOpenHandler?: (details: { url: string }) => { action: 'allow' | 'deny' };
  #destroyed = false;
  #devToolsOpen = false;

  constructor(
    readonly webPreferences: Record<string, unknown>,
    readonly ownerWindow: StandInBrowserWindow | undefined,
  ) {
    super();
    allContents.add(this);
  }

  getURL(): string {
    return this.mainFrame.url;
  }
  getLastWebPreferences(): Record<string, unknown> {
    return { ...this.webPreferences };
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }

  async loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    this.mainFrame.url = url;
    await Promise.resolve();
    this.emit('did-finish-load');
    this.ownerWindow?.emit('ready-to-show');
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.#destroyed) {
      throw new Error('[electron stand-in] send on a destroyed webContents');
    }
    // IPC serialises with the structured clone algorithm, so functions or classes fail here too.
    const cloned = args.map((arg) => structuredClone(arg));
    this.sent.push({ channel, args: cloned });
    deliverToRenderer(this, channel, cloned);
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }) {
    this.#windowOpenHandler = handler;
  }
  /** Test control: the page calls window.open or follows a target=_blank link. */
  simulateWindowOpen(url: string): 'allow' | 'deny' {
    // Without a handler Electron opens the window.
    return this.#windowOpenHandler?.({ url }).action ?? 'allow';
  }

  /** Test control: the page navigates a frame; returns true when a listener prevented it. */
  simulateNavigation(url: string, frame: StandInFrame = this.mainFrame): boolean {
    const isMainFrame = frame === this.mainFrame;
    const frameEvent = createEvent({ url, isMainFrame, frame, isSameDocument: false });
    this.emit('will-frame-navigate', frameEvent);
    let prevented = frameEvent.defaultPrevented;
    if (isMainFrame) {
      const navigateEvent = createEvent({ url, isMainFrame, frame, isSameDocument: false });
      this.emit('will-navigate', navigateEvent, url, false, true);
      prevented ||= navigateEvent.defaultPrevented;
    }
    if (!prevented) {
      frame.url = url;
    }
    return prevented;
  }
  simulateRedirect(url: string): boolean {
    const event = createEvent({ url, isMainFrame: true, frame: this.mainFrame });
    this.emit('will-redirect', event, url, false, true);
    return event.defaultPrevented;
  }
  simulateAttachWebview(src: string): boolean {
    const event = createEvent();
    this.emit('will-attach-webview', event, {}, { src });
    return event.defaultPrevented;
  }

  openDevTools(): void {
    // With `devTools: false` Electron refuses to open them.
    this.#devToolsOpen = this.webPreferences.devTools !== false;
  }
  isDevToolsOpened(): boolean {
    return this.#devToolsOpen;
  }
  focus(): void {}

  destroy(): void {
    if (this.#destroyed) {
      return;
    }
    this.#destroyed = true;
    allContents.delete(this);
    this.emit('destroyed');
  }
}

export class StandInBrowserWindow extends EventEmitter {
  readonly id = nextId++;
  readonly webContents: StandInWebContents;
  #visible = false;
  #destroyed = false;
  #minimized = false;

  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    const preferences = (options.webPreferences ?? {}) as Record<string, unknown>;
    this.webContents = new StandInWebContents({ ...preferences }, this);
    windows.add(this);
    app.emit('web-contents-created', createEvent(), this.webContents);
    this.#visible = options.show !== false;
  }

  static getAllWindows(): StandInBrowserWindow[] {
    return [...windows];
  }
  static fromWebContents(contents: unknown): StandInBrowserWindow | null {
    return [...windows].find((window) => window.webContents === contents) ?? null;
  }
  static fromId(id: number): StandInBrowserWindow | null {
    return [...windows].find((window) => window.id === id) ?? null;
  }
  static getFocusedWindow(): StandInBrowserWindow | null {
    return [...windows].find((window) => window.#visible) ?? null;
  }

  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }
  show(): void {
    this.#visible = true;
    this.#minimized = false;
    this.emit('show');
  }
  hide(): void {
    this.#visible = false;
    this.emit('hide');
  }
  focus(): void {
    this.#visible = true;
    this.emit('focus');
  }
  isVisible(): boolean {
    return this.#visible && !this.#minimized;
  }
  isMinimized(): boolean {
    return this.#minimized;
  }
  minimize(): void {
    this.#minimized = true;
  }
  restore(): void {
    this.#minimized = false;
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  setMenuBarVisibility(): void {}
  removeMenu(): void {}

  close(): void {
    if (this.#destroyed) {
      return;
    }
    const event = createEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) {
      this.destroy();
    }
  }

  destroy(): void {
    if (this.#destroyed) {
      return;
    }
    this.#destroyed = true;
    this.#visible = false;
    windows.delete(this);
    this.webContents.destroy();
    this.emit('closed');
    if (windows.size === 0) {
      lastWindowClosed();
    }
  }
}

export function closeAllWindows(): void {
  for (const window of [...windows]) {
    window.close();
  }
}

export function hasOpenWindows(): boolean {
  return windows.size > 0;
}

export const webContentsModule = {
  getAllWebContents: () => [...allContents],
  fromId: (id: number) => [...allContents].find((contents) => contents.id === id),
};

export function resetWindows(): void {
  for (const window of [...windows]) {
    window.removeAllListeners();
  }
  windows.clear();
  allContents.clear();
}
