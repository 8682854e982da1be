// Everything the app keeps on disk, opened once after `ready`: settings, profiles and secrets,
// all in the user-data folder. Problems found while opening are collected for one report.
import type { AppSettings } from '../app/app-settings';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';

import { openProfileStore, type ProfileStore } from './profile-store';
import { openSafeStorageVault, type SafeStorageVault } from './safe-storage-vault';
import { openSettingsStore, type SettingsStore } from './settings-store';

export interface Storage {
  settings: SettingsStore;
  profiles: ProfileStore;
  vault: SafeStorageVault;
  /** What the user must be told about the files, in words; empty when all opened cleanly. */
  reports: string[];
}

export interface StorageOptions {
  userDataDir: string;
  platform: NodeJS.Platform;
  clock: Clock;
  logger: (scope: string) => Logger;
}

export function setupStorage(options: StorageOptions): Storage {
  const settings = openSettingsStore(options.userDataDir, options.logger('settings'));
  const profiles = openProfileStore({
    directory: options.userDataDir,
    now: () => options.clock.now(),
    logger: options.logger('profiles'),
  });
  const vault = openSafeStorageVault({
    directory: options.userDataDir,
    platform: options.platform,
    clock: options.clock,
    logger: options.logger('secrets'),
    acceptInsecure: () => settings.get().acceptInsecureSecretStorage,
  });
  const reports = [profiles.startupReport, profiles.readOnlyReason, vault.startupReport].filter(
    (report): report is string => report !== undefined,
  );
  return { settings, profiles, vault, reports: [...new Set(reports)] };
}

export function settingOf<Key extends keyof AppSettings>(
  storage: Pick<Storage, 'settings'>,
  key: Key,
): AppSettings[Key] {
  return storage.settings.get()[key];
}
