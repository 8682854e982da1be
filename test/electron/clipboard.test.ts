import { beforeEach, describe, expect, it, vi } from 'vitest';

import { createClipboardGuard } from '../../src/main/app/clipboard-guard';
import { createElectronClipboard, rawFormat } from '../../src/main/electron/clipboard';
import { standIn } from '../support/electron-stand-in';
import { FakeClock } from '../support/fake-clock';

import { recordingLogger } from './helpers/fixtures';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0cmF5In0.c2lnbmF0dXJl';

describe('Electron clipboard port', () => {
  beforeEach(() => standIn.reset());

  it.each([
    ['linux', 'x-kde-passwordManagerHint', 'secret'],
    ['win32', 'ExcludeClipboardContentFromMonitorProcessing', 'secret'],
    ['darwin', 'org.nspasteboard.ConcealedType', 'secret'],
  ] as const)(
    'on %s writes the text and the %s marker in one write',
    async (platform, marker, value) => {
      standIn.reset({ platform });
      const port = createElectronClipboard(platform, recordingLogger());

      await port.writeSensitive(TOKEN);

      const system = standIn.clipboard.system;
      expect(system.writes).toEqual([['text/plain', rawFormat(marker)]]);
      expect(system.formats.get('text/plain')?.toString()).toBe(TOKEN);
      expect(system.formats.get(rawFormat(marker))?.toString()).toBe(value);
      expect(await port.readText()).toBe(TOKEN);
    },
  );

  it('never writes the Linux primary selection', async () => {
    standIn.reset({ platform: 'linux' });
    const port = createElectronClipboard('linux', recordingLogger());

    await port.writeSensitive(TOKEN);
    await port.clear();

    expect(standIn.clipboard.selection.writes).toEqual([]);
    expect(standIn.clipboard.system.formats.size).toBe(0);
  });

  it('falls back to plain text, and logs it, when the marker write is refused', async () => {
    const logger = recordingLogger();
    const port = createElectronClipboard('linux', logger);
    const write = vi
      .spyOn(standIn.clipboard.system, 'write')
      .mockRejectedValueOnce(new TypeError('no'));

    await port.writeSensitive(TOKEN);

    expect(write).toHaveBeenCalledTimes(1);
    expect(await port.readText()).toBe(TOKEN);
    expect(logger.text()).toContain('copied without it');
    expect(logger.text()).not.toContain(TOKEN);
  });

  it('with the guard: clears after the delay, but leaves a later copy of the user alone', async () => {
    const clock = new FakeClock();
    const guard = createClipboardGuard({
      clipboard: createElectronClipboard('linux', recordingLogger()),
      clock,
      clearAfterSeconds: 30,
    });

    await guard.copy(TOKEN);
    await clock.advance(30_000);
    expect(await standIn.clipboard.system.readText()).toBe('');

    await guard.copy(TOKEN);
    standIn.clipboard.system.userCopies('my own text');
    await clock.advance(30_000);
    expect(await standIn.clipboard.system.readText()).toBe('my own text');
  });
});
