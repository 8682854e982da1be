// The tray menu model (plain data from the application layer) as Electron menu templates. Only
// ids travel back: a click reports the item's id and the caller decides what it means.
import type { MenuItemConstructorOptions } from 'electron';

import type { MenuItemModel } from '../app/menu-model';

export function menuTemplate(
  items: readonly MenuItemModel[],
  onClick: (id: string) => void,
): MenuItemConstructorOptions[] {
  return items.map((item) => templateOf(item, onClick));
}

function templateOf(
  item: MenuItemModel,
  onClick: (id: string) => void,
): MenuItemConstructorOptions {
  const click = () => onClick(item.id);
  switch (item.kind) {
    case 'separator':
      return { id: item.id, type: 'separator' };
    case 'header':
      return { id: item.id, label: item.label, enabled: false };
    case 'submenu':
      return {
        id: item.id,
        label: item.label,
        enabled: item.enabled,
        submenu: menuTemplate(item.submenu ?? [], onClick),
      };
    case 'radio':
    case 'checkbox':
      return {
        id: item.id,
        label: item.label,
        type: item.kind,
        checked: item.checked === true,
        enabled: item.enabled,
        click,
      };
    default:
      return {
        id: item.id,
        label: item.label,
        enabled: item.enabled,
        // The global shortcut is registered on its own; in a menu it is only shown.
        ...(item.accelerator ? { accelerator: item.accelerator, registerAccelerator: false } : {}),
        click,
      };
  }
}
