// A countdown to a deadline that stays right across sleep and throttled background timers: it
// never counts ticks, it recomputes `deadline - now` on every tick and whenever the page becomes
// visible again, and it schedules each tick for the moment the shown second changes.

export interface CountdownOptions {
  now?: () => number;
  /** Where `visibilitychange` is heard; the document in the page, absent in unit tests. */
  visibilityTarget?: EventTarget;
  setTimer?: (callback: () => void, delayMs: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface Countdown {
  stop(): void;
}

/** Land just after the second boundary, so rounding down already shows the new value. */
const BOUNDARY_SLACK_MS = 5;

/** Milliseconds until `floor(|remaining| / 1000)` next changes. */
export function delayToNextSecond(remainingMs: number): number {
  if (remainingMs > 0) {
    return (remainingMs % 1000) + BOUNDARY_SLACK_MS;
  }
  return 1000 - (-remainingMs % 1000) + BOUNDARY_SLACK_MS;
}

/** Call `onTick(deadline - now, now)` now, then every time the whole second changes, until stopped. */
export function startCountdown(
  deadlineMs: number,
  onTick: (remainingMs: number, nowMs: number) => void,
  options: CountdownOptions = {},
): Countdown {
  const now = options.now ?? (() => Date.now());
  const setTimer = options.setTimer ?? ((callback, delayMs) => setTimeout(callback, delayMs));
  const clearTimer =
    options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  let handle: unknown;
  let stopped = false;

  const tick = (): void => {
    if (stopped) {
      return;
    }
    clearTimer(handle);
    const nowMs = now();
    const remainingMs = deadlineMs - nowMs;
    onTick(remainingMs, nowMs);
    handle = setTimer(tick, delayToNextSecond(remainingMs));
  };

  options.visibilityTarget?.addEventListener('visibilitychange', tick);
  tick();

  return {
    stop() {
      stopped = true;
      clearTimer(handle);
      options.visibilityTarget?.removeEventListener('visibilitychange', tick);
    },
  };
}
