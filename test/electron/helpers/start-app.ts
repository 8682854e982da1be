// Starts the real tray app entry under the stand-in, in a scratch user-data folder, with the
// app's log collected in memory. The demo server is off unless a test passes one.
import { startTrayApp, type TrayAppOverrides } from '../../../src/main/electron/main';
import { standIn, type WorldOptions } from '../../support/electron-stand-in';
import { FakeClock } from '../../support/fake-clock';

import { scratchDir } from './fixtures';

export interface StartedApp {
  directory: string;
  clock: FakeClock;
  logLines: string[];
  handle: ReturnType<typeof startTrayApp>;
}

export async function startTestApp(
  world: WorldOptions = {},
  overrides: TrayAppOverrides = {},
  prepare?: (directory: string) => void,
): Promise<StartedApp> {
  const directory = scratchDir();
  const clock = overrides.clock instanceof FakeClock ? overrides.clock : new FakeClock();
  const logLines: string[] = [];
  standIn.reset({ paths: { userData: directory, logs: directory }, ...world });
  prepare?.(directory);
  const handle = startTrayApp({
    clock,
    platform: world.platform ?? 'linux',
    argv: ['electron', '.'],
    appRoot: process.cwd(),
    userDataDir: directory,
    logsDir: directory,
    logSink: (level, line) => logLines.push(`${level}: ${line}`),
    startDemoServer: false,
    ...overrides,
  });
  standIn.app.becomeReady();
  await handle.ready;
  return { directory, clock, logLines, handle };
}
