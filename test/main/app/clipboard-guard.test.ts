import { describe, expect, it } from 'vitest';

import { createClipboardGuard } from '../../../src/main/app/clipboard-guard';
import { FakeClipboard } from '../../support/app-fakes';
import { FakeClock } from '../../support/fake-clock';

function guarded(clearAfterSeconds = 60) {
  const clock = new FakeClock();
  const clipboard = new FakeClipboard();
  const guard = createClipboardGuard({ clipboard, clock, clearAfterSeconds });
  return { clock, clipboard, guard };
}

describe('clipboard guard', () => {
  it('clears the token when the timer fires', async () => {
    const { clock, clipboard, guard } = guarded(30);

    const result = await guard.copy('token-1');
    await clock.advance(29_999);
    const beforeDeadline = clipboard.text;
    await clock.advance(1);

    expect(result).toEqual({ clearsInSeconds: 30 });
    expect(beforeDeadline).toBe('token-1');
    expect(clipboard.text).toBe('');
    expect(clipboard.clears).toBe(1);
  });

  it("preserves the user's own copy made in between", async () => {
    const { clock, clipboard, guard } = guarded();

    await guard.copy('token-1');
    clipboard.userCopies('my notes');
    await clock.advance(60_000);

    expect(clipboard.text).toBe('my notes');
    expect(clipboard.clears).toBe(0);
  });

  it('restarts the timer on a second copy', async () => {
    const { clock, clipboard, guard } = guarded();

    await guard.copy('token-1');
    await clock.advance(50_000);
    await guard.copy('token-2');
    await clock.advance(50_000);
    const afterFirstDeadline = clipboard.text;
    await clock.advance(10_000);

    expect(afterFirstDeadline).toBe('token-2');
    expect(clipboard.text).toBe('');
    expect(clipboard.clears).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('clears on quit, and only once', async () => {
    const { clock, clipboard, guard } = guarded();

    await guard.copy('token-1');
    const first = await guard.clearNow('quit');
    const second = await guard.clearNow('quit');

    expect([first, second]).toEqual([true, false]);
    expect(clipboard.clears).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('does not clear on lock when the user has copied something else', async () => {
    const { clipboard, guard } = guarded();

    await guard.copy('token-1');
    clipboard.userCopies('other');

    expect(await guard.clearNow('lock-screen')).toBe(false);
    expect(clipboard.text).toBe('other');
  });

  it('never arms a timer when clearing is off, but still clears on quit', async () => {
    const { clock, clipboard, guard } = guarded(0);

    const result = await guard.copy('token-1');
    await clock.advance(86_400_000);
    const afterADay = clipboard.text;
    await guard.clearNow('quit');

    expect(result).toEqual({});
    expect(afterADay).toBe('token-1');
    expect(clipboard.text).toBe('');
  });

  it('writes through writeSensitive and applies a new delay to the next copy', async () => {
    const { clock, clipboard, guard } = guarded(60);

    guard.setClearAfterSeconds(5);
    await guard.copy('token-1');
    await clock.advance(5_000);

    expect(clipboard.writes).toBe(1);
    expect(clipboard.text).toBe('');
  });

  it('a clear that started before a newer copy leaves that copy alone', async () => {
    const { clipboard, guard } = guarded();
    await guard.copy('token-1');
    const read = clipboard.readText.bind(clipboard);
    let copyDuringRead: Promise<unknown> | undefined;
    clipboard.readText = async () => {
      const text = await read();
      clipboard.readText = read;
      copyDuringRead = guard.copy('token-2');
      await copyDuringRead;
      return text;
    };

    const cleared = await guard.clearNow('suspend');

    expect(cleared).toBe(false);
    expect(clipboard.text).toBe('token-2');
  });
});

describe('clipboard guard when a write fails', () => {
  it('still clears the earlier token on time', async () => {
    const { clock, clipboard, guard } = guarded(60);
    await guard.copy('token-1');
    await clock.advance(30_000);
    clipboard.failWrites = true;

    await expect(guard.copy('token-2')).rejects.toThrow();
    await clock.advance(30_000);

    expect(clipboard.text).toBe('');
    expect(clipboard.clears).toBe(1);
  });
});
