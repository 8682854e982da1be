// Time is injected everywhere so expiry logic can be tested with a frozen clock.

export type TimerHandle = { cancel(): void };

export interface Clock {
  /** Wall-clock milliseconds since the epoch. */
  now(): number;
  /** Run `callback` once after `delayMs`; any length is allowed (see `setLongTimeout`). */
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
}

/** Node refuses delays above 2^31−1 ms (about 24.8 days) and fires them at once instead. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/**
 * A timer to a wall-clock deadline that survives the 24.8-day limit by re-arming in steps, and
 * that checks the real time on every step, so a clock that jumped (sleep, NTP) is noticed.
 */
export function setDeadlineTimer(
  clock: Pick<Clock, 'now'>,
  schedule: (callback: () => void, delayMs: number) => { cancel(): void },
  deadlineMs: number,
  callback: () => void,
): TimerHandle {
  let current: { cancel(): void } | undefined;
  let cancelled = false;

  const arm = (): void => {
    if (cancelled) {
      return;
    }
    const remaining = deadlineMs - clock.now();
    if (remaining <= 0) {
      callback();
      return;
    }
    current = schedule(arm, Math.min(remaining, MAX_TIMER_DELAY_MS));
  };

  arm();
  return {
    cancel() {
      cancelled = true;
      current?.cancel();
    },
  };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, delayMs) {
    return setDeadlineTimer(
      systemClock,
      (step, stepMs) => {
        const timer = setTimeout(step, stepMs);
        // A pending renewal must never keep the CLI or a test process alive.
        timer.unref();
        return { cancel: () => clearTimeout(timer) };
      },
      Date.now() + delayMs,
      callback,
    );
  },
};
