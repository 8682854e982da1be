// A clock the test drives by hand. Timers fire in deadline order (ties in the order they were
// set) only when the test advances time; between timers the pending promise callbacks are run,
// so async work started by one timer finishes before the next fires. `suspend` models a sleeping
// machine: the wall clock jumps while timers, which count awake time only, fire late.
import { MAX_TIMER_DELAY_MS, setDeadlineTimer } from '../../src/main/core/clock';
import type { Clock, TimerHandle } from '../../src/main/core/clock';

interface PendingTimer {
  dueMs: number;
  order: number;
  callback: () => void;
}

export interface FakeClockOptions {
  /**
   * Behave like Node underneath: a single timer longer than 2^31−1 ms fires after 1 ms, and
   * `setTimeout` goes through `setDeadlineTimer` as the system clock does.
   */
  nodeTimerLimit?: boolean;
}

/** Protects a test from a renewal loop: that many timers in one advance is a bug. */
const MAX_TIMERS_PER_ADVANCE = 100_000;

export class FakeClock implements Clock {
  #nowMs: number;
  #order = 0;
  #pending: PendingTimer[] = [];
  readonly #nodeTimerLimit: boolean;
  /** Every delay handed to the underlying timers, in order. */
  readonly scheduledDelays: number[] = [];

  constructor(startMs = Date.UTC(2026, 8, 1, 9, 0, 0), options: FakeClockOptions = {}) {
    this.#nowMs = startMs;
    this.#nodeTimerLimit = options.nodeTimerLimit ?? false;
  }

  now(): number {
    return this.#nowMs;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    if (!this.#nodeTimerLimit) {
      return this.#schedule(callback, delayMs);
    }
    return setDeadlineTimer(
      this,
      (step, stepMs) => this.#schedule(step, stepMs > MAX_TIMER_DELAY_MS ? 1 : stepMs),
      this.#nowMs + delayMs,
      callback,
    );
  }

  get pendingTimers(): number {
    return this.#pending.length;
  }

  /** When the next timer is due, if any. */
  get nextDueMs(): number | undefined {
    return this.#pending.length === 0 ? undefined : this.#earliest()?.dueMs;
  }

  /** Move time forward by `ms`, firing every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    await this.set(this.#nowMs + ms);
  }

  /** Move time forward to `targetMs`, firing every timer that falls due, in order. */
  async set(targetMs: number): Promise<void> {
    if (targetMs < this.#nowMs) {
      throw new Error('FakeClock.set cannot go back in time');
    }
    await settle();
    for (let fired = 0; ; fired += 1) {
      const next = this.#earliest();
      if (!next || next.dueMs > targetMs) {
        break;
      }
      if (fired >= MAX_TIMERS_PER_ADVANCE) {
        throw new Error(`more than ${MAX_TIMERS_PER_ADVANCE} timers fired: a timer loop`);
      }
      this.#pending = this.#pending.filter((timer) => timer !== next);
      this.#nowMs = Math.max(this.#nowMs, next.dueMs);
      next.callback();
      await settle();
    }
    this.#nowMs = targetMs;
    await settle();
  }

  /** The machine sleeps for `ms`: the wall clock jumps, pending timers are pushed back. */
  suspend(ms: number): void {
    this.#nowMs += ms;
    for (const timer of this.#pending) {
      timer.dueMs += ms;
    }
  }

  #schedule(callback: () => void, delayMs: number): TimerHandle {
    const delay = Math.max(0, Number.isFinite(delayMs) ? delayMs : 0);
    this.scheduledDelays.push(delay);
    const timer: PendingTimer = { dueMs: this.#nowMs + delay, order: this.#order++, callback };
    this.#pending.push(timer);
    return {
      cancel: () => {
        this.#pending = this.#pending.filter((pending) => pending !== timer);
      },
    };
  }

  #earliest(): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const timer of this.#pending) {
      if (
        !best ||
        timer.dueMs < best.dueMs ||
        (timer.dueMs === best.dueMs && timer.order < best.order)
      ) {
        best = timer;
      }
    }
    return best;
  }
}

/** Run every pending promise callback (and the ones they queue) before going on. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A deterministic stand-in for Math.random: a small linear congruential generator. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
