import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { defaultSettings } from '../../src/main/app/app-settings';
import { openSettingsStore } from '../../src/main/electron/settings-store';
import { standIn } from '../support/electron-stand-in';

import { recordingLogger, removeScratchDirs, scratchDir } from './helpers/fixtures';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

let directory: string;

beforeEach(() => {
  directory = scratchDir();
  standIn.reset({ paths: { userData: directory } });
});
afterEach(removeScratchDirs);

describe('settings store', () => {
  it('starts from the defaults and keeps a change across reopening, for this user only', () => {
    const store = openSettingsStore(directory, recordingLogger());
    expect(store.get()).toEqual(defaultSettings);

    store.update({ clipboardClearSeconds: 15, globalShortcut: 'CommandOrControl+Shift+T' });

    const reopened = openSettingsStore(directory, recordingLogger()).get();
    expect(reopened.clipboardClearSeconds).toBe(15);
    expect(reopened.globalShortcut).toBe('CommandOrControl+Shift+T');
    if (process.platform !== 'win32') {
      expect(statSync(join(directory, 'settings.json')).mode & 0o777).toBe(0o600);
    }
  });

  it('keeps the good values of a hand-edited file and reports the bad ones', () => {
    writeFileSync(
      join(directory, 'settings.json'),
      JSON.stringify({ clipboardClearSeconds: -4, notifyOnCopy: true, leftClickAction: 'dance' }),
    );
    const logger = recordingLogger();

    const settings = openSettingsStore(directory, logger).get();

    expect(settings.notifyOnCopy).toBe(true);
    expect(settings.clipboardClearSeconds).toBe(60);
    expect(settings.leftClickAction).toBe('copy-token');
    expect(logger.lines.filter((line) => line.line.includes('setting ignored'))).toHaveLength(2);
  });

  it('runs on the defaults and never overwrites a settings file that is not JSON', () => {
    writeFileSync(join(directory, 'settings.json'), '{ broken');
    const store = openSettingsStore(directory, recordingLogger());

    expect(store.get()).toEqual(defaultSettings);
    expect(() => store.update({ notifyOnCopy: true })).toThrow(/not written/);
    expect(readFileSync(join(directory, 'settings.json'), 'utf8')).toBe('{ broken');
  });
});
