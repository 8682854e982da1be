import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { isTokenError } from '../../src/main/core/errors';
import { openProfileStore, type ProfileStoreOptions } from '../../src/main/electron/profile-store';
import { standIn } from '../support/electron-stand-in';

import { profile, recordingLogger, removeScratchDirs, scratchDir } from './helpers/fixtures';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

const NOW = Date.UTC(2026, 8, 1, 9, 30, 0);
let directory: string;

function open(extra: Partial<ProfileStoreOptions> = {}) {
  return openProfileStore({ directory, now: () => NOW, logger: recordingLogger(), ...extra });
}

function fileAt(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(directory, name), 'utf8')) as Record<string, unknown>;
}

beforeEach(() => {
  directory = scratchDir();
  standIn.reset({ paths: { userData: directory } });
  standIn.app.becomeReady();
});
afterEach(removeScratchDirs);

describe('profile store', () => {
  it('keeps profiles and the active pick across reopening, in a file only this user can read', () => {
    const store = open();
    store.save(profile({ id: 'prod', name: 'Production' }));
    store.save(profile({ id: 'test' }));
    store.setActiveId('prod');

    const reopened = open();
    expect(reopened.list().map((entry) => entry.id)).toEqual(['prod', 'test']);
    expect(reopened.get('prod')?.name).toBe('Production');
    expect(reopened.getActiveId()).toBe('prod');
    expect(fileAt('profiles.json').schemaVersion).toBe(1);
    if (process.platform !== 'win32') {
      expect(statSync(join(directory, 'profiles.json')).mode & 0o777).toBe(0o600);
    }
  });

  it('deleting the active profile clears the active pick', () => {
    const store = open();
    store.save(profile({ id: 'prod' }));
    store.setActiveId('prod');
    store.delete('prod');

    expect(store.list()).toEqual([]);
    expect(store.getActiveId()).toBeUndefined();
  });

  it('moves a file that is not JSON aside, reports it and starts empty', () => {
    writeFileSync(join(directory, 'profiles.json'), '{"schemaVersion":1,"profiles":{"pro');

    const store = open();

    const kept = 'profiles.corrupt-2026-09-01T09-30-00-000Z.json';
    expect(readFileSync(join(directory, kept), 'utf8')).toBe('{"schemaVersion":1,"profiles":{"pro');
    expect(store.list()).toEqual([]);
    expect(store.startupReport).toContain('it is not valid JSON');
    expect(store.startupReport).toContain(kept);
    expect(store.readOnlyReason).toBeUndefined();
    store.save(profile({ id: 'fresh' }));
    expect(Object.keys(fileAt('profiles.json').profiles as object)).toEqual(['fresh']);
  });

  it('moves a file of the wrong shape aside rather than letting the schema reset it', () => {
    writeFileSync(join(directory, 'profiles.json'), JSON.stringify({ profiles: ['not', 'a map'] }));

    const store = open();

    expect(store.startupReport).toContain('does not have the expected shape');
    const kept = readdirSync(directory).filter((name) => name.startsWith('profiles.corrupt-'));
    expect(kept).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(directory, kept[0] ?? ''), 'utf8'))).toEqual({
      profiles: ['not', 'a map'],
    });
  });

  it('moves a file it cannot read aside with the reason', () => {
    // A folder where the file should be: unreadable as a file even for root, unlike chmod 000.
    mkdirSync(join(directory, 'profiles.json'));

    const store = open();

    expect(store.startupReport).toContain('could not be read (EISDIR)');
    expect(existsSync(join(directory, 'profiles.corrupt-2026-09-01T09-30-00-000Z.json'))).toBe(
      true,
    );
    expect(store.list()).toEqual([]);
  });

  it('opens a file from a newer version read-only: profiles shown, every change refused', () => {
    const newer = {
      schemaVersion: 7,
      profiles: { prod: profile({ id: 'prod' }), odd: { shape: 'from the future' } },
      activeProfileId: 'prod',
    };
    writeFileSync(join(directory, 'profiles.json'), JSON.stringify(newer));

    const store = open();

    expect(store.readOnlyReason).toContain('newer version');
    expect(store.list().map((entry) => entry.id)).toEqual(['prod']);
    expect(store.getActiveId()).toBe('prod');
    let refusal: unknown;
    try {
      store.save(profile({ id: 'other' }));
    } catch (error) {
      refusal = error;
    }
    expect(isTokenError(refusal) && refusal.code).toBe('storage');
    expect(() => store.delete('prod')).toThrow(/newer version/);
    expect(fileAt('profiles.json')).toEqual(JSON.parse(JSON.stringify(newer)));
  });

  it('when another instance owns the folder, shows its profiles and repairs or writes nothing', () => {
    const owner = open();
    owner.save(profile({ id: 'prod' }));
    const before = readFileSync(join(directory, 'profiles.json'), 'utf8');
    const reason = 'Another SanteDB Token Tray is using these profiles';

    const second = open({ readOnlyReason: reason });

    expect(second.list().map((entry) => entry.id)).toEqual(['prod']);
    expect(second.readOnlyReason).toBe(reason);
    expect(() => second.save(profile({ id: 'mine' }))).toThrow(reason);
    expect(readFileSync(join(directory, 'profiles.json'), 'utf8')).toBe(before);

    // A damaged file is the owner's to move aside, not the second instance's.
    writeFileSync(join(directory, 'profiles.json'), '{ not json');
    expect(open({ readOnlyReason: reason }).list()).toEqual([]);
    expect(readdirSync(directory).filter((name) => name.includes('corrupt'))).toEqual([]);
  });

  it('migrates an older file step by step after keeping a backup', () => {
    const v1 = { schemaVersion: 1, profiles: { prod: { ...profile({ id: 'prod' }), label: 'P' } } };
    writeFileSync(join(directory, 'profiles.json'), JSON.stringify(v1));
    const steps: number[] = [];

    const store = open({
      schemaVersion: 3,
      migrations: {
        2: (document) => {
          steps.push(2);
          const profiles = document.profiles as Record<string, Record<string, unknown>>;
          const renamed = Object.entries(profiles).map(([id, { label, ...rest }]) => [
            id,
            { ...rest, name: label },
          ]);
          return { ...document, profiles: Object.fromEntries(renamed) };
        },
        3: (document) => {
          steps.push(3);
          return { ...document, activeProfileId: 'prod' };
        },
      },
    });

    expect(steps).toEqual([2, 3]);
    expect(store.get('prod')?.name).toBe('P');
    expect(store.getActiveId()).toBe('prod');
    expect(fileAt('profiles.json').schemaVersion).toBe(3);
    expect(fileAt('profiles.v1.bak.json')).toEqual(v1);
    expect(existsSync(join(directory, 'profiles.json'))).toBe(true);
  });

  it('hides a stored profile that no longer validates but keeps it in the file', () => {
    writeFileSync(
      join(directory, 'profiles.json'),
      JSON.stringify({
        schemaVersion: 1,
        profiles: { good: profile({ id: 'good' }), bad: { id: 'bad', protocol: 'telnet' } },
      }),
    );

    const store = open();
    store.save(profile({ id: 'another' }));

    expect(store.list().map((entry) => entry.id)).toEqual(['good', 'another']);
    expect((fileAt('profiles.json').profiles as Record<string, unknown>).bad).toEqual({
      id: 'bad',
      protocol: 'telnet',
    });
  });

  it('parses the stored records once per load: a bad record is reported once, not at every look', () => {
    writeFileSync(
      join(directory, 'profiles.json'),
      JSON.stringify({
        schemaVersion: 1,
        profiles: { good: profile({ id: 'good' }), bad: { id: 'bad', protocol: 'telnet' } },
      }),
    );
    const logger = recordingLogger();
    const reports = () =>
      logger.lines.filter(({ line }) => line.includes('a stored profile is not valid')).length;

    const store = open({ logger });
    for (let look = 0; look < 3; look += 1) {
      expect(store.list().map((entry) => entry.id)).toEqual(['good']);
      expect(store.get('bad')).toBeUndefined();
    }
    store.save(profile({ id: 'another' }));
    store.setActiveId('another');
    expect(store.list().map((entry) => entry.id)).toEqual(['good', 'another']);

    expect(reports()).toBe(1);
    open({ logger }).list();
    expect(reports()).toBe(2);
  });

  it('hands out copies, so changing a returned profile changes nothing stored', () => {
    const store = open();
    store.save(profile({ id: 'prod', name: 'Production' }));

    const listed = store.list()[0];
    const got = store.get('prod');
    if (!listed || !got) {
      throw new Error('expected the saved profile');
    }
    listed.name = 'changed by a caller';
    got.name = 'changed by another caller';

    expect(store.get('prod')?.name).toBe('Production');
    expect(store.list().map((entry) => entry.name)).toEqual(['Production']);
  });

  it('registers no IPC listener of its own (electron-store answers one otherwise)', () => {
    open();
    expect(standIn.ipcMain.listenerCount('electron-store-get-data')).toBe(0);
  });
});
