// One running instance owns the user-data folder. Electron's single-instance lock was seen
// granted to a second start on Windows (https://github.com/electron/electron/issues/35680), and
// two instances writing the same profiles and secrets would each overwrite the other's changes.
// So the folder has a lock of its own: a file created exclusively, holding its owner's pid.
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { uptime } from 'node:os';
import { join } from 'node:path';

import type { Logger } from '../core/logger';

import { DIRECTORY_MODE, FILE_MODE } from './store-file';

export const LOCK_FILE_NAME = 'profiles.lock';
/** A lock file with no pid yet may be one another instance is writing this very moment. */
const UNWRITTEN_GRACE_MS = 10_000;
/** Boot time comes from the uptime and start times are in ticks: allow for both being rough. */
const START_TIME_SLACK_MS = 2_000;
/** Linux reports process times in ticks of 1/100 s to user space, whatever the kernel's HZ. */
const USER_HZ = 100;
/** starttime is field 22 of /proc/<pid>/stat; counted from field 3, after the command name. */
const STARTTIME_AFTER_NAME = 19;

export interface ProfileLock {
  /** True when this process owns the folder and may write to it. */
  readonly held: boolean;
  /** The owner's pid when another instance holds the lock. */
  readonly ownerPid?: number;
  /** Give the folder back; only a lock this process holds is removed. */
  release(): void;
}

export interface ProfileLockOptions {
  directory: string;
  logger: Logger;
  /** For tests; the current process and the OS's answer by default. */
  pid?: number;
  isRunning?: (pid: number) => boolean;
  /** When the process with this pid started, if the OS says; `processStartMs` by default. */
  startedAtMs?: (pid: number, bootTimeMs: number) => number | undefined;
  nowMs?: () => number;
  bootTimeMs?: number;
}

type Owner = { kind: 'live'; pid?: number } | { kind: 'stale' };

/** Lock files this process holds, to tell its own lock from a stale one whose pid it inherited. */
const heldHere = new Set<string>();

export function acquireProfileLock(options: ProfileLockOptions): ProfileLock {
  const path = join(options.directory, LOCK_FILE_NAME);
  const pid = options.pid ?? process.pid;
  mkdirSync(options.directory, { recursive: true, mode: DIRECTORY_MODE });

  // Twice at most: a stale lock is removed once, then the folder is taken or left alone.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (createLockFile(path, pid)) {
      heldHere.add(path);
      options.logger.info('profile lock taken', { pid });
      return heldLock(path, pid);
    }
    const owner = ownerOf(path, pid, options);
    if (owner.kind === 'live') {
      options.logger.warn('another instance holds the profile lock; profiles are read-only', {
        owner: owner.pid ?? 'unknown',
      });
      return { held: false, ownerPid: owner.pid, release: () => undefined };
    }
    options.logger.warn('taking over a stale profile lock');
    removeQuietly(path);
  }
  return { held: false, release: () => undefined };
}

/** Node's "does this pid exist" probe; EPERM means it exists but belongs to someone else. */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function createLockFile(path: string, pid: number): boolean {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'wx', FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw error;
  }
  try {
    writeSync(descriptor, `${pid}\n`);
  } finally {
    closeSync(descriptor);
  }
  return true;
}

function ownerOf(path: string, ownPid: number, options: ProfileLockOptions): Owner {
  let text: string;
  let modifiedMs: number;
  try {
    text = readFileSync(path, 'utf8');
    modifiedMs = statSync(path).mtimeMs;
  } catch {
    // Released between our attempt and this read: free to take.
    return { kind: 'stale' };
  }
  const bootTimeMs = options.bootTimeMs ?? Date.now() - uptime() * 1000;
  if (modifiedMs < bootTimeMs) {
    // Written before the machine started: its pid may since belong to any process.
    return { kind: 'stale' };
  }
  const pid = Number.parseInt(text.trim(), 10);
  if (!Number.isSafeInteger(pid) || pid <= 0) {
    const age = (options.nowMs ?? Date.now)() - modifiedMs;
    return age > UNWRITTEN_GRACE_MS ? { kind: 'stale' } : { kind: 'live' };
  }
  if (pid === ownPid) {
    return heldHere.has(path) ? { kind: 'live', pid } : { kind: 'stale' };
  }
  if (!(options.isRunning ?? isProcessRunning)(pid)) {
    return { kind: 'stale' };
  }
  // After a crash an unrelated process may have the pid: one that started after the lock was
  // written did not write it. Where the OS gives no start time (macOS, Windows), such a lock
  // stays live until the next boot, and the profiles open read-only until then.
  const startedMs = (options.startedAtMs ?? processStartMs)(pid, bootTimeMs);
  if (startedMs !== undefined && startedMs > modifiedMs + START_TIME_SLACK_MS) {
    return { kind: 'stale' };
  }
  return { kind: 'live', pid };
}

/**
 * When a process started, from Linux's /proc (field 22 of /proc/<pid>/stat, in clock ticks since
 * boot); undefined elsewhere, or when the process is gone or cannot be read.
 */
export function processStartMs(pid: number, bootTimeMs: number): number | undefined {
  if (process.platform !== 'linux') {
    return undefined;
  }
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[STARTTIME_AFTER_NAME]);
  return Number.isFinite(ticks) ? bootTimeMs + (ticks / USER_HZ) * 1000 : undefined;
}

function heldLock(path: string, pid: number): ProfileLock {
  let released = false;
  return {
    held: true,
    release() {
      if (released) {
        return;
      }
      released = true;
      heldHere.delete(path);
      // Another instance may have taken it over as stale meanwhile; that lock is not ours.
      if (readPid(path) === pid) {
        removeQuietly(path);
      }
    },
  };
}

function readPid(path: string): number | undefined {
  try {
    return Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
  } catch {
    return undefined;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: the outcome wanted.
  }
}
