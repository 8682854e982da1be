// The tray app's entry (bundled to dist/main/main.js). It only wires services together: the
// ready handler below is the list of every feature, one setup call each.
import { join } from 'node:path';

import { app, dialog, Menu } from 'electron';

import { systemClock, type Clock } from '../core/clock';
import type { Logger, LogSink } from '../core/logger';
import type { Transport } from '../core/transport';

import { registerAppScheme, serveAppProtocol } from './app-protocol';
import {
  startBundledDevServer,
  startDemo,
  type DemoServerHandle,
  type StartDemoServer,
} from './demo-server';
import { setupEngine, type Engine } from './engine';
import { setupLogging, wantsLogsOpened, type Logging } from './logging';
import { createSystemProxyResolver } from './network';
import { setupPowerEvents } from './power';
import { setupStorage, type Storage } from './storage';
import { setupInterface, type TrayInterface } from './tray-interface';
import {
  denyAllPermissions,
  guardDownloads,
  refusesDebuggingSwitches,
  setupWebContentsGuards,
} from './web-security';

export const APP_ID = 'org.santedb.tokentray';

export interface TrayAppOverrides {
  clock?: Clock;
  platform?: NodeJS.Platform;
  argv?: readonly string[];
  userDataDir?: string;
  logsDir?: string;
  /** Where dist/ and assets/ are; the app's own folder by default. */
  appRoot?: string;
  logSink?: LogSink;
  /** `false` runs without the bundled demo server. */
  startDemoServer?: StartDemoServer | false;
  transport?: Transport;
}

export interface TrayConfig {
  clock: Clock;
  platform: NodeJS.Platform;
  argv: readonly string[];
  userDataDir: string;
  logsDir: string;
  appRoot: string;
  logSink?: LogSink;
  startDemoServer?: StartDemoServer;
  transport?: Transport;
}

export interface RunningTrayApp {
  demoServerUrl?: string;
}

export interface TrayAppHandle {
  /** False when another instance already runs; this one quits. */
  primary: boolean;
  ready: Promise<RunningTrayApp | undefined>;
}

export function startTrayApp(overrides: TrayAppOverrides = {}): TrayAppHandle {
  if (overrides.userDataDir) {
    // Before the lock: the lock is per user-data folder.
    app.setPath('userData', overrides.userDataDir);
  }
  // Not enough alone: it was seen granted to a second start on Windows
  // (https://github.com/electron/electron/issues/35680), so storage also locks the folder.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { primary: false, ready: Promise.resolve(undefined) };
  }
  const config = resolveConfig(overrides);
  setupIdentity(config);
  registerAppScheme();
  // Closing the window leaves the app in the tray; only Quit ends it.
  app.on('window-all-closed', () => undefined);
  return { primary: true, ready: app.whenReady().then(() => onReady(config)) };
}

async function onReady(config: TrayConfig): Promise<RunningTrayApp | undefined> {
  const logging = setupLogging({ ...config, packaged: app.isPackaged, sink: config.logSink });
  if (refusesDebuggingSwitches(logging.scoped('security'))) {
    app.exit(1);
    return undefined;
  }
  Menu.setApplicationMenu(null);
  setupSecurity(logging);
  serveAppProtocol(join(config.appRoot, 'dist', 'renderer'));
  const storage = setupStorage({ ...config, logger: logging.scoped });
  const engine = setupTokenEngine(config, storage, logging);
  const demo = await setupDemo(config, storage, logging);
  const ui = setupInterface({ config, storage, engine, logging });
  setupPower(engine, ui, logging);
  setupSecondInstance(ui, logging);
  setupQuit(ui, engine, demo, storage, logging);
  showStartupReports(storage, logging);
  await ui.refresh();
  openLogsIfAsked(config.argv, logging);
  return { demoServerUrl: demo?.url };
}

function resolveConfig(overrides: TrayAppOverrides): TrayConfig {
  return {
    clock: overrides.clock ?? systemClock,
    platform: overrides.platform ?? process.platform,
    argv: overrides.argv ?? process.argv,
    userDataDir: overrides.userDataDir ?? app.getPath('userData'),
    logsDir: overrides.logsDir ?? app.getPath('logs'),
    appRoot: overrides.appRoot ?? app.getAppPath(),
    logSink: overrides.logSink,
    startDemoServer:
      overrides.startDemoServer === false
        ? undefined
        : (overrides.startDemoServer ?? startBundledDevServer),
    transport: overrides.transport,
  };
}

