// The window's only way to the main process: `window.tokenTray`, one named verb per entry of
// `bridgeMethods`, each bound to its own channel. No ipcRenderer, no generic invoke, and
// listeners never see the IPC event object (its `sender` would leak the IPC API).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

import {
  bridgeMethods,
  type AppState,
  type IpcEventChannel,
  type IpcEvents,
  type TokenTrayApi,
} from '../shared/ipc-contract';

type Verbs = Omit<TokenTrayApi, 'onStateChanged' | 'onShowView'>;

function verbs(): Verbs {
  const entries = Object.entries(bridgeMethods).map(([method, channel]) => [
    method,
    (...args: unknown[]) => ipcRenderer.invoke(channel, ...args),
  ]);
  return Object.fromEntries(entries) as Verbs;
}

function subscribe<Channel extends IpcEventChannel>(
  channel: Channel,
  listener: (payload: IpcEvents[Channel]) => void,
): () => void {
  const forward = (_event: IpcRendererEvent, payload: IpcEvents[Channel]): void =>
    listener(payload);
  ipcRenderer.on(channel, forward);
  return () => {
    ipcRenderer.removeListener(channel, forward);
  };
}

export const tokenTrayApi: TokenTrayApi = {
  ...verbs(),
  onStateChanged: (listener: (state: AppState) => void) => subscribe('state:changed', listener),
  onShowView: (listener) => subscribe('view:show', listener),
};

contextBridge.exposeInMainWorld('tokenTray', tokenTrayApi);
