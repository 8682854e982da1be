// The freedesktop autostart entry that "Start at login" writes on Linux, in a scratch
// XDG_CONFIG_HOME: where it goes, what it runs, how paths are quoted, and how it is read back.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { TokenError } from '../../src/main/core/errors';
import {
  AUTOSTART_FILE_NAME,
  autostartEntryPath,
  createAutostartEntry,
  execArgument,
  launchCommand,
  type AutostartOptions,
} from '../../src/main/electron/linux-autostart';

import { removeScratchDirs, scratchDir } from './helpers/fixtures';

let configHome: string;

function options(overrides: Partial<AutostartOptions> = {}): AutostartOptions {
  return {
    env: { XDG_CONFIG_HOME: configHome },
    homeDir: '/home/nobody',
    execPath: '/opt/electron/electron',
    appPath: '/home/dev/token-tray',
    packaged: false,
    ...overrides,
  };
}

function entryFile(): string {
  return join(configHome, 'autostart', AUTOSTART_FILE_NAME);
}

beforeEach(() => {
  configHome = scratchDir('tray-xdg-');
});
afterEach(removeScratchDirs);

describe('linux autostart entry', () => {
  it('writes an entry that starts Electron with the app folder, readable by all, and reads it back', () => {
    const entry = createAutostartEntry(options());
    expect(entry.isEnabled()).toBe(false);

    entry.setEnabled(true);

    expect(entry.path).toBe(entryFile());
    expect(readFileSync(entryFile(), 'utf8')).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Version=1.0',
        'Name=SanteDB Token Tray',
        'Comment=Keeps fresh OAuth 2.0 bearer tokens for SanteDB servers in the tray',
        'Exec="/opt/electron/electron" "/home/dev/token-tray"',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
    expect(statSync(entryFile()).mode & 0o777).toBe(0o644);
    expect(readdirSync(join(configHome, 'autostart'))).toEqual([AUTOSTART_FILE_NAME]);
    expect(entry.isEnabled()).toBe(true);
  });

  it('removes the entry to turn it off, and turning off twice is fine', () => {
    const entry = createAutostartEntry(options());
    entry.setEnabled(true);

    entry.setEnabled(false);
    entry.setEnabled(false);

    expect(existsSync(entryFile())).toBe(false);
    expect(entry.isEnabled()).toBe(false);
  });

  it('counts an entry the desktop was told to skip as off', () => {
    const entry = createAutostartEntry(options());
    entry.setEnabled(true);

    writeFileSync(entryFile(), `${readFileSync(entryFile(), 'utf8')}Hidden=true\n`);
    expect(entry.isEnabled()).toBe(false);

    writeFileSync(
      entryFile(),
      readFileSync(entryFile(), 'utf8')
        .replace('Hidden=true\n', '')
        .replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'),
    );
    expect(entry.isEnabled()).toBe(false);
  });

  it('runs the packaged executable alone, and the AppImage file rather than its mount', () => {
    expect(
      launchCommand(options({ packaged: true, execPath: '/opt/tray/santedb-token-tray' })),
    ).toEqual(['/opt/tray/santedb-token-tray']);
    const appImage = options({
      packaged: true,
      execPath: '/tmp/.mount_SanteDxYz/santedb-token-tray',
      env: { XDG_CONFIG_HOME: configHome, APPIMAGE: '/home/me/Apps/SanteDB-Token-Tray.AppImage' },
    });
    expect(launchCommand(appImage)).toEqual(['/home/me/Apps/SanteDB-Token-Tray.AppImage']);
    // Unpackaged, an inherited APPIMAGE is not this app.
    expect(launchCommand({ ...appImage, packaged: false })).toEqual([
      '/tmp/.mount_SanteDxYz/santedb-token-tray',
      '/home/dev/token-tray',
    ]);
  });

  it('quotes paths as the Desktop Entry spec asks, escaping each rule in its order', () => {
    expect(execArgument('/home/me/My Apps/tray')).toBe('"/home/me/My Apps/tray"');
    expect(execArgument('/home/$USER/a"b`c')).toBe('"/home/\\\\$USER/a\\\\"b\\\\`c"');
    expect(execArgument('C:\\odd')).toBe('"C:\\\\\\\\odd"');
    expect(execArgument('/srv/100%/tray')).toBe('"/srv/100%%/tray"');
    expect(() => execArgument('/bad\npath')).toThrow(/line break/);
  });

  it('uses XDG_CONFIG_HOME only when it is an absolute path, else ~/.config', () => {
    expect(autostartEntryPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/me')).toBe(
      `/cfg/autostart/${AUTOSTART_FILE_NAME}`,
    );
    for (const value of [undefined, '', 'relative/cfg']) {
      expect(autostartEntryPath({ XDG_CONFIG_HOME: value }, '/home/me')).toBe(
        `/home/me/.config/autostart/${AUTOSTART_FILE_NAME}`,
      );
    }
  });

  it('says which file it could not write', () => {
    const blocked = join(configHome, 'not-a-folder');
    writeFileSync(blocked, '');
    const entry = createAutostartEntry(options({ env: { XDG_CONFIG_HOME: blocked } }));

    let failure: unknown;
    try {
      entry.setEnabled(true);
    } catch (error) {
      failure = error;
    }

    expect(failure).toBeInstanceOf(TokenError);
    expect((failure as TokenError).code).toBe('storage');
    expect((failure as TokenError).message).toContain(join(blocked, 'autostart'));
    expect(entry.isEnabled()).toBe(false);
  });
});
