// Caps how many automatic renewals run at once, so that waking up with many due profiles does
// not send a burst of grants (each of which SanteDB audits). Explicit requests do not queue here.

/** Starts the renewal for a profile; `release` must be called once its request has settled. */
export type RenewalStarter = (profileId: string, release: () => void) => void;

export class RenewalLimiter {
  readonly #maxActive: number;
  readonly #start: RenewalStarter;
  readonly #waiting = new Set<string>();
  #active = 0;

  constructor(maxActive: number, start: RenewalStarter) {
    this.#maxActive = Math.max(1, Math.floor(maxActive));
    this.#start = start;
  }

  get active(): number {
    return this.#active;
  }

  isWaiting(profileId: string): boolean {
    return this.#waiting.has(profileId);
  }

  /** Queue a renewal; it starts at once if a slot is free. Queuing twice is a no-op. */
  enqueue(profileId: string): void {
    this.#waiting.add(profileId);
    this.#pump();
  }

  remove(profileId: string): void {
    this.#waiting.delete(profileId);
  }

  clear(): void {
    this.#waiting.clear();
  }

  #pump(): void {
    // A Set iterates in insertion order, so profiles start in the order they became due.
    for (const profileId of this.#waiting) {
      if (this.#active >= this.#maxActive) {
        return;
      }
      this.#waiting.delete(profileId);
      this.#active += 1;
      let released = false;
      this.#start(profileId, () => {
        if (!released) {
          released = true;
          this.#active -= 1;
          this.#pump();
        }
      });
    }
  }
}
