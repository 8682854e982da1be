// Profiles on disk: `profiles.json` in the user-data folder, through electron-store, readable by
// this user only. No secret is ever in it (they are in the vault). The file carries a
// `schemaVersion`; older files are migrated step by step after a backup, newer ones open
// read-only, and a file that cannot be read is moved aside and reported, never overwritten.
import { join } from 'node:path';

import type Store from 'electron-store';

import { MAX_PROFILES, tooManyProfiles, type ProfileRepository } from '../app/ports';
import { TokenError } from '../core/errors';
import type { Logger } from '../core/logger';
import { parseProfile, type Profile } from '../core/profile';

import { createStore, keepBackup, moveAside, readStoreFile, writeStoreFile } from './store-file';

export const PROFILES_SCHEMA_VERSION = 1;

type ProfilesDocument = {
  schemaVersion: number;
  profiles: Record<string, unknown>;
  activeProfileId?: string;
};

/** `migrations[n]` turns a version n−1 document into version n. Add one per format change. */
export type Migrations = Record<
  number,
  (document: Record<string, unknown>) => Record<string, unknown>
>;
export const profileMigrations: Migrations = {};

export interface ProfileStoreOptions {
  directory: string;
  now: () => number;
  logger: Logger;
  /** For tests of the migration path; production uses the constants above. */
  schemaVersion?: number;
  migrations?: Migrations;
  /** Set when another instance owns the folder: the file is only read, never repaired or written. */
  readOnlyReason?: string;
  /** How a changed document reaches the disk; the atomic writer by default, counted in tests. */
  writeFile?: (path: string, document: Record<string, unknown>) => void;
}

export interface ProfileStore extends ProfileRepository {
  readonly path: string;
  /** What went wrong opening the file, for the user; set when the app started without it. */
  readonly startupReport?: string;
}

export function openProfileStore(options: ProfileStoreOptions): ProfileStore {
  const path = join(options.directory, 'profiles.json');
  const current = options.schemaVersion ?? PROFILES_SCHEMA_VERSION;
  const raw = readStoreFile(path);

  if (options.readOnlyReason !== undefined) {
    // What the owner may have to move aside or migrate is the owner's to do.
    const data = raw.kind === 'ok' ? raw.data : {};
    options.logger.warn('profiles opened read-only: another instance owns them');
    return readOnlyStore(path, data, options.readOnlyReason, options.logger);
  }
  if (raw.kind === 'corrupt') {
    return reopenAfterCorruption(path, raw.reason, options, current);
  }
  if (raw.kind === 'ok' && raw.schemaVersion > current) {
    const reason =
      `The profiles file was written by a newer version of SanteDB Token Tray (format ` +
      `${raw.schemaVersion}; this version reads up to ${current}). Profiles are shown read-only: ` +
      `update the app to change them.`;
    options.logger.warn('profiles file is from a newer version; opened read-only', {
      schemaVersion: raw.schemaVersion,
    });
    return readOnlyStore(path, raw.data, reason, options.logger);
  }
  if (raw.kind === 'ok' && raw.schemaVersion < current) {
    migrate(path, raw.data, raw.schemaVersion, current, options);
  }

  try {
    return storeBacked(path, createProfilesStore(options.directory, current), options);
  } catch (error) {
    // electron-store's schema check failed: the JSON parsed but is not a profiles document.
    const detail = error instanceof Error && error.message.startsWith('Config schema violation');
    return reopenAfterCorruption(
      path,
      detail ? 'its content does not have the expected shape' : 'it could not be opened',
      options,
      current,
    );
  }
}

function createProfilesStore(directory: string, schemaVersion: number): Store<ProfilesDocument> {
  return createStore<ProfilesDocument>({
    name: 'profiles',
    cwd: directory,
    schema: {
      schemaVersion: { type: 'integer', minimum: 1 },
      profiles: { type: 'object', additionalProperties: { type: 'object' } },
      activeProfileId: { type: 'string' },
    },
    defaults: { schemaVersion, profiles: {} },
  });
}

function reopenAfterCorruption(
  path: string,
  reason: string,
  options: ProfileStoreOptions,
  current: number,
): ProfileStore {
  const kept = moveAside(path, options.now());
  if (!kept) {
    const message =
      `The profiles file ${path} could not be opened because ${reason}, and it could not be ` +
      `moved aside either. Nothing will be written to it: check its permissions and restart.`;
    options.logger.error('profiles file unusable and could not be moved aside');
    return readOnlyStore(path, {}, message, options.logger, message);
  }
  const report =
    `The profiles file could not be opened because ${reason}. It was kept as ${kept}, and the ` +
    `app started with no profiles. Import or re-create them; the kept file is untouched.`;
  options.logger.error('profiles file moved aside', { reason });
  const store = storeBacked(path, createProfilesStore(options.directory, current), options);
  return Object.assign(store, { startupReport: report });
}

