// Secrets encrypted with Electron's safeStorage (Keychain, DPAPI, or a Linux secret service; see
// keyring.ts), kept as base64 ciphertext in `secrets.json` (0600) beside the profiles. A secret
// that does not decrypt fails alone: that one secret must be entered again, nothing else is lost.
// Each stored ciphertext is tried once when the window first asks, so an unreadable secret shows
// as "needs re-entry" before a token request fails on it. A second instance, or a file from a
// newer version, reads the file once into memory and never moves, creates or writes it.
import { join } from 'node:path';

import type { AppState } from '../../shared/ipc-contract';
import type { Clock } from '../core/clock';
import { TokenError } from '../core/errors';
import { secretNames, type SecretName } from '../core/profile';
import type { SecretVault } from '../core/secret-vault';

import { createKeyring, type Keyring, type KeyringOptions } from './keyring';
import { createStore, moveAside, readStoreFile } from './store-file';

const SECRETS_SCHEMA_VERSION = 1;
/**
 * How long a look at the state waits for the keyring. A locked keyring can take the full
 * deadline (keyring.ts); the window's state must not, so a late answer shows on the next look.
 */
export const REENTRY_CHECK_WAIT_MS = 2_000;

type SecretsDocument = {
  schemaVersion: number;
  /** The backend that encrypted the secrets, to explain a later decryption failure. */
  backend?: string;
  secrets: Record<string, Partial<Record<SecretName, string>>>;
};

export interface SafeStorageVaultOptions extends KeyringOptions {
  directory: string;
  /** Set when another instance owns the folder: secrets are read but never written. */
  readOnlyReason?: string;
}

export interface SafeStorageVault extends SecretVault {
  backend(): AppState['secretBackend'];
  /** Stored secrets of the profile that do not decrypt and must be entered again. */
  needsReentry(profileId: string): Promise<SecretName[]>;
  readonly startupReport?: string;
}

/** Whether a ciphertext decrypts; undefined while the keyring cannot be asked at all. */
type Readability = Promise<boolean | undefined>;

export function openSafeStorageVault(options: SafeStorageVaultOptions): SafeStorageVault {
  const opened = openSecretsFile(options);
  const readOnlyReason = opened.readOnlyReason;
  const encryption = createKeyring(options);
  const checks = createReadabilityChecks(encryption);

  const stored = (profileId: string, name: SecretName): string | undefined =>
    opened.secrets()[profileId]?.[name];

  const refuseIfReadOnly = (profileId: string): void => {
    if (readOnlyReason !== undefined) {
      throw new TokenError('storage', readOnlyReason, { profileId });
    }
  };

  type Entry = Partial<Record<SecretName, string>>;
  const update = (profileId: string, change: (entry: Entry) => Entry, backend?: string) => {
    refuseIfReadOnly(profileId);
    const secrets = Object.fromEntries(
      Object.entries(opened.secrets()).filter(([id]) => id !== profileId),
    );
    const entry = change({ ...opened.secrets()[profileId] });
    if (Object.keys(entry).length > 0) {
      secrets[profileId] = entry;
    }
    try {
      opened.write(backend ? { secrets, backend } : { secrets });
    } catch (error) {
      throw new TokenError(
        'storage',
        'The secrets file could not be written: check free space and permissions',
        { profileId, detail: (error as { code?: string }).code },
        error,
      );
    }
  };

  return {
    startupReport: opened.report,
    backend: () => encryption.describe(),

    async needsReentry(profileId) {
      const found = secretNames.flatMap((name) => {
        const ciphertext = stored(profileId, name);
        return ciphertext === undefined ? [] : [{ name, ciphertext }];
      });
      const readable = await Promise.all(
        found.map(({ name, ciphertext }) =>
          answerWithin(checks.check(profileId, name, ciphertext), options.clock),
        ),
      );
      return found.filter((_found, index) => readable[index] === false).map(({ name }) => name);
    },

    async get(profileId, name) {
      const ciphertext = stored(profileId, name);
      if (ciphertext === undefined) {
        return undefined;
      }
      const decrypted = await encryption.decrypt(ciphertext, { profileId, name });
      checks.record(profileId, name, ciphertext, decrypted.ok);
      if (!decrypted.ok) {
        throw unreadableError(profileId, name, opened.backend());
      }
      // A second instance leaves the file to the one that owns it.
      if (decrypted.shouldReEncrypt && readOnlyReason === undefined) {
        const fresh = await encryption.encrypt(decrypted.value);
        update(profileId, (entry) => ({ ...entry, [name]: fresh }), encryption.backendName());
        checks.record(profileId, name, fresh, true);
      }
      return decrypted.value;
    },

    async set(profileId, name, value) {
      refuseIfReadOnly(profileId);
      const ciphertext = await encryption.encrypt(value);
      update(profileId, (entry) => ({ ...entry, [name]: ciphertext }), encryption.backendName());
      checks.record(profileId, name, ciphertext, true);
      options.logger.info(`secret stored for profile '${profileId}'`, { secret: name });
    },

    async delete(profileId, name) {
      update(profileId, (entry) =>
        Object.fromEntries(Object.entries(entry).filter(([key]) => name && key !== name)),
      );
    },

    async has(profileId, name) {
      return stored(profileId, name) !== undefined;
    },
  };
}

