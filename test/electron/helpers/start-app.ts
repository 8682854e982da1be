// Starts the real tray app entry under the stand-in, in a scratch user-data folder, with the
// app's log collected in memory. The demo server is off unless a test passes one.
import { startDevServer, type DevServer } from '../../../src/dev-server/server';
import type { StartDemoServer } from '../../../src/main/electron/demo-server';
import { startTrayApp, type TrayAppOverrides } from '../../../src/main/electron/main';
import { standIn, type WorldOptions } from '../../support/electron-stand-in';
import { FakeClock } from '../../support/fake-clock';

import { scratchDir } from './fixtures';

export interface StartedApp {
  directory: string;
  clock: FakeClock;
  logLines: string[];
  handle: ReturnType<typeof startTrayApp>;
  running: Awaited<ReturnType<typeof startTrayApp>['ready']>;
}

/** The real bundled dev server on the app's own clock, so both agree on when a token ends. */
export function demoServerOn(
  clock: FakeClock,
  started: (server: DevServer) => void,
): StartDemoServer {
  return async () => {
    const server = await startDevServer({ port: 0, host: '127.0.0.1', now: () => clock.now() });
    started(server);
    return server;
  };
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
  const running = await handle.ready;
  return { directory, clock, logLines, handle, running };
}
