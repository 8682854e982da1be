// Runs the CLI bundle from a V8 code cache, so that a run does not compile again what the last
// one compiled. The cache lives in a directory of the temp dir
// that only this user may write, keyed by a checksum of the bundle; a cache that is missing,
// foreign, corrupt or unwritable only means compiling as usual. Checksums are zlib's CRC-32:
// they guard against stale and damaged files, not against an attacker, who would need this
// user's own access to the directory; node:crypto would cost a run more than the cache saves.
import type { Stats } from 'node:fs';
import {
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';

/** Set by the loader when the bundle runs from the cache; the bundle says there if its run was worth caching. */
const STATE = Symbol.for('santedb-token.code-cache');
const MAGIC = Buffer.from('santedb-token code cache 2\n');
/** The payload's length and CRC-32, each a 32-bit unsigned integer. */
const HEADER_BYTES = 8;
/** Cache files kept, the current one included: other builds and installs have their own. */
const KEPT_CACHES = 4;

interface CacheState {
  worthCaching: boolean;
}

type GlobalWithState = typeof globalThis & { [STATE]?: CacheState };

type ModuleWrapper = (
  exports: unknown,
  require: NodeJS.Require,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

/**
 * Runs the bundle at `bundlePath` from the code cache and returns true once it has started.
 * Returns false, having run nothing, when there is no private cache directory or the bundle
 * cannot be read: the caller then loads the bundle the ordinary way.
 */
export function runFromCodeCache(bundlePath: string, load: NodeJS.Require): boolean {
  // Without a place for the cache, compiling through vm would only cost time.
  const directory = privateCacheDirectory();
  const bytes = directory === undefined ? undefined : readBundle(bundlePath);
  if (directory === undefined || bytes === undefined) {
    return false;
  }

  const source = bytes.toString('utf8');
  const cacheFile = join(directory, cacheFileName(bytes, source));
  const cached = readCache(cacheFile);
  const script = new Script(wrapAsModule(source), { filename: bundlePath, cachedData: cached });
  const state: CacheState = { worthCaching: false };
  // The bundle has its own copy of this module; the flag it sets must reach this one.
  (globalThis as GlobalWithState)[STATE] = state;
  if (cached === undefined || script.cachedDataRejected) {
    // At exit the script holds everything the run compiled, not only its first lines.
    process.once('exit', () => {
      if (state.worthCaching) {
        writeCache(cacheFile, script);
      }
    });
  }
  const run = script.runInThisContext() as ModuleWrapper;
  const module = { exports: {} };
  run(module.exports, load, module, bundlePath, dirname(bundlePath));
  return true;
}

function readBundle(bundlePath: string): Buffer | undefined {
  try {
    return readFileSync(bundlePath);
  } catch {
    return undefined;
  }
}

/** The same wrapper as Node's own, without a `#!` line, which only a file may start with. */
function wrapAsModule(source: string): string {
  // Only when there is one: a replace would copy the whole bundle for nothing.
  const body = source.startsWith('#!') ? source.replace(/^#!.*/, '') : source;
  return `(function (exports, require, module, __filename, __dirname) {${body}\n})`;
}

/**
 * Called once a run has compiled the token path: a cache made by `--help` alone would hold
 * little, and being valid it would never be replaced.
 */
export function noteRunWorthCaching(): void {
  const state = (globalThis as GlobalWithState)[STATE];
  if (state) {
    state.worthCaching = true;
  }
}

/** This user's cache directory in the temp directory, or undefined when it is not private. */
function privateCacheDirectory(): string | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) {
    // Windows: there is no owner to check a shared temp folder against, and a cache planted by
    // someone else would run as this user, so the CLI runs uncached there.
    return undefined;
  }
  const directory = join(tmpdir(), `santedb-token-cache-${uid}`);
  return isPrivateDirectory(directory, uid) ? directory : undefined;
}

/**
 * Keyed by the bundle's checksum and length: V8 itself checks only the length of the source.
 * The checksum is taken over the file's bytes, which the text was decoded from.
 */
function cacheFileName(bytes: Buffer, source: string): string {
  const key = `${crc32(bytes).toString(16).padStart(8, '0')}-${source.length.toString(16)}`;
  return `${key}-${process.version}-${process.arch}.bin`;
}

/**
 * The directory must be this user's and closed to everyone else: code in the cache runs with
 * the user's secrets in reach, so a directory another user could write to is not used at all.
 */
function isPrivateDirectory(directory: string, uid: number): boolean {
  let stats: Stats;
  try {
    // lstat: a symbolic link is not a directory, wherever it points.
    stats = lstatSync(directory);
  } catch {
    try {
      mkdirSync(directory, { mode: 0o700 });
    } catch {
      // Made by a run started at the same moment, or not makeable: lstat tells which.
    }
    try {
      stats = lstatSync(directory);
    } catch {
      return false;
    }
  }
  return stats.isDirectory() && stats.uid === uid && (stats.mode & 0o077) === 0;
}

/**
 * The cached data if the file is whole. V8 checks its version, flags and source length but, in
 * release builds, not the payload itself, so the payload's length and checksum are checked here.
 */
function readCache(file: string): Buffer | undefined {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch {
    return undefined;
  }
  const payloadStart = MAGIC.length + HEADER_BYTES;
  if (content.length <= payloadStart || !content.subarray(0, MAGIC.length).equals(MAGIC)) {
    return undefined;
  }
  const payload = content.subarray(payloadStart);
  const whole =
    content.readUInt32LE(MAGIC.length) === payload.length &&
    content.readUInt32LE(MAGIC.length + 4) === crc32(payload);
  return whole ? payload : undefined;
}

/** Written beside the target and renamed over it, so a reader never sees half a file. */
function writeCache(file: string, script: Script): void {
  const partial = `${file}.${process.pid}.partial`;
  try {
    const payload = script.createCachedData();
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt32LE(payload.length, 0);
    header.writeUInt32LE(crc32(payload), 4);
    writeFileSync(partial, Buffer.concat([MAGIC, header, payload]), { mode: 0o600, flag: 'wx' });
    renameSync(partial, file);
    pruneOtherCaches(dirname(file), file);
  } catch {
    // No cache this time: the next run compiles as usual and tries again.
    try {
      rmSync(partial, { force: true });
    } catch {
      // A leftover partial file is never read; nothing more can be done at exit.
    }
  }
}

function pruneOtherCaches(directory: string, current: string): void {
  const others = readdirSync(directory)
    .map((name) => join(directory, name))
    .filter((path) => path !== current && path.endsWith('.bin'))
    .map((path) => ({ path, writtenAtMs: statSync(path).mtimeMs }))
    .sort((a, b) => b.writtenAtMs - a.writtenAtMs);
  for (const { path } of others.slice(KEPT_CACHES - 1)) {
    rmSync(path, { force: true });
  }
}
