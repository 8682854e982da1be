// The tray icon, its tooltip and menu, drawn from the application layer's pure models by one
// `render()`. Setters run only when their value changed. No polling: the owner re-renders on
// every state change, and one timer re-renders when the next "time left" text would change.
import { join } from 'node:path';

import { Menu, nativeImage, Tray } from 'electron';

import type { AppState } from '../../shared/ipc-contract';
import type { AppSettings } from '../app/app-settings';
import { buildTrayMenu } from '../app/menu-model';
import { trayStatus, type TrayIcon } from '../app/tray-status';
import type { Clock, TimerHandle } from '../core/clock';

import { menuTemplate } from './tray-menu-template';

export interface TrayInput {
  state: AppState;
  startAtLogin: boolean;
  startAtLoginSupported?: boolean;
  copyShortcut?: string;
}

export interface TrayOptions {
  platform: NodeJS.Platform;
  assetsDir: string;
  clock: Clock;
  leftClickAction: () => AppSettings['leftClickAction'];
  onMenuAction: (id: string) => void;
  onCopyClick: () => void;
}

export interface TrayService {
  render(input?: TrayInput): void;
  destroy(): void;
}

/**
 * Held for the app's lifetime: a Tray only referenced from a local is garbage-collected and its
 * icon vanishes (https://github.com/electron/electron/issues/5941).
 */
let tray: Tray | undefined;

export function createTrayService(options: TrayOptions): TrayService {
  const shown = { icon: '', tooltip: '', menu: '' };
  let input: TrayInput | undefined;
  let menu: Menu | undefined;
  let countdown: TimerHandle | undefined;

  tray?.destroy();
  tray = new Tray(iconImage(options, 'none'));
  listenForClicks(tray, options, () => menu);

  const render = (next?: TrayInput): void => {
    input = next ?? input;
    if (!input || !tray) {
      return;
    }
    const nowMs = options.clock.now();
    const status = trayStatus({ state: input.state, nowMs });
    if (status.icon !== shown.icon) {
      tray.setImage(iconImage(options, status.icon));
      shown.icon = status.icon;
    }
    if (status.tooltip !== shown.tooltip) {
      tray.setToolTip(status.tooltip);
      shown.tooltip = status.tooltip;
    }
    const model = buildTrayMenu({ ...input, nowMs });
    const serialised = JSON.stringify(model);
    if (serialised !== shown.menu) {
      menu = Menu.buildFromTemplate(menuTemplate(model, options.onMenuAction));
      // macOS gets no context menu, or it takes over the left click (see listenForClicks).
      if (options.platform !== 'darwin') {
        tray.setContextMenu(menu);
      }
      shown.menu = serialised;
    }
    countdown?.cancel();
    const nextChange = nextCountdownChangeAt(input.state, nowMs);
    countdown =
      nextChange === undefined
        ? undefined
        : options.clock.setTimeout(() => render(), nextChange - nowMs);
  };

  return {
    render,
    destroy() {
      countdown?.cancel();
      tray?.destroy();
      tray = undefined;
    },
  };
}

/**
 * Linux: the menu is the whole interface; a click may never arrive (AppIndicator sends none,
 * https://github.com/electron/electron/issues/6773) and the desktop decides what activation is.
 * Windows: left click copies, right click opens the context menu.
 * macOS: a context menu set on the icon opens on the left click as well
 * (https://github.com/electron/electron/issues/24196), so the menu pops up on right click only.
 */
function listenForClicks(icon: Tray, options: TrayOptions, currentMenu: () => Menu | undefined) {
  if (options.platform === 'linux') {
    return;
  }
  icon.on('click', () => {
    if (options.leftClickAction() === 'copy-token') {
      options.onCopyClick();
    } else {
      icon.popUpContextMenu(currentMenu());
    }
  });
  if (options.platform === 'darwin') {
    icon.on('right-click', () => icon.popUpContextMenu(currentMenu()));
  }
}

/** Windows gets the multi-size .ico, macOS the monochrome template, Linux the PNG. */
function iconImage(options: TrayOptions, icon: TrayIcon) {
  const file =
    options.platform === 'win32'
      ? `${icon}.ico`
      : options.platform === 'darwin'
        ? `${icon}Template.png`
        : `${icon}.png`;
  const image = nativeImage.createFromPath(join(options.assetsDir, file));
  if (options.platform === 'darwin') {
    // Adapts to light and dark menu bars (https://github.com/electron/electron/issues/833).
    image.setTemplateImage(true);
  }
  return image;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * When the soonest "time left" text in the tray changes. The units follow formatDuration:
 * seconds under a minute, minutes under a day, hours beyond.
 */
export function nextCountdownChangeAt(state: AppState, nowMs: number): number | undefined {
  let soonest: number | undefined;
  for (const session of state.sessions) {
    const counting = session.status === 'valid' || session.status === 'expiring';
    if (!counting || session.expiresAtMs === undefined || session.expiresAtMs <= nowMs) {
      continue;
    }
    const remaining = session.expiresAtMs - nowMs;
    const unit = remaining < MINUTE ? SECOND : remaining < 24 * HOUR ? MINUTE : HOUR;
    // The text steps down when a whole unit has passed, and turns to "expired" at expiry itself.
    const changeAt = Math.min(nowMs + (remaining % unit) + 1, session.expiresAtMs);
    soonest = soonest === undefined ? changeAt : Math.min(soonest, changeAt);
  }
  return soonest;
}