function migrate(
  path: string,
  data: Record<string, unknown>,
  from: number,
  to: number,
  options: ProfileStoreOptions,
): void {
  const migrations = options.migrations ?? profileMigrations;
  const backup = keepBackup(path, from);
  let document = data;
  for (let version = from + 1; version <= to; version += 1) {
    const step = migrations[version];
    if (!step) {
      throw new TokenError('storage', `No migration of the profiles file to format ${version}`);
    }
    document = { ...step(document), schemaVersion: version };
  }
  writeStoreFile(path, document);
  options.logger.info(`profiles file migrated from format ${from} to ${to}`, {
    backup: backup ?? 'none',
  });
}

/**
 * The document is read and its records parsed once, when the file is opened, and kept: this
 * instance holds the folder's lock, so no one else writes the file meanwhile. Reading and
 * validating it on every look made an import of many profiles quadratic on the main thread. Each
 * change is one atomic write, after which only the records it replaced are parsed again.
 */
function storeBacked(
  path: string,
  store: Store<ProfilesDocument>,
  options: ProfileStoreOptions,
): ProfileStore {
  const writeFile = options.writeFile ?? writeStoreFile;
  let document: ProfilesDocument = { ...store.store, profiles: { ...store.get('profiles') } };
  let parsed = parsedRecords(document.profiles, options.logger);
  const write = (change: (next: ProfilesDocument) => void): void => {
    const next = { ...document, profiles: { ...document.profiles } };
    change(next);
    try {
      writeFile(path, next);
    } catch (error) {
      throw new TokenError(
        'storage',
        `The profiles file ${path} could not be written: check free space and permissions`,
        { detail: (error as { code?: string }).code },
        error,
      );
    }
    parsed = parsedRecords(next.profiles, options.logger, { records: document.profiles, parsed });
    document = next;
  };
  const saveMany = (profiles: Profile[]): void => {
    const added = new Set(profiles.map(({ id }) => id).filter((id) => !(id in document.profiles)));
    if (added.size > 0 && Object.keys(document.profiles).length + added.size > MAX_PROFILES) {
      throw tooManyProfiles();
    }
    write((next) => {
      for (const profile of profiles) {
        next.profiles[profile.id] = profile;
      }
    });
  };

  return {
    path,
    list: () => copiesOf(parsed),
    get: (profileId) => copyOf(parsed, profileId),
    save: (profile) => saveMany([profile]),
    saveMany,
    delete: (profileId) =>
      write((next) => {
        next.profiles = withoutKey(next.profiles, profileId);
        if (next.activeProfileId === profileId) {
          delete next.activeProfileId;
        }
      }),
    getActiveId: () => document.activeProfileId,
    setActiveId: (profileId) =>
      write((next) => {
        if (profileId === undefined) {
          delete next.activeProfileId;
        } else {
          next.activeProfileId = profileId;
        }
      }),
  };
}

/** A store that shows what it could read and refuses every change; the active pick is kept in memory. */
function readOnlyStore(
  path: string,
  data: Record<string, unknown>,
  readOnlyReason: string,
  logger: Logger,
  startupReport?: string,
): ProfileStore {
  const parsed = parsedRecords(isRecord(data.profiles) ? data.profiles : {}, logger);
  let activeId = typeof data.activeProfileId === 'string' ? data.activeProfileId : undefined;
  const refuse = (): never => {
    throw new TokenError('storage', readOnlyReason);
  };
  return {
    path,
    readOnlyReason,
    startupReport,
    list: () => copiesOf(parsed),
    get: (profileId) => copyOf(parsed, profileId),
    save: refuse,
    saveMany: refuse,
    delete: refuse,
    getActiveId: () => activeId,
    setActiveId: (profileId) => {
      activeId = profileId;
    },
  };
}

/** Each stored record by its key, in file order, as a profile or undefined when it is not valid. */
type ParsedRecords = Map<string, Profile | undefined>;

/**
 * Parses the records once; a record that is still the one `previous` parsed keeps its result, so
 * a bad record is reported once per load rather than at every look or write.
 */
function parsedRecords(
  records: Record<string, unknown>,
  logger: Logger,
  previous?: { records: Record<string, unknown>; parsed: ParsedRecords },
): ParsedRecords {
  const parsed: ParsedRecords = new Map();
  for (const [id, record] of Object.entries(records)) {
    if (previous?.parsed.has(id) && previous.records[id] === record) {
      parsed.set(id, previous.parsed.get(id));
      continue;
    }
    const result = parseProfile(record);
    if (!result.ok) {
      // Kept in the file untouched; only hidden from the app.
      logger.warn('a stored profile is not valid and is not shown', { profileId: id });
    }
    parsed.set(id, result.ok ? result.profile : undefined);
  }
  return parsed;
}

/** Copies, so a caller cannot change the kept profiles by mutating what it holds. */
function copiesOf(parsed: ParsedRecords): Profile[] {
  return [...parsed.values()].flatMap((profile) => (profile ? [structuredClone(profile)] : []));
}

function copyOf(parsed: ParsedRecords, profileId: string): Profile | undefined {
  const profile = parsed.get(profileId);
  return profile && structuredClone(profile);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([name]) => name !== key));
}
