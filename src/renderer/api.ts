// The page's only way out: the verbs the preload exposes. Nothing here reaches Node or the
// network; every call is answered by the main process with an IpcResult.
import type { IpcResult, TokenTrayApi } from '../shared/ipc-contract';

declare global {
  interface Window {
    tokenTray?: TokenTrayApi;
  }
}

export function getApi(): TokenTrayApi {
  if (!window.tokenTray) {
    throw new Error('The token tray bridge is missing: this page must be opened by the tray app');
  }
  return window.tokenTray;
}

/** A failed IpcResult as a value the views can show. */
export interface Failure {
  code: string;
  message: string;
  issues: { field: string; message: string }[];
}

export function failureOf<T>(result: IpcResult<T>): Failure | undefined {
  if (result.ok) {
    return undefined;
  }
  return { code: result.code, message: result.message, issues: result.issues ?? [] };
}

/** Turn a bridge call that rejected (a bug, not a refusal) into a Failure, so no view throws. */
export async function settle<T>(call: () => Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  try {
    return await call();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, code: 'bridge', message: `The tray did not answer: ${message}` };
  }
}
