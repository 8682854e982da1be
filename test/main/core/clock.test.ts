import { describe, expect, it } from 'vitest';

import { MAX_TIMER_DELAY_MS, setDeadlineTimer } from '../../../src/main/core/clock';

/** A scheduler that records delays and lets the test move time by hand. */
function manualScheduler(startMs: number) {
  let now = startMs;
  const pending: Array<{ at: number; run: () => void; cancelled: boolean }> = [];
  const delays: number[] = [];
  return {
    clock: { now: () => now },
    delays,
    schedule(run: () => void, delayMs: number) {
      delays.push(delayMs);
      const entry = { at: now + delayMs, run, cancelled: false };
      pending.push(entry);
      return { cancel: () => (entry.cancelled = true) };
    },
    advanceTo(target: number) {
      for (;;) {
        const next = pending
          .filter((entry) => !entry.cancelled && entry.at <= target)
          .sort((a, b) => a.at - b.at)[0];
        if (!next) {
          break;
        }
        next.cancelled = true;
        now = next.at;
        next.run();
      }
      now = target;
    },
  };
}

describe('setDeadlineTimer', () => {
  it('re-arms in steps below the 24.8-day limit and fires once at a deadline 30 days out', () => {
    const day = 86_400_000;
    const scheduler = manualScheduler(0);
    let fired = 0;

    setDeadlineTimer(scheduler.clock, scheduler.schedule, 30 * day, () => (fired += 1));

    expect(scheduler.delays[0]).toBe(MAX_TIMER_DELAY_MS);
    scheduler.advanceTo(29 * day);
    expect(fired).toBe(0);
    scheduler.advanceTo(30 * day);
    expect(fired).toBe(1);
    expect(scheduler.delays.every((delay) => delay <= MAX_TIMER_DELAY_MS)).toBe(true);
  });

  it('fires at once when the deadline has already passed', () => {
    const scheduler = manualScheduler(1_000);
    let fired = 0;

    setDeadlineTimer(scheduler.clock, scheduler.schedule, 500, () => (fired += 1));

    expect(fired).toBe(1);
    expect(scheduler.delays).toEqual([]);
  });

  it('never fires once cancelled', () => {
    const scheduler = manualScheduler(0);
    let fired = 0;

    const timer = setDeadlineTimer(scheduler.clock, scheduler.schedule, 10_000, () => (fired += 1));
    timer.cancel();
    scheduler.advanceTo(20_000);

    expect(fired).toBe(0);
  });
});
