// Profiles held in memory: for the CLI, the tests and the renderer test harness. Profiles are
// copied in and out so a caller cannot change the stored ones by mutating what it holds.
import type { Profile } from '../core/profile';

import { MAX_PROFILES, tooManyProfiles, type ProfileRepository } from './ports';

export class MemoryProfileRepository implements ProfileRepository {
  readonly #profiles = new Map<string, Profile>();
  #activeId: string | undefined;

  constructor(profiles: Profile[] = [], activeId?: string) {
    for (const profile of profiles) {
      this.#profiles.set(profile.id, structuredClone(profile));
    }
    this.#activeId = activeId;
  }

  list(): Profile[] {
    return [...this.#profiles.values()].map((profile) => structuredClone(profile));
  }

  get(profileId: string): Profile | undefined {
    const profile = this.#profiles.get(profileId);
    return profile && structuredClone(profile);
  }

  save(profile: Profile): void {
    this.saveMany([profile]);
  }

  saveMany(profiles: Profile[]): void {
    const added = new Set(profiles.map(({ id }) => id).filter((id) => !this.#profiles.has(id)));
    if (added.size > 0 && this.#profiles.size + added.size > MAX_PROFILES) {
      throw tooManyProfiles();
    }
    for (const profile of profiles) {
      this.#profiles.set(profile.id, structuredClone(profile));
    }
  }

  delete(profileId: string): void {
    this.#profiles.delete(profileId);
    if (this.#activeId === profileId) {
      this.#activeId = undefined;
    }
  }

  getActiveId(): string | undefined {
    return this.#activeId;
  }

  setActiveId(profileId: string | undefined): void {
    this.#activeId = profileId;
  }
}
