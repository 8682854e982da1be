// All-or-nothing changes across the profile store and the secret vault, which share no
// transaction of their own: every step records how to undo itself, and a failure undoes the
// steps already taken, newest first, so a rejected change leaves both stores as they were.
import { isTokenError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { Profile, SecretName } from '../core/profile';
import type { SecretVault } from '../core/secret-vault';

import type { ProfileRepository } from './ports';

type UndoStep = () => Promise<void> | void;

export interface Transaction {
  /** Store a secret, or delete it when `value` is undefined. */
  writeSecret(profileId: string, name: SecretName, value: string | undefined): Promise<void>;
  saveProfile(profile: Profile): void;
  /** Many profiles in one write (an import); undone one by one, which only a failure costs. */
  saveProfiles(profiles: Profile[]): void;
  deleteProfile(profileId: string): void;
  setActiveId(profileId: string | undefined): void;
}

export async function inTransaction<T>(
  stores: { repository: ProfileRepository; vault: SecretVault; logger: Logger },
  work: (transaction: Transaction) => Promise<T>,
): Promise<T> {
  const undo: UndoStep[] = [];
  const transaction = new UndoableTransaction(stores.repository, stores.vault, undo);
  try {
    return await work(transaction);
  } catch (error) {
    await undoAll(undo, stores.logger);
    throw error;
  }
}

/** Each step does its work, then records how to take it back. */
class UndoableTransaction implements Transaction {
  readonly #repository: ProfileRepository;
  readonly #vault: SecretVault;
  readonly #undo: UndoStep[];

  constructor(repository: ProfileRepository, vault: SecretVault, undo: UndoStep[]) {
    this.#repository = repository;
    this.#vault = vault;
    this.#undo = undo;
  }

  async writeSecret(profileId: string, name: SecretName, value: string | undefined): Promise<void> {
    const vault = this.#vault;
    const previous = await readableSecret(vault, profileId, name);
    await (value === undefined ? vault.delete(profileId, name) : vault.set(profileId, name, value));
    // A secret that could not be decrypted cannot be written back; leaving none is as close,
    // since both ask the user to enter it again.
    this.#undo.push(() =>
      previous === undefined ? vault.delete(profileId, name) : vault.set(profileId, name, previous),
    );
  }

  saveProfile(profile: Profile): void {
    const repository = this.#repository;
    const previous = repository.get(profile.id);
    repository.save(profile);
    this.#undo.push(() => (previous ? repository.save(previous) : repository.delete(profile.id)));
  }

  saveProfiles(profiles: Profile[]): void {
    const repository = this.#repository;
    const stored = new Map(repository.list().map((profile) => [profile.id, profile]));
    repository.saveMany(profiles);
    this.#undo.push(() => {
      for (const { id } of profiles) {
        const previous = stored.get(id);
        if (previous) {
          repository.save(previous);
        } else {
          repository.delete(id);
        }
      }
    });
  }

  deleteProfile(profileId: string): void {
    const repository = this.#repository;
    const previous = repository.get(profileId);
    const wasActive = repository.getActiveId() === profileId;
    repository.delete(profileId);
    this.#undo.push(() => {
      if (previous) {
        repository.save(previous);
      }
      if (wasActive) {
        repository.setActiveId(profileId);
      }
    });
  }

  setActiveId(profileId: string | undefined): void {
    const previous = this.#repository.getActiveId();
    this.#repository.setActiveId(profileId);
    this.#undo.push(() => this.#repository.setActiveId(previous));
  }
}

/** The stored secret; undefined also when it cannot be decrypted any more. */
export async function readableSecret(
  vault: SecretVault,
  profileId: string,
  name: SecretName,
): Promise<string | undefined> {
  try {
    return await vault.get(profileId, name);
  } catch (error) {
    if (isTokenError(error) && error.code === 'secret_unreadable') {
      return undefined;
    }
    throw error;
  }
}

async function undoAll(steps: UndoStep[], logger: Logger): Promise<void> {
  for (const step of steps.reverse()) {
    try {
      await step();
    } catch (error) {
      logger.error('a change could not be undone after a failure; settings may be inconsistent', {
        error: error instanceof Error ? error.name : typeof error,
      });
    }
  }
}
