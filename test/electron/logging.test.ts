import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { setupLogging, wantsLogsOpened } from '../../src/main/electron/logging';
import { standIn } from '../support/electron-stand-in';

import { removeScratchDirs, scratchDir } from './helpers/fixtures';
import { startTestApp } from './helpers/start-app';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

beforeEach(() => standIn.reset());
afterEach(removeScratchDirs);

describe('logging', () => {
  it('writes redacted lines to main.log in the logs folder', async () => {
    const logsDir = scratchDir();
    const logging = setupLogging({ logsDir, packaged: true });

    logging
      .scoped('sessions')
      .info('profile prod: sent Authorization: Bearer abc.def-123 and client_secret=hunter2');

    const file = join(logsDir, 'main.log');
    await vi.waitFor(() => expect(existsSync(file)).toBe(true));
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(
      /\[info\]\s+\[sessions\] profile prod: sent Authorization: Bearer \[redacted\]/,
    );
    expect(text).toContain('client_secret=[redacted]');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('abc.def-123');
  });

  it('opens the logs folder from the menu action', async () => {
    const logging = setupLogging({
      logsDir: '/var/log/tray',
      packaged: true,
      sink: () => undefined,
    });

    await logging.openLogs();

    expect(standIn.world.openedPaths).toEqual(['/var/log/tray']);
  });

  it('recognises --open-logs', () => {
    expect(wantsLogsOpened(['electron', '.', '--open-logs'])).toBe(true);
    expect(wantsLogsOpened(['electron', '.'])).toBe(false);
  });

  it('opens the logs folder at start with --open-logs, and on a second start with it', async () => {
    const { directory } = await startTestApp({}, { argv: ['tray', '--open-logs'] });
    await vi.waitFor(() => expect(standIn.world.openedPaths).toEqual([directory]));

    standIn.app.launchSecondInstance(['tray', '--open-logs']);

    await vi.waitFor(() => expect(standIn.world.openedPaths).toEqual([directory, directory]));
  });
});
