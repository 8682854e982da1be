// Everything the app keeps on disk, opened once after `ready`: settings, profiles and secrets,
// all in the user-data folder. Problems found while opening are collected for one report. The
// folder's lock decides whether this instance may write; without it, everything opens read-only.
// A profiles file from a newer version makes the secrets and settings read-only as well: they
// belong with profiles this version cannot change.
import type { AppSettings } from '../app/app-settings';
import { withPublicDemoSecrets } from '../app/demo-vault';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';

import { acquireProfileLock, type ProfileLock } from './profile-lock';
import { openProfileStore, type ProfileStore } from './profile-store';
import { openSafeStorageVault, type SafeStorageVault } from './safe-storage-vault';
import { openSettingsStore, type SettingsStore } from './settings-store';

export interface Storage {
  settings: SettingsStore;
  profiles: ProfileStore;
  /** The encrypted secrets, with the demo profile's public ones served without the keyring. */
  vault: SafeStorageVault;
  /** What the user must be told about the files, in words; empty when all opened cleanly. */
  reports: string[];
  /** Gives the folder back to the next instance (on quit). */
  release(): void;
}

export interface StorageOptions {
  userDataDir: string;
  platform: NodeJS.Platform;
  clock: Clock;
  logger: (scope: string) => Logger;
}

export function setupStorage(options: StorageOptions): Storage {
  const lock = acquireProfileLock({
    directory: options.userDataDir,
    logger: options.logger('storage'),
  });
  const readOnlyReason = lock.held ? undefined : lockedOutReason(lock);
  const profiles = openProfileStore({
    directory: options.userDataDir,
    now: () => options.clock.now(),
    logger: options.logger('profiles'),
    readOnlyReason,
  });
  const sharedReason = readOnlyReason ?? profiles.readOnlyReason;
  const settings = openSettingsStore(
    options.userDataDir,
    options.logger('settings'),
    sharedReason === undefined ? undefined : settingsReadOnlyReason(lock.held, sharedReason),
  );
  const secrets = openSafeStorageVault({
    directory: options.userDataDir,
    platform: options.platform,
    clock: options.clock,
    logger: options.logger('secrets'),
    acceptInsecure: () => settings.get().acceptInsecureSecretStorage,
    readOnlyReason: sharedReason,
  });
  const vault: SafeStorageVault = {
    ...withPublicDemoSecrets(secrets, profiles),
    backend: secrets.backend,
    startupReport: secrets.startupReport,
  };
  const reports = [profiles.startupReport, profiles.readOnlyReason, secrets.startupReport].filter(
    (report): report is string => report !== undefined,
  );
  return { settings, profiles, vault, reports: [...new Set(reports)], release: lock.release };
}

function lockedOutReason(lock: ProfileLock): string {
  const owner = lock.ownerPid === undefined ? '' : ` (process ${lock.ownerPid})`;
  return (
    `Another SanteDB Token Tray${owner} is using these profiles and settings, so this one shows them ` +
    'read-only and changes nothing: quit the other one, then start this one again to make changes.'
  );
}

function settingsReadOnlyReason(lockHeld: boolean, profilesReason: string): string {
  const why = lockHeld
    ? `the profiles are read-only: ${profilesReason}`
    : 'the profiles and settings are in use by another running SanteDB Token Tray: quit it, then start this one again to change them';
  return `Settings are not saved, because ${why}`;
}

export function settingOf<Key extends keyof AppSettings>(
  storage: Pick<Storage, 'settings'>,
  key: Key,
): AppSettings[Key] {
  return storage.settings.get()[key];
}
