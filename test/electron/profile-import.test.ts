// Importing into the real profiles file: one write per import, not one per profile (an import of
// 500 re-read, validated and rewrote the whole file for each and froze the tray for seconds), and
// the limit on profiles refused before anything is written.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { MAX_PROFILES } from '../../src/main/app/ports';
import { openProfileStore } from '../../src/main/electron/profile-store';
import { writeStoreFile } from '../../src/main/electron/store-file';
import { appHarness, makeProfile } from '../support/app-fakes';
import { standIn } from '../support/electron-stand-in';

import { recordingLogger, removeScratchDirs, scratchDir } from './helpers/fixtures';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

let directory: string;

beforeEach(() => {
  directory = scratchDir();
  standIn.reset({ paths: { userData: directory } });
  standIn.app.becomeReady();
});
afterEach(removeScratchDirs);

function exportFile(count: number, prefix: string): string {
  const profiles = Array.from({ length: count }, (_unused, index) =>
    makeProfile({ id: `${prefix}-${index}`, name: `${prefix} ${index}` }),
  );
  return JSON.stringify({ format: 'santedb-token-tray.profiles', version: 1, profiles });
}

function countingStore() {
  const counter = { writes: 0 };
  const store = openProfileStore({
    directory,
    now: () => 0,
    logger: recordingLogger(),
    writeFile: (path, document) => {
      counter.writes += 1;
      writeStoreFile(path, document);
    },
  });
  return { store, counter };
}

describe('importing into the profiles file', () => {
  it(`stores ${MAX_PROFILES} profiles in a bounded number of writes`, async () => {
    const { store, counter } = countingStore();
    const { service } = appHarness([], { repository: store });

    const result = await service['profiles:import'](exportFile(MAX_PROFILES, 'site'));

    expect(result).toMatchObject({ ok: true, value: { imported: MAX_PROFILES } });
    // The profiles in one write, and the first made active in another.
    expect(counter.writes).toBe(2);
    const file = JSON.parse(readFileSync(store.path, 'utf8')) as { profiles: object };
    expect(Object.keys(file.profiles)).toHaveLength(MAX_PROFILES);
    expect(
      openProfileStore({ directory, now: () => 0, logger: recordingLogger() }).list(),
    ).toHaveLength(MAX_PROFILES);
  });

  it(`refuses a profile past ${MAX_PROFILES}, saying so, and writes nothing`, async () => {
    const { store, counter } = countingStore();
    const { service } = appHarness([], { repository: store });
    await service['profiles:import'](exportFile(MAX_PROFILES, 'site'));
    const before = readFileSync(join(directory, 'profiles.json'), 'utf8');
    const writes = counter.writes;

    const result = await service['profiles:import'](exportFile(1, 'one-more'));

    expect(result).toMatchObject({ ok: false, code: 'invalid_argument' });
    expect(result.ok ? '' : result.message).toContain(`at most ${MAX_PROFILES} can be kept`);
    expect(counter.writes).toBe(writes);
    expect(readFileSync(join(directory, 'profiles.json'), 'utf8')).toBe(before);
    expect(() => store.save(makeProfile({ id: 'by-hand' }))).toThrow(
      `At most ${MAX_PROFILES} profiles can be kept`,
    );
    expect(counter.writes).toBe(writes);
  });
});