/**
 * What is known about each stored ciphertext, so each is decrypted at most once to answer
 * `needsReentry`: a locked keyring is waited for once, not on every redraw of the window.
 */
function createReadabilityChecks(encryption: Keyring) {
  const known = new Map<string, { ciphertext: string; readable: Readability }>();
  const keyOf = (profileId: string, name: SecretName) => `${profileId}\u0000${name}`;

  return {
    check(profileId: string, name: SecretName, ciphertext: string): Readability {
      const entry = known.get(keyOf(profileId, name));
      if (entry?.ciphertext === ciphertext) {
        return entry.readable;
      }
      // A refused or silent keyring says nothing about the secret itself: left unknown.
      const readable = encryption.decrypt(ciphertext, { profileId, name }).then(
        (decrypted) => decrypted.ok,
        () => undefined,
      );
      known.set(keyOf(profileId, name), { ciphertext, readable });
      return readable;
    },
    record(profileId: string, name: SecretName, ciphertext: string, readable: boolean): void {
      known.set(keyOf(profileId, name), { ciphertext, readable: Promise.resolve(readable) });
    },
  };
}

/** The answer if it comes within REENTRY_CHECK_WAIT_MS, else undefined (not known yet). */
function answerWithin(pending: Readability, clock: Clock): Readability {
  return new Promise((resolve) => {
    const timer = clock.setTimeout(() => resolve(undefined), REENTRY_CHECK_WAIT_MS);
    void pending.then((readable) => {
      timer.cancel();
      resolve(readable);
    });
  });
}

/** The secrets document as the vault uses it: on disk through electron-store, or read-only in memory. */
interface SecretsFile {
  secrets(): SecretsDocument['secrets'];
  backend(): string | undefined;
  write(change: Pick<SecretsDocument, 'secrets' | 'backend'>): void;
  /** Set when nothing may be written: every change is refused with it. */
  readOnlyReason?: string;
  report?: string;
}

function openSecretsFile(options: SafeStorageVaultOptions): SecretsFile {
  const path = join(options.directory, 'secrets.json');
  const raw = readStoreFile(path);
  if (raw.kind === 'ok' && raw.schemaVersion > SECRETS_SCHEMA_VERSION) {
    const reason =
      options.readOnlyReason ??
      'The secrets file was written by a newer version of SanteDB Token Tray: update the app to change secrets.';
    options.logger.warn('secrets file is from a newer version; opened read-only');
    return inMemory(raw.data, reason, options.readOnlyReason === undefined ? reason : undefined);
  }
  if (options.readOnlyReason !== undefined) {
    // The owner's file: a damaged one is the owner's to move aside, a missing one to create.
    return inMemory(raw.kind === 'ok' ? raw.data : {}, options.readOnlyReason);
  }
  let report: string | undefined;
  if (raw.kind === 'corrupt') {
    const kept = moveAside(path, options.clock.now());
    if (!kept) {
      throw new TokenError(
        'storage',
        `The secrets file ${path} cannot be used (${raw.reason}) or moved aside`,
      );
    }
    report =
      `The stored secrets could not be used because ${raw.reason}. The file was kept as ${kept}; ` +
      `enter the secrets of your profiles again.`;
    options.logger.error('secrets file moved aside', { reason: raw.reason });
  }
  return { ...onDisk(options.directory), report };
}

function onDisk(directory: string): SecretsFile {
  const store = createStore<SecretsDocument>({
    name: 'secrets',
    cwd: directory,
    schema: {
      schemaVersion: { type: 'integer', minimum: 1 },
      backend: { type: 'string' },
      secrets: {
        type: 'object',
        additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    defaults: { schemaVersion: SECRETS_SCHEMA_VERSION, secrets: {} },
  });
  // Read once and kept: conf re-reads, parses and checks the whole file on every `get`, and this
  // instance holds the folder's lock, so no one else writes the file meanwhile.
  const document = store.store;
  let secrets = document.secrets;
  let backend = document.backend;
  return {
    secrets: () => secrets,
    backend: () => backend,
    write: (change) => {
      store.set(change);
      secrets = change.secrets;
      if (change.backend !== undefined) {
        backend = change.backend;
      }
    },
  };
}

/** What could be read, never written back; entries not of the known shape are left out. */
function inMemory(data: Record<string, unknown>, readOnlyReason: string, report?: string) {
  const secrets: SecretsDocument['secrets'] = {};
  for (const [profileId, entry] of Object.entries(recordOf(data.secrets))) {
    secrets[profileId] = Object.fromEntries(
      Object.entries(recordOf(entry)).filter(
        ([name, value]) => secretNames.includes(name as SecretName) && typeof value === 'string',
      ),
    );
  }
  const backend = typeof data.backend === 'string' ? data.backend : undefined;
  const file: SecretsFile = {
    secrets: () => secrets,
    backend: () => backend,
    write: () => {
      throw new TokenError('storage', readOnlyReason);
    },
    readOnlyReason,
    report,
  };
  return file;
}

function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function unreadableError(
  profileId: string,
  name: SecretName,
  backend: string | undefined,
): TokenError {
  const from = backend ? ` (it was encrypted with ${backend})` : '';
  return new TokenError(
    'secret_unreadable',
    `The stored ${name} of profile "${profileId}" could not be decrypted${from}; it may come from another user account, machine or keyring: enter it again`,
    { profileId, field: `secrets.${name}` },
  );
}
