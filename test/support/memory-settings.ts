// The app's settings in memory, for the application layer's and the window's tests. It keeps
// what was saved and what is in force apart, so a test can see that a refused change was
// neither saved nor left half applied. A test marks shortcuts as taken by "another app".
import { defaultSettings, settingNames, type AppSettings } from '../../src/main/app/app-settings';
import type { SettingName } from '../../src/main/app/app-settings';
import type { SettingsPlatform, SettingsPort } from '../../src/main/app/ports';
import { TokenError } from '../../src/main/core/errors';
import type { SettingsView } from '../../src/shared/ipc-contract';

export class MemorySettings implements SettingsPort {
  platform: SettingsPlatform;
  /** What the next start would read. */
  saved: AppSettings;
  /** What the running app would do now. */
  inForce: AppSettings;
  readonly saves: AppSettings[] = [];
  readonly takenShortcuts = new Set<string>();
  failSaves = false;

  constructor(
    initial: Partial<AppSettings> = {},
    platform: SettingsPlatform = { startAtLoginSupported: true, leftClickSupported: true },
  ) {
    this.saved = { ...defaultSettings, ...initial };
    this.inForce = { ...this.saved };
    this.platform = platform;
  }

  load(): AppSettings {
    return { ...this.saved };
  }

  apply(next: AppSettings, previous: AppSettings): SettingName[] {
    const shortcut = next.globalShortcut;
    const refused: SettingName[] =
      shortcut !== previous.globalShortcut &&
      shortcut !== undefined &&
      this.takenShortcuts.has(shortcut)
        ? ['globalShortcut']
        : [];
    for (const name of settingNames) {
      if (!refused.includes(name)) {
        this.inForce = { ...this.inForce, [name]: next[name] };
      }
    }
    return refused;
  }

  save(settings: AppSettings): void {
    if (this.failSaves) {
      throw new TokenError('storage', 'settings.json could not be written: check the disk');
    }
    this.saved = { ...settings };
    this.saves.push(this.saved);
  }
}

/** The settings part of an AppState, for tests that build one by hand. */
export const defaultSettingsView: SettingsView = {
  ...defaultSettings,
  startAtLoginSupported: true,
  leftClickSupported: true,
  secretBackend: { name: 'test', secure: true, acceptedInsecure: false },
};
