// Secrets encrypted with Electron's safeStorage (Keychain, DPAPI, or a Linux secret service; see
// keyring.ts), kept as base64 ciphertext in `secrets.json` (0600) beside the profiles. A secret
// that does not decrypt fails alone: that one secret must be entered again, nothing else is lost.
import { join } from 'node:path';

import type Store from 'electron-store';

import type { AppState } from '../../shared/ipc-contract';
import { TokenError } from '../core/errors';
import type { SecretName } from '../core/profile';
import type { SecretVault } from '../core/secret-vault';

import { createKeyring, type KeyringOptions } from './keyring';
import { createStore, moveAside, readStoreFile } from './store-file';

const SECRETS_SCHEMA_VERSION = 1;

type SecretsDocument = {
  schemaVersion: number;
  /** The backend that encrypted the secrets, to explain a later decryption failure. */
  backend?: string;
  secrets: Record<string, Partial<Record<SecretName, string>>>;
};

export interface SafeStorageVaultOptions extends KeyringOptions {
  directory: string;
}

export interface SafeStorageVault extends SecretVault {
  backend(): AppState['secretBackend'];
  /** Secrets of the profile that failed to decrypt and must be entered again. */
  needsReentry(profileId: string): SecretName[];
  readonly startupReport?: string;
}

export function openSafeStorageVault(options: SafeStorageVaultOptions): SafeStorageVault {
  const opened = openSecretsStore(options);
  const unreadable = new Map<string, Set<SecretName>>();
  const encryption = createKeyring(options);

  const stored = (profileId: string, name: SecretName): string | undefined =>
    opened.store.get('secrets')[profileId]?.[name];

  type Entry = Partial<Record<SecretName, string>>;
  const update = (profileId: string, change: (entry: Entry) => Entry, backend?: string) => {
    const secrets = Object.fromEntries(
      Object.entries(opened.store.get('secrets')).filter(([id]) => id !== profileId),
    );
    const entry = change({ ...opened.store.get('secrets')[profileId] });
    if (Object.keys(entry).length > 0) {
      secrets[profileId] = entry;
    }
    try {
      opened.store.set(backend ? { secrets, backend } : { secrets });
    } catch (error) {
      throw new TokenError(
        'storage',
        'The secrets file could not be written: check free space and permissions',
        { profileId, detail: (error as { code?: string }).code },
        error,
      );
    }
  };

  const markUnreadable = (profileId: string, name: SecretName, readable: boolean) => {
    const names = unreadable.get(profileId) ?? new Set<SecretName>();
    if (readable) {
      names.delete(name);
    } else {
      names.add(name);
    }
    unreadable.set(profileId, names);
  };

  return {
    startupReport: opened.report,
    backend: () => encryption.describe(),
    needsReentry: (profileId) => [...(unreadable.get(profileId) ?? [])],

    async get(profileId, name) {
      const ciphertext = stored(profileId, name);
      if (ciphertext === undefined) {
        return undefined;
      }
      const decrypted = await encryption.decrypt(ciphertext, { profileId, name });
      markUnreadable(profileId, name, decrypted.ok);
      if (!decrypted.ok) {
        throw unreadableError(profileId, name, opened.store.get('backend'));
      }
      if (decrypted.shouldReEncrypt) {
        const fresh = await encryption.encrypt(decrypted.value);
        update(profileId, (entry) => ({ ...entry, [name]: fresh }), encryption.backendName());
      }
      return decrypted.value;
    },

    async set(profileId, name, value) {
      const ciphertext = await encryption.encrypt(value);
      update(profileId, (entry) => ({ ...entry, [name]: ciphertext }), encryption.backendName());
      markUnreadable(profileId, name, true);
      options.logger.info(`secret stored for profile '${profileId}'`, { secret: name });
    },

    async delete(profileId, name) {
      update(profileId, (entry) =>
        Object.fromEntries(Object.entries(entry).filter(([key]) => name && key !== name)),
      );
      if (name === undefined) {
        unreadable.delete(profileId);
      } else {
        markUnreadable(profileId, name, true);
      }
    },

    async has(profileId, name) {
      return stored(profileId, name) !== undefined;
    },
  };
}

function openSecretsStore(options: SafeStorageVaultOptions): {
  store: Store<SecretsDocument>;
  report?: string;
} {
  const path = join(options.directory, 'secrets.json');
  const raw = readStoreFile(path);
  let report: string | undefined;
  const newer = raw.kind === 'ok' && raw.schemaVersion > SECRETS_SCHEMA_VERSION;
  if (raw.kind === 'corrupt' || newer) {
    const reason = newer
      ? 'it was written by a newer version'
      : raw.kind === 'corrupt'
        ? raw.reason
        : '';
    const kept = moveAside(path, options.clock.now());
    if (!kept) {
      throw new TokenError(
        'storage',
        `The secrets file ${path} cannot be used (${reason}) or moved aside`,
      );
    }
    report =
      `The stored secrets could not be used because ${reason}. The file was kept as ${kept}; ` +
      `enter the secrets of your profiles again.`;
    options.logger.error('secrets file moved aside', { reason });
  }
  const store = createStore<SecretsDocument>({
    name: 'secrets',
    cwd: options.directory,
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
  return { store, report };
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
