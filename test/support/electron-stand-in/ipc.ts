// ipcMain, ipcRenderer and contextBridge. `invokeFrom` lets a test call a handler as a given
// frame of a given webContents would, including a null `senderFrame` (a frame that navigated or
// was destroyed, https://www.electronjs.org/docs/latest/api/structures/ipc-main-invoke-event).
// Arguments and results pass through structuredClone, as they do over real IPC.
import { EventEmitter } from 'node:events';

import type { StandInFrame, StandInWebContents } from './windows';
import { createEvent, world } from './world';

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

class StandInIpcMain extends EventEmitter {
  readonly handlers = new Map<string, InvokeHandler>();

  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, handler);
  }
  handleOnce(channel: string, handler: InvokeHandler): void {
    this.handle(channel, (event, ...args) => {
      this.handlers.delete(channel);
      return handler(event, ...args);
    });
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

export const ipcMain = new StandInIpcMain();

export interface SenderOptions {
  /** The frame that sent it; `null` for a frame that is gone; the main frame by default. */
  frame?: StandInFrame | null;
}

export function invokeEvent(contents: StandInWebContents, options: SenderOptions = {}) {
  const frame = options.frame === undefined ? contents.mainFrame : options.frame;
  return createEvent({
    sender: contents,
    senderFrame: frame,
    frameId: frame?.routingId ?? -1,
    processId: 1,
    type: 'frame' as const,
  });
}

/** Test control: what `ipcRenderer.invoke` in `contents` would do. */
export async function invokeFrom(
  contents: StandInWebContents,
  channel: string,
  args: unknown[],
  options: SenderOptions = {},
): Promise<unknown> {
  const handler = ipcMain.handlers.get(channel);
  if (!handler) {
    throw new Error(`Error invoking remote method '${channel}': No handler registered`);
  }
  const result = await handler(invokeEvent(contents, options), ...structuredClone(args));
  return structuredClone(result);
}

/** The webContents whose preload the test is running (ipcRenderer talks as it). */
let rendererHost: StandInWebContents | undefined;
const rendererEvents = new EventEmitter();

export function attachRenderer(contents: StandInWebContents | undefined): void {
  rendererHost = contents;
}

export function deliverToRenderer(
  contents: StandInWebContents,
  channel: string,
  args: unknown[],
): void {
  if (contents === rendererHost) {
    rendererEvents.emit(channel, { sender: ipcRenderer, senderId: 0 }, ...args);
  }
}

export const ipcRenderer = {
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    if (!rendererHost) {
      return Promise.reject(new Error('[electron stand-in] no renderer is attached'));
    }
    return invokeFrom(rendererHost, channel, args);
  },
  on(channel: string, listener: (...args: unknown[]) => void) {
    rendererEvents.on(channel, listener);
    return ipcRenderer;
  },
  once(channel: string, listener: (...args: unknown[]) => void) {
    rendererEvents.once(channel, listener);
    return ipcRenderer;
  },
  removeListener(channel: string, listener: (...args: unknown[]) => void) {
    rendererEvents.removeListener(channel, listener);
    return ipcRenderer;
  },
  off(channel: string, listener: (...args: unknown[]) => void) {
    return ipcRenderer.removeListener(channel, listener);
  },
  listenerCount: (channel: string) => rendererEvents.listenerCount(channel),
  send(): void {
    throw new Error('[electron stand-in] the app uses invoke only');
  },
};

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    // Electron refuses to overwrite an existing global.
    if (key in world.exposed) {
      throw new Error('Cannot bind an API on top of an existing property on the window object');
    }
    world.exposed[key] = api;
  },
};

export function resetIpc(): void {
  ipcMain.removeAllListeners();
  ipcMain.handlers.clear();
  rendererEvents.removeAllListeners();
  rendererHost = undefined;
}
