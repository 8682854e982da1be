// Opening a settings file safely: read it ourselves before electron-store does, so that a file we
// cannot read or parse is moved aside (never reset silently, which would lose the user's
// profiles) and a file from a newer version is recognised before anything is written to it.
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { ipcMain } from 'electron';
import Store, { type Options } from 'electron-store';

/** Settings and ciphertext are for this user only (conf's default is 0o666 less the umask). */
export const FILE_MODE = 0o600;
export const DIRECTORY_MODE = 0o700;

export type RawStoreFile =
  | { kind: 'missing' }
  | { kind: 'ok'; data: Record<string, unknown>; schemaVersion: number }
  | { kind: 'corrupt'; reason: string };

/** Files written before schemaVersion existed count as version 1. */
export function readStoreFile(path: string): RawStoreFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { kind: 'missing' };
    }
    return { kind: 'corrupt', reason: `it could not be read (${errorCode(error)})` };
  }

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { kind: 'corrupt', reason: 'it is not valid JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { kind: 'corrupt', reason: 'it does not hold a settings object' };
  }

  const record = data as Record<string, unknown>;
  const version = record.schemaVersion ?? 1;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { kind: 'corrupt', reason: 'its schemaVersion is not a positive whole number' };
  }
  return { kind: 'ok', data: record, schemaVersion: version };
}

/**
 * Moves `path` to `<name>.corrupt-<timestamp>.json` beside it and returns the new path, or
 * undefined when even that failed (then the caller must not write to `path` at all).
 */
export function moveAside(path: string, nowMs: number): string | undefined {
  const stamp = new Date(nowMs).toISOString().replace(/[:.]/g, '-');
  const target = join(dirname(path), `${basename(path, '.json')}.corrupt-${stamp}.json`);
  try {
    renameSync(path, target);
    return target;
  } catch {
    return undefined;
  }
}

/** Keeps a copy of a file about to be migrated, named after the version it had. */
export function keepBackup(path: string, schemaVersion: number): string | undefined {
  const target = join(dirname(path), `${basename(path, '.json')}.v${schemaVersion}.bak.json`);
  try {
    copyFileSync(path, target);
    return target;
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'unknown error';
}

/** Replaces `path` atomically (write beside it, then rename), readable by this user only. */
export function writeStoreFile(path: string, data: Record<string, unknown>): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(data, undefined, '\t')}\n`, { mode: FILE_MODE });
  renameSync(temporary, path);
}

/**
 * An electron-store file with our fixed options. electron-store also answers a synchronous
 * `electron-store-get-data` IPC message for renderer-side stores; this app has none, so that
 * listener is removed and the app's own, sender-checked channels are the only IPC there is.
 */
export function createStore<T extends Record<string, unknown>>(
  options: Pick<Options<T>, 'name' | 'cwd' | 'schema' | 'defaults'>,
): Store<T> {
  mkdirSync(options.cwd ?? '.', { recursive: true, mode: DIRECTORY_MODE });
  const store = new Store<T>({
    ...options,
    configFileMode: FILE_MODE,
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    watch: false,
  });
  ipcMain.removeAllListeners('electron-store-get-data');
  return store;
}
