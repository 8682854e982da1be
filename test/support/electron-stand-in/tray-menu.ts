// Tray, Menu, MenuItem and nativeImage. Click behaviour per platform follows the Tray docs and
// issues: with a context menu set, Windows opens it on right-click without emitting
// 'right-click' (https://github.com/electron/electron/issues/5058); macOS opens it on left click
// and still emits 'click' (https://github.com/electron/electron/pull/24200); on Linux 'click' is
// an "activation" and the menu is the desktop's to show (tray docs).
import { EventEmitter } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';

import { createEvent, requireReady, world } from './world';

export class StandInNativeImage {
  #template: boolean;

  constructor(readonly path: string | undefined) {
    // A file name ending in "Template" marks a template image (nativeImage docs).
    this.#template = path !== undefined && /Template(@\dx)?\.[a-z]+$/i.test(basename(path));
  }
  /** Electron returns an empty image for a path it cannot read. */
  isEmpty(): boolean {
    return this.path === undefined || !existsSync(this.path) || !statSync(this.path).isFile();
  }
  setTemplateImage(template: boolean): void {
    this.#template = template;
  }
  isTemplateImage(): boolean {
    return this.#template;
  }
  getSize(): { width: number; height: number } {
    return this.isEmpty() ? { width: 0, height: 0 } : { width: 16, height: 16 };
  }
}

export const nativeImage = {
  createFromPath: (path: string) => new StandInNativeImage(path),
  createEmpty: () => new StandInNativeImage(undefined),
};

type Template = Record<string, unknown> & { submenu?: unknown };
type ClickHandler = (item: StandInMenuItem, window: unknown, event: unknown) => void;

export class StandInMenuItem {
  readonly id?: string;
  readonly label: string;
  readonly type: string;
  readonly sublabel?: string;
  readonly toolTip?: string;
  readonly accelerator?: string;
  checked: boolean;
  enabled: boolean;
  visible: boolean;
  readonly submenu?: StandInMenu;
  menu?: StandInMenu;
  readonly #onClick?: ClickHandler;

  constructor(template: Template) {
    if (!('label' in template) && !('role' in template) && !('type' in template)) {
      throw new Error(
        'Invalid template for MenuItem: must have at least one of label, role or type',
      );
    }
    this.id = template.id as string | undefined;
    this.label = (template.label as string | undefined) ?? '';
    this.sublabel = template.sublabel as string | undefined;
    this.toolTip = template.toolTip as string | undefined;
    this.accelerator = template.accelerator as string | undefined;
    this.type = (template.type as string | undefined) ?? (template.submenu ? 'submenu' : 'normal');
    this.checked = template.checked === true;
    this.enabled = template.enabled !== false;
    this.visible = template.visible !== false;
    this.#onClick = template.click as ClickHandler | undefined;
    if (template.submenu !== undefined) {
      this.submenu =
        template.submenu instanceof StandInMenu
          ? template.submenu
          : StandInMenu.buildFromTemplate(template.submenu as Template[]);
    }
  }

  /** As Electron's: toggles checkbox and radio state, then calls the template's click. */
  click(event: unknown = createEvent(), focusedWindow: unknown = undefined): void {
    if (this.type === 'checkbox') {
      this.checked = !this.checked;
    }
    if (this.type === 'radio') {
      for (const sibling of this.menu?.radioGroupOf(this) ?? []) {
        sibling.checked = sibling === this;
      }
    }
    this.#onClick?.(this, focusedWindow, event);
  }
}

export class StandInMenu {
  readonly items: StandInMenuItem[] = [];
  popups = 0;

  static buildFromTemplate(template: Array<Template | StandInMenuItem>): StandInMenu {
    const menu = new StandInMenu();
    for (const entry of template) {
      menu.append(entry instanceof StandInMenuItem ? entry : new StandInMenuItem(entry));
    }
    return menu;
  }
  static setApplicationMenu(menu: StandInMenu | null): void {
    world.applicationMenu = menu;
    world.applicationMenuSet = true;
  }
  static getApplicationMenu(): unknown {
    return world.applicationMenu ?? null;
  }

  append(item: StandInMenuItem): void {
    item.menu = this;
    this.items.push(item);
  }
  getMenuItemById(id: string): StandInMenuItem | null {
    for (const item of this.items) {
      if (item.id === id) {
        return item;
      }
      const nested = item.submenu?.getMenuItemById(id);
      if (nested) {
        return nested;
      }
    }
    return null;
  }
  /** Adjacent radio items form one group. */
  radioGroupOf(item: StandInMenuItem): StandInMenuItem[] {
    const index = this.items.indexOf(item);
    let start = index;
    let end = index;
    while (start > 0 && this.items[start - 1]?.type === 'radio') {
      start -= 1;
    }
    while (end < this.items.length - 1 && this.items[end + 1]?.type === 'radio') {
      end += 1;
    }
    return this.items.slice(start, end + 1);
  }
  popup(): void {
    this.popups += 1;
  }
  closePopup(): void {}
}

const trays: StandInTray[] = [];

export class StandInTray extends EventEmitter {
  image: StandInNativeImage;
  toolTip = '';
  title = '';
  contextMenu: StandInMenu | null = null;
  readonly calls = { setImage: 0, setToolTip: 0, setContextMenu: 0, popUpContextMenu: 0 };
  /** The menu the user last saw open, whichever way it opened. */
  openedMenu: StandInMenu | null = null;
  #destroyed = false;

  constructor(
    image: StandInNativeImage | string,
    readonly guid?: string,
  ) {
    super();
    // Electron throws here before ready (https://github.com/electron/electron/pull/1297).
    requireReady('new Tray()');
    this.image = typeof image === 'string' ? nativeImage.createFromPath(image) : image;
    trays.push(this);
  }

  static get instances(): StandInTray[] {
    return trays;
  }

  setImage(image: StandInNativeImage | string): void {
    this.calls.setImage += 1;
    this.image = typeof image === 'string' ? nativeImage.createFromPath(image) : image;
  }
  setToolTip(toolTip: string): void {
    this.calls.setToolTip += 1;
    this.toolTip = toolTip;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setContextMenu(menu: StandInMenu | null): void {
    this.calls.setContextMenu += 1;
    this.contextMenu = menu;
  }
  popUpContextMenu(menu?: StandInMenu): void {
    this.calls.popUpContextMenu += 1;
    this.openedMenu = menu ?? this.contextMenu;
  }
  setIgnoreDoubleClickEvents(): void {}
  destroy(): void {
    this.#destroyed = true;
    trays.splice(trays.indexOf(this), 1);
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }

  /** Test control: a left click (Linux: an activation). */
  simulateClick(): void {
    if (world.platform === 'darwin' && this.contextMenu) {
      this.openedMenu = this.contextMenu;
    }
    this.emit('click', createEvent(), { x: 0, y: 0, width: 16, height: 16 });
  }

  /** Test control: a right click. */
  simulateRightClick(): void {
    if (world.platform === 'linux' || this.contextMenu) {
      this.openedMenu = this.contextMenu;
      return;
    }
    this.emit('right-click', createEvent(), { x: 0, y: 0, width: 16, height: 16 });
  }
}

export function resetTrays(): void {
  trays.length = 0;
}
