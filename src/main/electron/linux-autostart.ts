// "Start at login" on Linux: Electron's login items exist only on macOS and Windows
// (https://www.electronjs.org/docs/latest/api/app#appsetloginitemsettingssettings-macos-windows),
// so the app writes the freedesktop autostart entry itself
// (https://specifications.freedesktop.org/autostart-spec/latest/): a .desktop file in
// $XDG_CONFIG_HOME/autostart that starts this executable at login, removed to turn it off.
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

import { TokenError } from '../core/errors';

export const AUTOSTART_FILE_NAME = 'santedb-token-tray.desktop';
/** Desktop entries are world-readable like the ones packages install. */
const ENTRY_MODE = 0o644;

export interface AutostartOptions {
  env: NodeJS.ProcessEnv;
  homeDir?: string;
  /** process.execPath: the Electron binary, or the packaged app's own executable. */
  execPath: string;
  /** The app folder Electron must be given when it runs unpackaged (`electron .`). */
  appPath: string;
  packaged: boolean;
}

export interface AutostartEntry {
  readonly path: string;
  isEnabled(): boolean;
  setEnabled(enabled: boolean): void;
}

export function createAutostartEntry(options: AutostartOptions): AutostartEntry {
  const path = autostartEntryPath(options.env, options.homeDir ?? homedir());
  return {
    path,
    isEnabled: () => isEntryActive(readEntry(path)),
    setEnabled(enabled) {
      try {
        if (enabled) {
          writeEntry(path, desktopEntry(launchCommand(options)));
        } else {
          rmSync(path, { force: true });
        }
      } catch (error) {
        throw new TokenError(
          'storage',
          `The autostart entry ${path} could not be ${enabled ? 'written' : 'removed'}: check the folder's permissions`,
          { detail: (error as { code?: string }).code },
          error,
        );
      }
    },
  };
}

/** XDG_CONFIG_HOME counts only when set to an absolute path (XDG Base Directory spec). */
export function autostartEntryPath(env: NodeJS.ProcessEnv, homeDir: string): string {
  const configured = env.XDG_CONFIG_HOME;
  const base = configured && isAbsolute(configured) ? configured : join(homeDir, '.config');
  return join(base, 'autostart', AUTOSTART_FILE_NAME);
}

export function launchCommand(options: AutostartOptions): string[] {
  // An AppImage runs from a mount that is gone once it quits; APPIMAGE names the file itself
  // (https://github.com/nextcloud/desktop/issues/1381).
  const appImage = options.packaged ? options.env.APPIMAGE : undefined;
  const executable = appImage || options.execPath;
  return options.packaged ? [executable] : [executable, options.appPath];
}

export function desktopEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=SanteDB Token Tray',
    'Comment=Keeps fresh OAuth 2.0 bearer tokens for SanteDB servers in the tray',
    `Exec=${command.map(execArgument).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * One argument of an Exec line (Desktop Entry spec, "The Exec key"): quoted, with `"`, backtick,
 * `$` and `\` escaped; then the string-value escape doubles each backslash again, and `%`
 * is doubled because it would start a field code.
 */
export function execArgument(value: string): string {
  if (/[\r\n]/.test(value)) {
    throw new Error('a path with a line break cannot be written to an autostart entry');
  }
  const quoted = `"${value.replace(/["`$\\]/g, '\\$&')}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

/** Hidden=true, or GNOME's own switch set to false, means the entry is turned off. */
function isEntryActive(text: string | undefined): boolean {
  if (text === undefined) {
    return false;
  }
  return !/^\s*(Hidden\s*=\s*true|X-GNOME-Autostart-enabled\s*=\s*false)\s*$/m.test(text);
}

function readEntry(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Written beside the target and renamed over it, so a session never reads half an entry. */
function writeEntry(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text, { mode: ENTRY_MODE });
    // The umask may have narrowed the mode given above.
    chmodSync(temporary, ENTRY_MODE);
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}
