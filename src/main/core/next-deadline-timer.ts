// The session manager's only timer: armed for the earliest deadline across every profile and
// re-aimed whenever that deadline moves. No polling; the clock copes with delays past 2^31 ms.
import type { Clock, TimerHandle } from './clock';

export class NextDeadlineTimer {
  readonly #clock: Clock;
  readonly #onDue: () => void;
  #handle?: TimerHandle;
  #deadlineMs?: number;

  constructor(clock: Clock, onDue: () => void) {
    this.#clock = clock;
    this.#onDue = onDue;
  }

  get deadlineMs(): number | undefined {
    return this.#deadlineMs;
  }

  /**
   * Arm for `deadlineMs` (or disarm for undefined). An unchanged deadline keeps the running timer
   * unless `force` says its delay can no longer be trusted (the machine slept, the clock jumped).
   */
  aim(deadlineMs: number | undefined, force = false): void {
    if (!force && this.#handle && deadlineMs === this.#deadlineMs) {
      return;
    }
    this.cancel();
    if (deadlineMs === undefined) {
      return;
    }

    this.#deadlineMs = deadlineMs;
    this.#handle = this.#clock.setTimeout(
      () => {
        this.#handle = undefined;
        this.#deadlineMs = undefined;
        this.#onDue();
      },
      Math.max(0, deadlineMs - this.#clock.now()),
    );
  }

  cancel(): void {
    this.#handle?.cancel();
    this.#handle = undefined;
    this.#deadlineMs = undefined;
  }
}
