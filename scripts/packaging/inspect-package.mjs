// Checks on an unpacked electron-builder output: what app.asar holds and how the fuses in the
// packaged executable are set. Each check returns failure messages; an empty list is a pass.
import asar from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';

import { TRAY_STATES } from '../icons/tray-design.mjs';

import { DEFAULT_FUSES, FUSE_DISABLED, FUSE_ENABLED } from './stand-in-electron.mjs';

/** What the app loads at run time; each must be in the archive. */
export const REQUIRED_ENTRIES = [
  'package.json',
  'dist/main/main.js',
  'dist/preload/preload.js',
  'dist/renderer/index.html',
  'dist/renderer/app.js',
  'dist/renderer/styles.css',
  ...TRAY_STATES.flatMap((state) =>
    ['.png', '@2x.png', 'Template.png', 'Template@2x.png', '.ico'].map(
      (suffix) => `assets/tray/${state}${suffix}`,
    ),
  ),
];

/** The only files and folders a shipped file may come from. */
const ALLOWED_FILES = ['package.json', 'assets/icon.png'];
const ALLOWED_FOLDERS = ['dist/main/', 'dist/preload/', 'dist/renderer/', 'assets/tray/'];

function isAllowed(entry) {
  const allowed = [...ALLOWED_FILES, ...ALLOWED_FOLDERS];
  // The archive lists folders too: one that leads to an allowed path is fine.
  const isFolderOnTheWay = allowed.some((path) => path.startsWith(`${entry}/`));
  return (
    isFolderOnTheWay ||
    ALLOWED_FILES.includes(entry) ||
    ALLOWED_FOLDERS.some((folder) => entry.startsWith(folder))
  );
}

/** Things that must never ship, named so the failure says why. */
const FORBIDDEN = [
  [/\.map$/, 'a source map'],
  [/(^|\/)src\//, 'source code'],
  [/(^|\/)test\//, 'a test'],
  [/(^|\/)node_modules\//, 'a node_modules folder (everything should be bundled)'],
  [/\.(ts|mts|cts|tsx)$/, 'TypeScript source'],
  [
    /(^|\/)(tsconfig[^/]*\.json|package-lock\.json|electron-builder\.yml|vitest\.config\.\w+|eslint\.config\.\w+|\.prettierrc[^/]*|\.eslintcache)$/,
    'a development tool file',
  ],
];

/** Lists app.asar without extracting it: extraction writes to the working directory. */
export function listAsar(asarPath) {
  return asar
    .listPackage(asarPath, { isPack: false })
    .map((entry) => entry.replaceAll('\\', '/').replace(/^\//, ''));
}

export function checkAsarContents(asarPath) {
  const entries = listAsar(asarPath);
  const files = new Set(entries);
  const failures = [];

  for (const required of REQUIRED_ENTRIES) {
    if (!files.has(required)) {
      failures.push(`app.asar lacks ${required}`);
    }
  }

  for (const entry of entries) {
    const forbidden = FORBIDDEN.find(([pattern]) => pattern.test(entry));
    if (forbidden) {
      failures.push(`app.asar contains ${entry}: ${forbidden[1]}`);
      continue;
    }
    if (!isAllowed(entry)) {
      failures.push(`app.asar contains ${entry}, which is not on the list of shipped paths`);
    }
  }

  return { entries, failures };
}

/** The packaged package.json must still start the bundled main process. */
export function checkPackagedManifest(asarPath) {
  const manifest = JSON.parse(asar.extractFile(asarPath, 'package.json').toString('utf8'));
  const failures = [];
  if (manifest.main !== 'dist/main/main.js') {
    failures.push(`packaged package.json has main "${manifest.main}", not "dist/main/main.js"`);
  }
  if (manifest.dependencies && Object.keys(manifest.dependencies).length > 0) {
    failures.push(
      `packaged package.json declares runtime dependencies (${Object.keys(manifest.dependencies).join(', ')}); ` +
        'the app is bundled and should need none',
    );
  }
  return failures;
}

const optionIndex = (name) => FuseV1Options[name.charAt(0).toUpperCase() + name.slice(1)];
const stateName = (byte) =>
  byte === FUSE_ENABLED ? 'enabled' : byte === FUSE_DISABLED ? 'disabled' : `byte ${byte}`;

/**
 * Reads the wire back from the packaged executable. A configured fuse must hold its configured
 * state; every other fuse must still hold Electron's default, so nothing was flipped by accident.
 */
export async function checkFuses(executablePath, configuredFuses) {
  const wire = await getCurrentFuseWire(executablePath);
  const failures = [];
  const report = [];

  for (const [name, defaultState] of DEFAULT_FUSES) {
    const index = optionIndex(name);
    if (index === undefined) {
      failures.push(`@electron/fuses does not know the fuse ${name}`);
      continue;
    }
    const configured = configuredFuses[name];
    const expected = (configured ?? defaultState) ? FUSE_ENABLED : FUSE_DISABLED;
    const actual = wire[index];
    const source = configured === undefined ? 'default' : 'configured';
    report.push(`${name}: ${stateName(actual)} (${source} ${stateName(expected)})`);
    if (actual !== expected) {
      failures.push(`fuse ${name} is ${stateName(actual)}, expected ${stateName(expected)}`);
    }
  }

  for (const name of Object.keys(configuredFuses)) {
    if (!DEFAULT_FUSES.some(([known]) => known === name) && name !== 'resetAdHocDarwinSignature') {
      failures.push(
        `electron-builder.yml sets fuse ${name}, which the stand-in wire does not carry`,
      );
    }
  }

  return { failures, report };
}