/** Who the app is to the OS: toasts on Windows need the AppUserModelID; macOS shows no Dock icon. */
function setupIdentity(config: TrayConfig): void {
  if (config.platform === 'win32') {
    // Without it toasts go missing (https://github.com/electron/electron/issues/10864). Packaged:
    // the installer's Start-menu shortcut carries APP_ID. Unpackaged: electron.exe is the app.
    app.setAppUserModelId(app.isPackaged ? APP_ID : process.execPath);
  }
  if (config.platform === 'darwin') {
    // LSUIElement in the packaged Info.plist hides it from the start; this covers `npm start`.
    app.dock?.hide();
  }
}

function setupSecurity(logging: Logging): void {
  const logger = logging.scoped('security');
  setupWebContentsGuards(logger);
  denyAllPermissions(logger);
  guardDownloads(logger);
}

function setupTokenEngine(config: TrayConfig, storage: Storage, logging: Logging): Engine {
  return setupEngine({
    ...config,
    profiles: storage.profiles,
    vault: storage.vault,
    resolveProxy: createSystemProxyResolver(logging.scoped('network')),
    logger: logging.scoped,
  });
}

async function setupDemo(
  config: TrayConfig,
  storage: Storage,
  logging: Logging,
): Promise<DemoServerHandle | undefined> {
  if (!config.startDemoServer) {
    return undefined;
  }
  return startDemo({
    start: config.startDemoServer,
    repository: storage.profiles,
    vault: storage.vault,
    logger: logging.scoped('demo'),
  });
}

/** Wake and unlock re-check every deadline; lock and sleep take the token off the clipboard. */
function setupPower(engine: Engine, ui: TrayInterface, logging: Logging): void {
  setupPowerEvents({
    recheckAll: (reason) => engine.sessions.recheckAll(reason),
    clearClipboard: (reason) => ui.clipboard.clearNow(reason),
    logger: logging.scoped('power'),
  });
}

/** A second start shows this instance's window instead (the second process quits). */
function setupSecondInstance(ui: TrayInterface, logging: Logging): void {
  app.on('second-instance', (_event, argv) => {
    ui.showWindow({ view: 'session', profileId: ui.activeProfileId() });
    if (wantsLogsOpened(argv)) {
      void logging.openLogs();
    }
  });
}

/** Quitting waits once for the clean-up (the clipboard must be cleared), then quits for real. */
function setupQuit(
  ui: TrayInterface,
  engine: Engine,
  demo: DemoServerHandle | undefined,
  storage: Storage,
  logging: Logging,
): void {
  const steps: Array<[string, () => unknown]> = [
    ['clear the clipboard', () => ui.clipboard.clearNow('quit')],
    ['close the interface', () => ui.dispose()],
    ['stop the token engine', () => engine.close()],
    ['stop the demo server', () => demo?.close()],
    ['release the profile lock', () => storage.release()],
  ];
  let cleaned = false;
  app.on('before-quit', (event) => {
    if (cleaned) {
      return;
    }
    event.preventDefault();
    void runEach(steps, logging.scoped('quit')).finally(() => {
      cleaned = true;
      app.quit();
    });
  });
}

/** Every step runs even when an earlier one failed; a failure is logged by name. */
async function runEach(steps: Array<[string, () => unknown]>, logger: Logger): Promise<void> {
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (error) {
      logger.warn(`could not ${name} while quitting`, {
        error: error instanceof Error ? error.name : typeof error,
      });
    }
  }
}

function showStartupReports(storage: Storage, logging: Logging): void {
  if (storage.reports.length === 0) {
    return;
  }
  logging.scoped('storage').warn('started with storage problems; telling the user');
  void dialog.showMessageBox({
    type: 'warning',
    title: 'SanteDB Token Tray',
    message: 'Some of your saved data could not be used',
    detail: storage.reports.join('\n\n'),
  });
}

function openLogsIfAsked(argv: readonly string[], logging: Logging): void {
  if (wantsLogsOpened(argv)) {
    void logging.openLogs();
  }
}

// Inside Electron this file is the app; imported by tests in plain Node it only exports.
if (process.versions.electron) {
  startTrayApp();
}
