// The user-data folder's own lock, because Electron's single-instance lock was seen granted to a
// second start on Windows (https://github.com/electron/electron/issues/35680): the lock file
// itself, and two starts of the real entry on one folder under the stand-in.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { acquireProfileLock, LOCK_FILE_NAME } from '../../src/main/electron/profile-lock';
import type { IpcResult, ProfileView } from '../../src/shared/ipc-contract';
import { makeDraft, makeProfile } from '../support/app-fakes';
import { standIn } from '../support/electron-stand-in';

import { recordingLogger, removeScratchDirs, scratchDir } from './helpers/fixtures';
import { startTestApp } from './helpers/start-app';
import { clickMenuItem, menuItem, until } from './helpers/tray-driver';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

afterEach(removeScratchDirs);

/** A pid that ran and has ended. */
function endedPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined) {
    throw new Error('could not start a child process');
  }
  return child.pid;
}

function lockFile(directory: string): string {
  return join(directory, LOCK_FILE_NAME);
}

describe('profile lock file', () => {
  it('is created holding the pid, refused to a second owner, and removed on release', () => {
    const directory = scratchDir();
    const first = acquireProfileLock({ directory, logger: recordingLogger(), pid: 4242 });

    expect(first.held).toBe(true);
    expect(readFileSync(lockFile(directory), 'utf8')).toBe('4242\n');
    const second = acquireProfileLock({
      directory,
      logger: recordingLogger(),
      pid: 5151,
      isRunning: (pid) => pid === 4242,
      startedAtMs: () => undefined,
    });
    expect(second).toMatchObject({ held: false, ownerPid: 4242 });

    second.release();
    expect(existsSync(lockFile(directory))).toBe(true);
    first.release();
    expect(existsSync(lockFile(directory))).toBe(false);
  });

  it('takes over a lock whose process has ended', () => {
    const directory = scratchDir();
    writeFileSync(lockFile(directory), `${endedPid()}\n`);
    const logger = recordingLogger();

    const lock = acquireProfileLock({ directory, logger });

    expect(lock.held).toBe(true);
    expect(readFileSync(lockFile(directory), 'utf8')).toBe(`${process.pid}\n`);
    expect(logger.text()).toContain('taking over a stale profile lock');
    lock.release();
  });

  it('takes over a lock written before the machine started, whoever has that pid now', () => {
    const directory = scratchDir();
    writeFileSync(lockFile(directory), '1\n');
    const bootTimeMs = Date.now();
    utimesSync(lockFile(directory), new Date(bootTimeMs - 60_000), new Date(bootTimeMs - 60_000));

    const lock = acquireProfileLock({
      directory,
      logger: recordingLogger(),
      pid: 4242,
      isRunning: () => true,
      bootTimeMs,
    });

    expect(lock.held).toBe(true);
    lock.release();
  });

  it('takes over a lock whose pid now belongs to a process started after it was written', () => {
    const directory = scratchDir();
    writeFileSync(lockFile(directory), '4242\n');
    const writtenMs = statSync(lockFile(directory)).mtimeMs;
    const withStart = (startedMs: number | undefined) =>
      acquireProfileLock({
        directory,
        logger: recordingLogger(),
        pid: 5151,
        isRunning: () => true,
        startedAtMs: () => startedMs,
      });

    // Started before the lock was written, or no start time to go by: it may be the owner.
    expect(withStart(writtenMs - 60_000)).toMatchObject({ held: false, ownerPid: 4242 });
    expect(withStart(undefined)).toMatchObject({ held: false, ownerPid: 4242 });
    const taken = withStart(writtenMs + 60_000);

    expect(taken.held).toBe(true);
    expect(readFileSync(lockFile(directory), 'utf8')).toBe('5151\n');
    taken.release();
  });

  it.skipIf(process.platform !== 'linux')(
    'reads start times from /proc: a process started after the lock is not its owner',
    async () => {
      const directory = scratchDir();
      writeFileSync(lockFile(directory), '');
      // The lock was written a minute ago; this process starts now and takes its pid's place.
      const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30_000)']);
      try {
        await new Promise((resolvePromise) => sleeper.once('spawn', resolvePromise));
        writeFileSync(lockFile(directory), `${sleeper.pid}\n`);
        const minuteAgo = new Date(Date.now() - 60_000);
        utimesSync(lockFile(directory), minuteAgo, minuteAgo);

        const lock = acquireProfileLock({ directory, logger: recordingLogger(), pid: 5151 });

        expect(lock.held).toBe(true);
        lock.release();
      } finally {
        sleeper.kill();
      }
      // The test runner's parent started long before a lock written now: it stays the owner.
      writeFileSync(lockFile(directory), `${process.ppid}\n`);
      expect(acquireProfileLock({ directory, logger: recordingLogger(), pid: 5151 })).toMatchObject(
        { held: false, ownerPid: process.ppid },
      );
    },
  );

  it('leaves a lock without a pid alone while it may still be being written', () => {
    const directory = scratchDir();
    writeFileSync(lockFile(directory), '');
    const written = Date.now();

    const fresh = acquireProfileLock({
      directory,
      logger: recordingLogger(),
      nowMs: () => written + 1_000,
    });
    const old = acquireProfileLock({
      directory,
      logger: recordingLogger(),
      nowMs: () => written + 60_000,
    });

    expect(fresh).toMatchObject({ held: false, ownerPid: undefined });
    expect(old.held).toBe(true);
    old.release();
  });

  it('does not remove a lock another instance took over meanwhile', () => {
    const directory = scratchDir();
    const lock = acquireProfileLock({ directory, logger: recordingLogger(), pid: 4242 });
    writeFileSync(lockFile(directory), '5151\n');

    lock.release();

    expect(readFileSync(lockFile(directory), 'utf8')).toBe('5151\n');
  });
});

