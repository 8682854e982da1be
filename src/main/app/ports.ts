// What the Electron-free application layer needs from its host. The tray app implements these
// with electron-store, safeStorage, the clipboard and native dialogs; tests use in-memory ones.
import { TokenError } from '../core/errors';
import type { Profile } from '../core/profile';

import type { AppSettings, SettingName } from './app-settings';

/**
 * The most profiles a repository keeps. Every profile is in the tray menu and the window's list,
 * and an import of thousands would hold the main process for seconds; far above real use.
 */
export const MAX_PROFILES = 200;

/** What every repository throws at the limit, so the app reads alike over each of them. */
export function tooManyProfiles(): TokenError {
  return new TokenError(
    'storage',
    `At most ${MAX_PROFILES} profiles can be kept: delete some before adding more`,
  );
}

export interface ProfileRepository {
  list(): Profile[];
  get(profileId: string): Profile | undefined;
  /** Insert or replace. Throws TokenError('storage') when the store is read-only or cannot be written. */
  save(profile: Profile): void;
  /**
   * Insert or replace all of them in one write, or none: an import of many profiles costs one
   * write, not one per profile. Throws TokenError('storage') as `save` does, and when the new
   * ones would take the repository past MAX_PROFILES.
   */
  saveMany(profiles: Profile[]): void;
  delete(profileId: string): void;
  getActiveId(): string | undefined;
  setActiveId(profileId: string | undefined): void;
  /** Set when the settings file was written by a newer version or could not be read. */
  readonly readOnlyReason?: string;
}

export interface ClipboardPort {
  /** Write text marked as sensitive where the OS allows it. */
  writeSensitive(text: string): Promise<void>;
  readText(): Promise<string>;
  clear(): Promise<void>;
}

export interface FilePickerPort {
  /** Ask the user for a file; undefined when cancelled. */
  choose(kind: 'certificate' | 'key' | 'ca' | 'import'): Promise<string | undefined>;
}

/** Reads a file the user chose, as text (an exported profiles file). */
export type TextFileReader = (path: string) => Promise<string>;

/** What this desktop can honour; the window disables what it cannot. */
export interface SettingsPlatform {
  startAtLoginSupported: boolean;
  leftClickSupported: boolean;
}

/**
 * Where the app's settings live and take effect. `apply` puts them in force (the global shortcut,
 * timers, the login item) and `save` keeps them for the next start: separate, so that a setting
 * the OS refuses is never saved.
 */
export interface SettingsPort {
  readonly platform: SettingsPlatform;
  /** The settings in force now. */
  load(): AppSettings;
  /**
   * Change what differs from `previous` to `next`. Answers the settings the OS would not put in
   * force (a shortcut another app holds); each of those keeps its previous effect.
   */
  apply(next: AppSettings, previous: AppSettings): SettingName[] | Promise<SettingName[]>;
  /** Throws TokenError('storage') when the settings cannot be written. */
  save(settings: AppSettings): void;
}
