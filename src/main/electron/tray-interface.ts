// Everything the user sees and touches, wired to the application layer: the window and its IPC,
// the tray, notifications, the clipboard guard, the global shortcut and "Start at login". The
// application service is the single source of state; each change is pushed to the window and
// redrawn in the tray.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { app } from 'electron';

import type { AppState } from '../../shared/ipc-contract';
import { createAppService, type AppService } from '../app/app-service';
import { createClipboardGuard, type ClipboardGuard } from '../app/clipboard-guard';
import { createNotificationPolicy } from '../app/notification-policy';
import type { Logger } from '../core/logger';

import { createElectronClipboard } from './clipboard';
import type { Engine } from './engine';
import { createFilePicker } from './file-picker';
import { registerIpcHandlers } from './ipc';
import type { Logging } from './logging';
import { createLoginItem, type LoginItem } from './login-item';
import type { TrayConfig } from './main';
import { createNotificationService } from './notifications';
import { createSettingsPort } from './settings-port';
import { createShortcutService } from './shortcut';
import type { Storage } from './storage';
import { createTrayService } from './tray';
import { createTrayActions } from './tray-actions';
import { createWindowManager, type ViewRequest } from './windows';

export interface TrayInterface {
  clipboard: ClipboardGuard;
  showWindow(request: ViewRequest): void;
  activeProfileId(): string | undefined;
  /** Read the whole state again and redraw (at start; afterwards changes arrive by themselves). */
  refresh(): Promise<void>;
  dispose(): void;
}

export interface InterfaceParts {
  config: TrayConfig;
  storage: Storage;
  engine: Engine;
  logging: Logging;
}

export function setupInterface({
  config,
  storage,
  engine,
  logging,
}: InterfaceParts): TrayInterface {
  const settings = storage.settings;
  let state: AppState | undefined;
  const clipboard = createClipboardGuard({
    clipboard: createElectronClipboard(config.platform, logging.scoped('clipboard')),
    clock: config.clock,
    clearAfterSeconds: settings.get().clipboardClearSeconds,
    logger: logging.scoped('clipboard'),
  });
  const windows = createWindowManager({
    preloadPath: join(config.appRoot, 'dist', 'preload', 'preload.js'),
    packaged: app.isPackaged,
    logger: logging.scoped('window'),
  });
  const notifications = createNotificationService(
    (profileId) => windows.show({ view: 'session', profileId }),
    logging.scoped('notifications'),
  );
  const policy = createNotificationPolicy({
    describeProfile: (profileId) => {
      const profile = storage.profiles.get(profileId);
      return profile && { name: profile.name, autoRenew: profile.renewal.auto };
    },
    notifyOnCopy: settings.get().notifyOnCopy,
    now: () => config.clock.now(),
  });
  const loginItem = createLoginItem(config.platform);
  const shortcut = createShortcutService(() => onAction('copy-token'), logging.scoped('shortcut'));
  shortcut.apply(settings.get().globalShortcut);

  const draw = (next: AppState): void => {
    state = next;
    windows.send('state:changed', next);
    tray.render({
      state: next,
      // Read for the state just built; asking the OS again would read the same answer twice.
      startAtLogin: next.settings.startAtLogin,
      startAtLoginSupported: next.settings.startAtLoginSupported,
      copyShortcut: shortcut.current(),
    });
  };
  const service = createAppService({
    repository: storage.profiles,
    vault: storage.vault,
    sessions: engine.sessions,
    client: engine.client,
    loadCredentials: engine.loadCredentials,
    clipboard,
    files: createFilePicker(),
    readTextFile: (path) => readFile(path, 'utf8'),
    clock: config.clock,
    logger: logging.scoped('app'),
    verifyIdToken: engine.verifyIdToken,
    secretBackend: () => storage.vault.backend(),
    settings: createSettingsPort({
      platform: config.platform,
      store: settings,
      shortcut,
      clipboard,
      policy,
      loginItem,
    }),
    onStateChanged: draw,
  });
  const removeIpc = registerIpcHandlers({
    handlers: service,
    owns: windows.owns,
    logger: logging.scoped('ipc'),
  });

  const onAction = createTrayActions({
    handlers: service,
    state: () => state,
    showWindow: windows.show,
    openLogs: logging.openLogs,
    toggleStartAtLogin: () => toggleStartAtLogin(service, loginItem, logging.scoped('tray')),
    notify: notifications.show,
    policy,
    quit: () => app.quit(),
    logger: logging.scoped('tray'),
  });
  const tray = createTrayService({
    platform: config.platform,
    assetsDir: join(config.appRoot, 'assets', 'tray'),
    clock: config.clock,
    leftClickAction: () => settings.get().leftClickAction,
    onMenuAction: onAction,
    onCopyClick: () => onAction('copy-token'),
  });
  const unsubscribe = engine.sessions.on((event) =>
    notifications.show(policy.onSessionEvent(event)),
  );

  return {
    clipboard,
    showWindow: windows.show,
    activeProfileId: () => state?.activeProfileId,
    async refresh() {
      const result = await service['app:get-state']();
      if (result.ok) {
        draw(result.value);
      }
    },
    dispose() {
      unsubscribe();
      removeIpc();
      service.dispose();
      clipboard.dispose();
      tray.destroy();
      windows.close();
    },
  };
}

/** Through the settings channel, so the window's checkbox follows the menu's. */
function toggleStartAtLogin(service: AppService, loginItem: LoginItem, logger: Logger): void {
  void service['settings:update']({ startAtLogin: !loginItem.isEnabled() }).then((result) => {
    if (!result.ok) {
      logger.warn(`start at login not changed: ${result.message}`);
    }
  });
}