describe('two starts on one user-data folder', () => {
  it('opens the profiles read-only in the second, says so, and leaves the files alone', async () => {
    const first = await startTestApp({}, {}, (directory) => {
      writeFileSync(
        join(directory, 'profiles.json'),
        JSON.stringify({
          schemaVersion: 1,
          profiles: { prod: makeProfile() },
          activeProfileId: 'prod',
        }),
      );
    });
    const directory = first.directory;
    const filesBefore = ['profiles.json', 'secrets.json'].map((name) =>
      readFileSync(join(directory, name), 'utf8'),
    );
    expect(readFileSync(lockFile(directory), 'utf8')).toBe(`${process.pid}\n`);

    // The second process: its own Electron, granted the single-instance lock by the bug.
    await startTestApp(
      { paths: { userData: directory, logs: directory } },
      { userDataDir: directory, logsDir: directory },
    );

    expect(String(standIn.world.messageBoxes[0]?.detail)).toContain(
      `Another SanteDB Token Tray (process ${process.pid}) is using these profiles`,
    );
    expect(menuItem('profile:prod').label).toContain('prod');
    clickMenuItem('manage-profiles');
    const window = await until(() => standIn.windows[0], 'the window');
    const saved = (await standIn.invokeFrom(window.webContents, 'profiles:save', [
      makeDraft({ name: 'second', secrets: { clientSecret: { action: 'replace', value: 's' } } }),
    ])) as IpcResult<ProfileView>;
    expect(saved).toMatchObject({ ok: false, code: 'storage' });
    expect(saved.ok ? '' : saved.message).toContain('read-only');
    expect(
      ['profiles.json', 'secrets.json'].map((name) => readFileSync(join(directory, name), 'utf8')),
    ).toEqual(filesBefore);
  });

  it('gives the folder back on quit, so the next start can write', async () => {
    const { directory } = await startTestApp();
    clickMenuItem('quit');
    await until(() => standIn.world.exitCode !== undefined, 'the app to quit');
    expect(existsSync(lockFile(directory))).toBe(false);

    await startTestApp(
      { paths: { userData: directory, logs: directory } },
      { userDataDir: directory, logsDir: directory },
    );

    expect(standIn.world.messageBoxes).toEqual([]);
    expect(readFileSync(lockFile(directory), 'utf8')).toBe(`${process.pid}\n`);
  });

  it('takes over the lock a crashed instance left behind', async () => {
    const { logLines } = await startTestApp({}, {}, (directory) => {
      writeFileSync(lockFile(directory), `${endedPid()}\n`);
    });

    expect(standIn.world.messageBoxes).toEqual([]);
    expect(logLines.join('\n')).toContain('taking over a stale profile lock');
  });
});
