// The countdown recomputes from the wall clock on every tick, so sleep cannot put it behind,
// and each tick lands just after the shown second changes.
import { describe, expect, it } from 'vitest';

import { delayToNextSecond, startCountdown } from '../../src/renderer/countdown';

/** Timers and a wall clock the test moves by hand; a "sleep" moves the clock without firing. */
function manualTime(startMs: number) {
  let now = startMs;
  let pending: { callback: () => void; dueMs: number } | undefined;
  return {
    now: () => now,
    setTimer: (callback: () => void, delayMs: number) => {
      pending = { callback, dueMs: now + delayMs };
      return pending;
    },
    clearTimer: (handle: unknown) => {
      if (handle === pending) {
        pending = undefined;
      }
    },
    /** Advance to the next timer and fire it. */
    fireNext() {
      if (!pending) {
        throw new Error('no timer armed');
      }
      const due = pending;
      now = due.dueMs;
      pending = undefined;
      due.callback();
    },
    sleep(ms: number) {
      now += ms;
    },
    pendingDelay: () => (pending ? pending.dueMs - now : undefined),
  };
}

describe('delayToNextSecond', () => {
  it('waits until just after the whole second changes, before and after the deadline', () => {
    expect(delayToNextSecond(2300)).toBe(305);
    expect(delayToNextSecond(2000)).toBe(5);
    expect(delayToNextSecond(-300)).toBe(705);
    expect(delayToNextSecond(0)).toBe(1005);
  });
});

describe('startCountdown', () => {
  it('ticks once per shown second, each tick from the wall clock', () => {
    const time = manualTime(1_000_000);
    const seen: number[] = [];
    startCountdown(1_000_000 + 3500, (remaining) => seen.push(Math.floor(remaining / 1000)), time);

    time.fireNext();
    time.fireNext();
    time.fireNext();
    expect(seen).toEqual([3, 2, 1, 0]);
  });

  it('is right at once when the page becomes visible after the machine slept', () => {
    const time = manualTime(0);
    const visibility = new EventTarget();
    const seen: number[] = [];
    startCountdown(600_000, (remaining) => seen.push(remaining), {
      ...time,
      visibilityTarget: visibility,
    });

    time.sleep(420_000);
    visibility.dispatchEvent(new Event('visibilitychange'));
    expect(seen).toEqual([600_000, 180_000]);
    expect(time.pendingDelay()).toBe(5);
  });

  it('keeps counting past the deadline, and stops when told', () => {
    const time = manualTime(0);
    const seen: number[] = [];
    const countdown = startCountdown(500, (remaining) => seen.push(remaining), time);
    time.fireNext();
    time.fireNext();
    expect(seen).toEqual([500, -5, -1005]);

    countdown.stop();
    expect(time.pendingDelay()).toBeUndefined();
  });
});
