// Every channel of the IPC contract, routed to the application layer. Each call is checked
// before its arguments are even looked at: it must come from the top frame of a window this app
// created, showing a page of the app's own origin
// (https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages).
// Arguments stay `unknown` here; the application layer parses them.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';

import { ipcChannels, type IpcChannel, type IpcResult } from '../../shared/ipc-contract';
import type { AppHandlers } from '../app/app-service';
import type { Logger } from '../core/logger';

import { isAppUrl } from './app-protocol';

export interface IpcOptions {
  handlers: AppHandlers;
  /** Whether the webContents belongs to a window this app created. */
  owns: (contents: WebContents) => boolean;
  logger: Logger;
}

export const FORBIDDEN: IpcResult<never> = {
  ok: false,
  code: 'forbidden',
  message: 'This request did not come from the app window and was refused',
};

/** Registers one handler per channel; returns a function that removes them all. */
export function registerIpcHandlers(options: IpcOptions): () => void {
  for (const channel of ipcChannels) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => route(options, channel, event, args));
  }
  return () => {
    for (const channel of ipcChannels) {
      ipcMain.removeHandler(channel);
    }
  };
}

async function route(
  options: IpcOptions,
  channel: IpcChannel,
  event: IpcMainInvokeEvent,
  args: unknown[],
): Promise<IpcResult<unknown>> {
  const refusal = senderRefusal(event, options.owns);
  if (refusal) {
    options.logger.warn(`IPC ${channel} refused: ${refusal}`);
    return FORBIDDEN;
  }
  try {
    return await options.handlers[channel](...args);
  } catch (error) {
    // The application layer answers failures itself; this is the last line of defence.
    options.logger.error(`IPC ${channel} failed unexpectedly`, {
      error: error instanceof Error ? error.name : typeof error,
    });
    return { ok: false, code: 'unexpected', message: 'Something went wrong inside the app' };
  }
}

/** Why the sender is not trusted, or undefined when it is. */
export function senderRefusal(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  owns: (contents: WebContents) => boolean,
): string | undefined {
  const frame = event.senderFrame;
  if (!frame) {
    return 'the sending frame is gone';
  }
  if (frame !== event.sender.mainFrame) {
    return 'it came from a subframe';
  }
  if (!isAppUrl(frame.url)) {
    return 'the sending page is not the app page';
  }
  if (!owns(event.sender)) {
    return 'it came from a window the app did not create';
  }
  return undefined;
}
