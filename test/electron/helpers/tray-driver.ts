// Drives the running app through the stand-in the way a user would: the tray menu, its clicks,
// the window. Waits use real time in small steps, because the dev server answers over real
// loopback sockets while the app's own clock stays frozen.
import { expect } from 'vitest';

import type { StandInMenu, StandInMenuItem } from '../../support/electron-stand-in';
import { standIn } from '../../support/electron-stand-in';

export async function until<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function onlyTray() {
  expect(standIn.trays).toHaveLength(1);
  const tray = standIn.trays[0];
  if (!tray) {
    throw new Error('no tray');
  }
  return tray;
}

/** The menu the user would see: the context menu, or on macOS the one that pops up. */
export function trayMenu(): StandInMenu {
  const tray = onlyTray();
  if (standIn.world.platform === 'darwin') {
    tray.simulateRightClick();
    const menu = tray.openedMenu;
    if (!menu) {
      throw new Error('no menu popped up');
    }
    return menu;
  }
  const menu = tray.contextMenu;
  if (!menu) {
    throw new Error('the tray has no context menu');
  }
  return menu;
}

export function menuItem(id: string, menu: StandInMenu = trayMenu()): StandInMenuItem {
  const item = menu.getMenuItemById(id);
  if (!item) {
    throw new Error(`no menu item ${id}`);
  }
  return item;
}

/** Clicks an item as the user can: only a visible, enabled one. */
export function clickMenuItem(id: string): void {
  const item = menuItem(id);
  expect(item.enabled, `${id} is enabled`).toBe(true);
  expect(item.visible, `${id} is visible`).toBe(true);
  item.click();
}
