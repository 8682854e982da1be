// Regenerates every icon under assets/ from the designs in scripts/icons/. The outputs are
// committed; test/packaging checks that they still match what this script draws.
//
//   node scripts/make-icons.mjs                 write assets/
//   node scripts/make-icons.mjs --out <dir>     write elsewhere (the test compares the two)
//   node scripts/make-icons.mjs --preview       also write test-output/tray-preview.png
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { renderAppIcon } from './icons/app-icon-design.mjs';
import { ICNS_TYPES, encodeIcns, encodeIco } from './icons/containers.mjs';
import { encodePng } from './icons/png.mjs';
import { renderTrayPreview } from './icons/preview.mjs';
import { TRAY_STATES, renderTrayIcon } from './icons/tray-design.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// Windows scales the 16 px notification-area icon with the display: 100 % to 300 %.
const TRAY_ICO_SIZES = [16, 20, 24, 32, 40, 48];
const APP_ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
// Linux desktops look for icons/hicolor/<size>x<size>/apps; electron-builder reads this set.
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];

const png = (image) => encodePng(image.width, image.height, image.rgba);

function trayFiles() {
  return TRAY_STATES.flatMap((state) => [
    [`tray/${state}.png`, png(renderTrayIcon(state, 16))],
    [`tray/${state}@2x.png`, png(renderTrayIcon(state, 32))],
    [`tray/${state}Template.png`, png(renderTrayIcon(state, 16, { template: true }))],
    [`tray/${state}Template@2x.png`, png(renderTrayIcon(state, 32, { template: true }))],
    [`tray/${state}.ico`, encodeIco(TRAY_ICO_SIZES.map((size) => renderTrayIcon(state, size)))],
  ]);
}

function appFiles() {
  const cache = new Map();
  const appIcon = (size) => {
    if (!cache.has(size)) {
      cache.set(size, renderAppIcon(size));
    }
    return cache.get(size);
  };

  return [
    ['icon.png', png(appIcon(512))],
    ['icon.ico', encodeIco(APP_ICO_SIZES.map(appIcon))],
    [
      'icon.icns',
      encodeIcns(
        Object.entries(ICNS_TYPES).map(([type, size]) => ({ type, png: png(appIcon(size)) })),
      ),
    ],
    ...LINUX_SIZES.map((size) => [`icons/${size}x${size}.png`, png(appIcon(size))]),
  ];
}

function writeAll(outDir, files) {
  for (const [name, bytes] of files) {
    const target = join(outDir, name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
}

const { values } = parseArgs({
  options: { out: { type: 'string' }, preview: { type: 'boolean', default: false } },
});
const outDir = resolve(values.out ?? join(root, 'assets'));
const files = [...trayFiles(), ...appFiles()];

writeAll(outDir, files);
console.log(`make-icons: wrote ${files.length} files to ${outDir}`);

if (values.preview) {
  const previewPath = join(root, 'test-output', 'tray-preview.png');
  writeAll(dirname(previewPath), [['tray-preview.png', png(renderTrayPreview())]]);
  console.log(`make-icons: tray preview at ${previewPath}`);
}
