// A stand-in Electron distribution for offline packaging: electron-builder only needs a file
// called `electron` to copy and rename, and @electron/fuses only needs the fuse wire inside it.
// The real binary cannot be downloaded here, so this one carries the wire with Electron's
// default states, which lets CI flip the configured fuses for real and read them back.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The marker Electron places in front of its fuse wire; @electron/fuses searches for it.
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
export const FUSE_WIRE_VERSION = 1;
export const FUSE_ENABLED = '1'.charCodeAt(0);
export const FUSE_DISABLED = '0'.charCodeAt(0);

/**
 * The version 1 wire in Electron's order, with the states an unmodified Electron binary ships
 * (electron/electron build/fuses/fuses.json5). The names are the electron-builder option names.
 */
export const DEFAULT_FUSES = [
  ['runAsNode', true],
  ['enableCookieEncryption', false],
  ['enableNodeOptionsEnvironmentVariable', true],
  ['enableNodeCliInspectArguments', true],
  ['enableEmbeddedAsarIntegrityValidation', false],
  ['onlyLoadAppFromAsar', false],
  ['loadBrowserProcessSpecificV8Snapshot', false],
  ['grantFileProtocolExtraPrivileges', true],
];

/** The wire as Electron lays it out: sentinel, version, length, then one state byte per fuse. */
export function fuseWire() {
  return Buffer.concat([
    Buffer.from(FUSE_SENTINEL, 'latin1'),
    Buffer.from([FUSE_WIRE_VERSION, DEFAULT_FUSES.length]),
    Buffer.from(DEFAULT_FUSES.map(([, enabled]) => (enabled ? FUSE_ENABLED : FUSE_DISABLED))),
  ]);
}

/**
 * Writes `<dir>/electron`: a shell script that refuses to run, with the fuse wire after its
 * `exit`, where the shell never reads. Returns the path of the executable.
 */
export function createStandInElectron(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const executable = join(dir, 'electron');
  const script = [
    '#!/bin/sh',
    '# Stand-in for the Electron binary, written by scripts/pack-dir.mjs for packaging checks.',
    'echo "This is a packaging stand-in, not Electron: it cannot run the app." >&2',
    'exit 1',
    '# fuse wire: ',
  ].join('\n');
  writeFileSync(executable, Buffer.concat([Buffer.from(script), fuseWire(), Buffer.from('\n')]));
  chmodSync(executable, 0o755);
  return executable;
}
