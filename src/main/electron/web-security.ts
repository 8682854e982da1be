// App-wide guards for every webContents, installed before any window exists: no new windows, no
// navigation away from the app origin, no <webview>, every permission denied
// (https://www.electronjs.org/docs/latest/tutorial/security, items 5, 12, 13 and 14), and no
// download but the window's own profiles export.
import { app, session, type WebContents } from 'electron';

import type { Logger } from '../core/logger';

import { isAppUrl } from './app-protocol';

export function setupWebContentsGuards(logger: Logger): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, logger));
}

export function guardWebContents(contents: WebContents, logger: Logger): void {
  contents.setWindowOpenHandler(({ url }) => {
    logger.warn('a page tried to open a window; refused', { origin: originOf(url) });
    return { action: 'deny' };
  });

  const keepInApp = (event: { url: string; preventDefault(): void }, kind: string): void => {
    if (!isAppUrl(event.url)) {
      event.preventDefault();
      logger.warn(`${kind} away from the app refused`, { origin: originOf(event.url) });
    }
  };
  contents.on('will-navigate', (event) => keepInApp(event, 'navigation'));
  contents.on('will-frame-navigate', (event) => keepInApp(event, 'frame navigation'));
  contents.on('will-redirect', (event) => keepInApp(event, 'redirect'));

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('a page tried to attach a <webview>; refused');
  });
}

/** The save dialog of "Export profiles"; without a save path Electron shows it itself. */
export const EXPORT_SAVE_DIALOG = {
  title: 'Export profiles',
  defaultPath: 'token-tray-profiles.json',
  filters: [{ name: 'JSON', extensions: ['json'] }],
};

/**
 * The window's "Export profiles" saves a blob: URL the page made from main's export. Every other
 * download is cancelled before anything reaches the disk. The initiator is checked as well as the
 * URL, because the URL is whatever the initiator chose (see DownloadItem.getInitiatorOrigin).
 */
export function guardDownloads(logger: Logger): void {
  session.defaultSession.on('will-download', (event, item) => {
    if (!isAppBlobUrl(item.getURL()) || !isAppUrl(item.getInitiatorOrigin())) {
      event.preventDefault();
      logger.warn('a download was refused', { origin: originOf(item.getURL()) });
      return;
    }
    item.setSaveDialogOptions(EXPORT_SAVE_DIALOG);
    logger.info('profiles export: asking where to save the file');
  });
}

/** `blob:app://tray/<uuid>`: a blob made by the app's own page. */
function isAppBlobUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'blob:' && isAppUrl(parsed.pathname);
  } catch {
    return false;
  }
}

/** Electron grants every permission when no handler is set; the page needs none. */
export function denyAllPermissions(logger: Logger): void {
  const defaultSession = session.defaultSession;
  defaultSession.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.warn('permission request refused', { permission });
    callback(false);
  });
  defaultSession.setPermissionCheckHandler(() => false);
}

/**
 * A packaged build refuses to run with a remote debugging port or inspector switch: the
 * nodeCliInspect fuse covers `--inspect` only, and a debugger could read tokens from memory.
 * Returns true when the app must stop.
 */
export function refusesDebuggingSwitches(logger: Logger): boolean {
  if (!app.isPackaged) {
    return false;
  }
  const found = ['remote-debugging-port', 'remote-debugging-pipe', 'inspect', 'inspect-brk'].filter(
    (name) => app.commandLine.hasSwitch(name),
  );
  if (found.length === 0) {
    return false;
  }
  logger.error('started with a debugging switch; refusing to run', { switches: found });
  return true;
}

/** Only the origin goes to the log: a URL's path or query may carry anything. */
function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:'
      ? parsed.origin
      : parsed.protocol;
  } catch {
    return 'unparsable URL';
  }
}
