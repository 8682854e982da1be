// The keyring side of the vault. Only safeStorage's asynchronous API is used (the synchronous
// one is deprecated and can block on a keyring prompt), only after `ready`, and every call has a
// deadline, because a locked keyring can leave it waiting forever
// (https://github.com/electron/electron/issues/43479). Linux without a secret service
// ("basic_text") means a fixed, built-in key: obfuscation, so it is refused unless accepted.
import { app, safeStorage } from 'electron';

import { secondsOf } from '../../shared/duration';
import type { AppState } from '../../shared/ipc-contract';
import type { Clock } from '../core/clock';
import { TokenError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { SecretName } from '../core/profile';

export const KEYRING_DEADLINE_MS = 30_000;
/** Linux backends that are a real secret store; see safeStorage's getSelectedStorageBackend. */
const SECURE_LINUX_BACKENDS = new Set([
  'gnome_libsecret',
  'kwallet',
  'kwallet5',
  'kwallet6',
  'portal',
]);

export interface KeyringOptions {
  platform: NodeJS.Platform;
  clock: Clock;
  logger: Logger;
  /** The `acceptInsecureSecretStorage` setting, read at each use. */
  acceptInsecure: () => boolean;
  deadlineMs?: number;
}

export type Keyring = ReturnType<typeof createKeyring>;

type Decrypted = { ok: true; value: string; shouldReEncrypt: boolean } | { ok: false };

export function createKeyring(options: KeyringOptions) {
  const deadlineMs = options.deadlineMs ?? KEYRING_DEADLINE_MS;
  const answer = <T>(pending: Promise<T>) => withDeadline(pending, deadlineMs, options.clock);

  return {
    backendName: () => backendName(options.platform),
    describe: (): AppState['secretBackend'] => {
      const name = app.isReady() ? backendName(options.platform) : 'unknown';
      const secure = isSecure(options.platform, name);
      return { name, secure, acceptedInsecure: !secure && options.acceptInsecure() };
    },
    async encrypt(value: string): Promise<string> {
      await ensureUsable(options, answer);
      return (await answer(safeStorage.encryptStringAsync(value))).toString('base64');
    },
    async decrypt(
      ciphertext: string,
      about: { profileId: string; name: SecretName },
    ): Promise<Decrypted> {
      await ensureUsable(options, answer);
      try {
        const pending = safeStorage.decryptStringAsync(Buffer.from(ciphertext, 'base64'));
        const { result, shouldReEncrypt } = await answer(pending);
        return { ok: true, value: result, shouldReEncrypt };
      } catch (error) {
        if (error instanceof TokenError) {
          throw error;
        }
        options.logger.warn(`a stored secret of profile '${about.profileId}' did not decrypt`, {
          secret: about.name,
        });
        return { ok: false };
      }
    },
  };
}

function backendName(platform: NodeJS.Platform): string {
  if (platform === 'linux') {
    return safeStorage.getSelectedStorageBackend();
  }
  return platform === 'darwin' ? 'Keychain' : 'DPAPI';
}

function isSecure(platform: NodeJS.Platform, name: string): boolean {
  return platform !== 'linux' || SECURE_LINUX_BACKENDS.has(name);
}

/** Throws unless encryption may be used now; opts in to basic_text only when accepted. */
async function ensureUsable(
  options: KeyringOptions,
  answer: <T>(pending: Promise<T>) => Promise<T>,
): Promise<void> {
  if (!app.isReady()) {
    throw new TokenError('storage', 'Secrets cannot be used before the app has started');
  }
  const name = backendName(options.platform);
  if (!isSecure(options.platform, name)) {
    if (!options.acceptInsecure()) {
      throw insecureRefusal(name);
    }
    // Must come before the availability check (https://github.com/element-hq/element-desktop/pull/2343).
    safeStorage.setUsePlainTextEncryption(true);
  }
  if (!(await answer(safeStorage.isAsyncEncryptionAvailable()))) {
    throw new TokenError(
      'storage',
      `The system keyring (${name}) is not available, so secrets cannot be encrypted: unlock or set up the keyring and try again`,
      { detail: name },
    );
  }
}

/** Rejects with a `storage` error once `ms` pass on `clock` without an answer. */
export function withDeadline<T>(pending: Promise<T>, ms: number, clock: Clock): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimeout(() => {
      reject(
        new TokenError(
          'storage',
          `The system keyring did not answer within ${secondsOf(ms)} s: unlock it (a password prompt may be waiting) and try again`,
          { detail: 'keyring_timeout' },
        ),
      );
    }, ms);
    pending.then(
      (value) => {
        timer.cancel();
        resolve(value);
      },
      (error: unknown) => {
        timer.cancel();
        reject(error);
      },
    );
  });
}

function insecureRefusal(backend: string): TokenError {
  return new TokenError(
    'storage',
    `No system keyring is available (backend "${backend}"): secrets would be stored unencrypted; ` +
      'install and unlock GNOME Keyring or KWallet, or accept unencrypted secret storage in settings',
    { detail: backend },
  );
}
