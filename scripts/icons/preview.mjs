// A contact sheet of the tray icons, enlarged without smoothing, on light and dark task bars and
// on both macOS menu-bar appearances, so a designer can judge them pixel by pixel.
import { TRAY_STATES, renderTrayIcon } from './tray-design.mjs';

const LIGHT_BAR = [243, 243, 243];
const DARK_BAR = [32, 32, 32];
const MENU_LIGHT = [236, 236, 236];
const MENU_DARK = [43, 43, 43];
const CELL = 144;

// macOS draws a template image in the menu-bar text colour: black when light, white when dark.
const COLUMNS = [
  { size: 16, zoom: 8, background: LIGHT_BAR },
  { size: 16, zoom: 8, background: DARK_BAR },
  { size: 32, zoom: 4, background: LIGHT_BAR },
  { size: 32, zoom: 4, background: DARK_BAR },
  { size: 16, zoom: 8, background: MENU_LIGHT, template: true, tint: [0, 0, 0] },
  { size: 16, zoom: 8, background: MENU_DARK, template: true, tint: [255, 255, 255] },
  { size: 16, zoom: 1, background: LIGHT_BAR },
  { size: 16, zoom: 1, background: DARK_BAR },
  { size: 16, zoom: 1, background: MENU_DARK, template: true, tint: [255, 255, 255] },
];

function blit(sheet, sheetWidth, image, left, top, zoom, tint) {
  for (let y = 0; y < image.height * zoom; y += 1) {
    for (let x = 0; x < image.width * zoom; x += 1) {
      const from = (Math.floor(y / zoom) * image.width + Math.floor(x / zoom)) * 4;
      const to = ((top + y) * sheetWidth + left + x) * 4;
      const alpha = image.rgba[from + 3] / 255;
      for (let channel = 0; channel < 3; channel += 1) {
        const colour = tint ? tint[channel] : image.rgba[from + channel];
        sheet[to + channel] = Math.round(colour * alpha + sheet[to + channel] * (1 - alpha));
      }
    }
  }
}

/** Returns `{ width, height, rgba }` for the whole sheet: one row per state. */
export function renderTrayPreview() {
  const width = COLUMNS.length * CELL;
  const height = TRAY_STATES.length * CELL;
  const sheet = new Uint8Array(width * height * 4);

  COLUMNS.forEach((column, columnIndex) => {
    TRAY_STATES.forEach((state, rowIndex) => {
      for (let y = 0; y < CELL; y += 1) {
        for (let x = 0; x < CELL; x += 1) {
          const index = ((rowIndex * CELL + y) * width + columnIndex * CELL + x) * 4;
          sheet.set([...column.background, 255], index);
        }
      }
      const image = renderTrayIcon(state, column.size, { template: column.template });
      const margin = (CELL - column.size * column.zoom) / 2;
      const left = columnIndex * CELL + margin;
      blit(sheet, width, image, left, rowIndex * CELL + margin, column.zoom, column.tint);
    });
  });

  return { width, height, rgba: sheet };
}
