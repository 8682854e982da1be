// Secrets are kept apart from profile data, behind this interface: in memory for the CLI and
// tests, encrypted with the OS keychain in the tray app.
import type { SecretName } from './profile';

export interface SecretVault {
  /** The secret, or undefined when none is stored. Throws `secret_unreadable` if it cannot be decrypted. */
  get(profileId: string, name: SecretName): Promise<string | undefined>;
  set(profileId: string, name: SecretName, value: string): Promise<void>;
  /** Remove one secret, or every secret of the profile when `name` is omitted. */
  delete(profileId: string, name?: SecretName): Promise<void>;
  /** Whether a secret is stored, without decrypting it. */
  has(profileId: string, name: SecretName): Promise<boolean>;
  /**
   * Stored secrets of the profile that can no longer be decrypted (made under another user,
   * machine or keyring), so the window can ask for them before a token request fails. Only
   * vaults that encrypt implement it; a vault without it has nothing that can go unreadable.
   */
  needsReentry?(profileId: string): Promise<SecretName[]>;
}

export class MemoryVault implements SecretVault {
  readonly #secrets = new Map<string, string>();

  async get(profileId: string, name: SecretName): Promise<string | undefined> {
    return this.#secrets.get(key(profileId, name));
  }

  async set(profileId: string, name: SecretName, value: string): Promise<void> {
    this.#secrets.set(key(profileId, name), value);
  }

  async delete(profileId: string, name?: SecretName): Promise<void> {
    for (const stored of [...this.#secrets.keys()]) {
      if (name ? stored === key(profileId, name) : stored.startsWith(`${profileId}\u0000`)) {
        this.#secrets.delete(stored);
      }
    }
  }

  async has(profileId: string, name: SecretName): Promise<boolean> {
    return this.#secrets.has(key(profileId, name));
  }
}

function key(profileId: string, name: SecretName): string {
  return `${profileId}\u0000${name}`;
}
