// A second instance (the folder's lock is held by another) and a profiles or secrets file from a
// newer version must leave the owner's files exactly as they are: secrets are read into memory,
// settings are shown but refused, and nothing is moved aside, created or rewritten.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { isTokenError } from '../../src/main/core/errors';
import { openSafeStorageVault } from '../../src/main/electron/safe-storage-vault';
import { openSettingsStore } from '../../src/main/electron/settings-store';
import { setupStorage } from '../../src/main/electron/storage';
import type { IpcResult, SettingsView } from '../../src/shared/ipc-contract';
import { makeProfile } from '../support/app-fakes';
import { standIn } from '../support/electron-stand-in';
import { FakeClock } from '../support/fake-clock';

import { recordingLogger, removeScratchDirs, scratchDir } from './helpers/fixtures';
import { startTestApp } from './helpers/start-app';
import { clickMenuItem, until } from './helpers/tray-driver';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

afterEach(removeScratchDirs);

const FILES = ['profiles.json', 'secrets.json', 'settings.json'];
/** What a newer version may have written: a format this one does not know. */
const NEWER_SECRETS = JSON.stringify({
  schemaVersion: 2,
  backend: 'gnome_libsecret',
  secrets: { prod: { clientSecret: 'djEwAAAA' } },
  keys: { rotated: true },
});

function contents(directory: string): string[] {
  return FILES.map((name) => readFileSync(join(directory, name), 'utf8'));
}

function leftovers(directory: string): string[] {
  return readdirSync(directory).filter((name) => name.includes('corrupt'));
}

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}

function openVault(directory: string, readOnlyReason?: string) {
  return openSafeStorageVault({
    directory,
    platform: 'linux',
    clock: new FakeClock(),
    logger: recordingLogger(),
    acceptInsecure: () => false,
    readOnlyReason,
  });
}

describe('a second instance on the owner’s folder', () => {
  it('leaves the owner’s secrets and settings byte-identical, and says why a setting is not saved', async () => {
    const first = await startTestApp({}, {}, (directory) => {
      writeFileSync(
        join(directory, 'profiles.json'),
        JSON.stringify({ schemaVersion: 1, profiles: { prod: makeProfile() } }),
      );
      writeFileSync(join(directory, 'settings.json'), JSON.stringify({ notifyOnCopy: true }));
    });
    const directory = first.directory;
    // The owner is a newer version: its secrets file has a format this one does not read.
    writeFileSync(join(directory, 'secrets.json'), NEWER_SECRETS);
    const before = contents(directory);

    await startTestApp(
      { paths: { userData: directory, logs: directory } },
      { userDataDir: directory, logsDir: directory },
    );
    clickMenuItem('manage-profiles');
    const window = await until(() => standIn.windows[0], 'the window');
    const saved = (await standIn.invokeFrom(window.webContents, 'settings:update', [
      { notifyOnCopy: false, clipboardClearSeconds: 15 },
    ])) as IpcResult<SettingsView>;

    expect(saved).toMatchObject({ ok: false, code: 'storage' });
    expect(saved.ok ? '' : saved.message).toContain('in use by another running SanteDB Token Tray');
    expect(contents(directory)).toEqual(before);
    expect(leftovers(directory)).toEqual([]);
  });

  it('never creates, moves aside or writes the secrets file', async () => {
    const directory = scratchDir();
    standIn.reset({ paths: { userData: directory } });
    standIn.app.becomeReady();
    const reason = 'Another SanteDB Token Tray is using these profiles';

    openVault(directory, reason);
    expect(readdirSync(directory)).toEqual([]);

    writeFileSync(join(directory, 'secrets.json'), 'half-written {');
    const vault = openVault(directory, reason);
    expect(await vault.has('prod', 'clientSecret')).toBe(false);
    expect(readFileSync(join(directory, 'secrets.json'), 'utf8')).toBe('half-written {');
    expect(leftovers(directory)).toEqual([]);
  });

  it('shows the settings the owner saved, refuses a change and writes nothing', () => {
    const directory = scratchDir();
    standIn.reset({ paths: { userData: directory } });
    writeFileSync(join(directory, 'settings.json'), '{"clipboardClearSeconds":15}');

    const store = openSettingsStore(directory, recordingLogger(), 'in use elsewhere');
    const error = thrown(() => store.update({ notifyOnCopy: true }));

    expect(store.get().clipboardClearSeconds).toBe(15);
    expect(isTokenError(error) && [error.code, error.message]).toEqual([
      'storage',
      'in use elsewhere',
    ]);
    expect(readFileSync(join(directory, 'settings.json'), 'utf8')).toBe(
      '{"clipboardClearSeconds":15}',
    );
  });
});

describe('files from a newer version', () => {
  it('opens a newer secrets file read-only in memory instead of moving it aside', async () => {
    const directory = scratchDir();
    standIn.reset({ paths: { userData: directory } });
    standIn.app.becomeReady();
    writeFileSync(join(directory, 'secrets.json'), NEWER_SECRETS);

    const vault = openVault(directory);
    const error = await vault.set('prod', 'clientSecret', 'mine').then(
      () => undefined,
      (reason: unknown) => reason,
    );

    expect(await vault.has('prod', 'clientSecret')).toBe(true);
    expect(vault.startupReport).toContain('newer version');
    expect(isTokenError(error) && error.code).toBe('storage');
    expect(readFileSync(join(directory, 'secrets.json'), 'utf8')).toBe(NEWER_SECRETS);
    expect(leftovers(directory)).toEqual([]);
  });

  it('keeps secrets and settings read-only while the profiles file is from a newer version', () => {
    const directory = scratchDir();
    standIn.reset({ paths: { userData: directory } });
    standIn.app.becomeReady();
    writeFileSync(join(directory, 'profiles.json'), '{"schemaVersion":9,"profiles":{}}');
    writeFileSync(join(directory, 'secrets.json'), '{"schemaVersion":1,"secrets":{}}');
    writeFileSync(join(directory, 'settings.json'), '{"notifyOnCopy":true}');
    const before = contents(directory);

    const storage = setupStorage({
      userDataDir: directory,
      platform: 'linux',
      clock: new FakeClock(),
      logger: () => recordingLogger(),
    });
    const error = thrown(() => storage.settings.update({ notifyOnCopy: false }));
    storage.release();

    expect(isTokenError(error) && error.code).toBe('storage');
    expect(isTokenError(error) && error.message).toContain('newer version');
    expect(contents(directory)).toEqual(before);
  });
});
