// safeStorage with its platform rules (https://www.electronjs.org/docs/latest/api/safe-storage):
// nothing is available before `ready`; Linux reports `unknown` until then; with the
// `basic_text` backend encryption is unavailable until `setUsePlainTextEncryption(true)`
// (measured on Electron 41 in https://github.com/sero-labs/sero/pull/460); ciphertext from
// another key (another user, machine or backend) fails to decrypt
// (https://github.com/electron/electron/issues/32598). The encryption is real AES-GCM under a
// key of this stand-in instance, so a round trip proves the data went through it.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import { world } from './world';

const KEYRING_BACKENDS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);
let key = randomBytes(32);
const foreignKey = randomBytes(32);

function isAvailable(): boolean {
  if (!world.ready) {
    return false;
  }
  if (world.platform !== 'linux') {
    return !world.encryptionUnavailable;
  }
  if (world.linuxBackend === 'basic_text') {
    return world.plainTextOptIn;
  }
  return KEYRING_BACKENDS.has(world.linuxBackend) && !world.encryptionUnavailable;
}

function encrypt(plainText: string, withKey: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', withKey, iv);
  const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from('v11'), iv, cipher.getAuthTag(), body]);
}

function decrypt(encrypted: Buffer): string {
  try {
    const iv = encrypted.subarray(3, 15);
    const tag = encrypted.subarray(15, 31);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString();
  } catch {
    throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
  }
}

/** A promise that never settles while the keyring "hangs". */
function answer<T>(compute: () => T): Promise<T> {
  if (world.keyringHangs) {
    return new Promise(() => undefined);
  }
  return new Promise((resolve, reject) => {
    try {
      resolve(compute());
    } catch (error) {
      reject(error);
    }
  });
}

function requireAvailable(): void {
  if (!isAvailable()) {
    throw new Error('Encryption is not available.');
  }
}

export const safeStorage = {
  isEncryptionAvailable: isAvailable,
  isAsyncEncryptionAvailable: () => answer(isAvailable),
  encryptString(plainText: string): Buffer {
    requireAvailable();
    return encrypt(plainText, key);
  },
  decryptString(encrypted: Buffer): string {
    requireAvailable();
    return decrypt(encrypted);
  },
  encryptStringAsync: (plainText: string) =>
    answer(() => {
      requireAvailable();
      return encrypt(plainText, key);
    }),
  decryptStringAsync: (encrypted: Buffer) =>
    answer(() => {
      requireAvailable();
      return { result: decrypt(encrypted), shouldReEncrypt: false };
    }),
  getSelectedStorageBackend(): string {
    if (world.platform !== 'linux') {
      throw new Error('[electron stand-in] getSelectedStorageBackend is Linux only');
    }
    return world.ready ? world.linuxBackend : 'unknown';
  },
  /** A no-op outside Linux, as documented. */
  setUsePlainTextEncryption(usePlainText: boolean): void {
    if (world.platform === 'linux') {
      world.plainTextOptIn = usePlainText;
    }
  },
};

/** Test control: ciphertext made under another key, e.g. restored from another machine. */
export function foreignCiphertext(plainText: string): Buffer {
  return encrypt(plainText, foreignKey);
}

/** Test control: a new OS key, as after a keyring reset; older ciphertext no longer decrypts. */
export function rotateKey(): void {
  key = randomBytes(32);
}

export function resetSafeStorage(): void {
  key = randomBytes(32);
}
