// Builds the unpacked Linux app once with scripts/pack-dir.mjs, then checks the result again
// here with @electron/asar and @electron/fuses directly, so the test does not rest on the
// script's own report.
import { statSync } from 'node:fs';
import { join } from 'node:path';

import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { beforeAll, describe, expect, it } from 'vitest';

import type { ScriptResult } from './support/run-script';
import { ROOT, ensureBuilt, runScript } from './support/run-script';

const APP_DIR = join(ROOT, 'release', 'linux-unpacked');
const EXECUTABLE = join(APP_DIR, 'santedb-token-tray');
const ARCHIVE = join(APP_DIR, 'resources', 'app.asar');
const ENABLED = '1'.charCodeAt(0);
const DISABLED = '0'.charCodeAt(0);

let result: ScriptResult;

beforeAll(async () => {
  await ensureBuilt();
  result = await runScript('scripts/pack-dir.mjs', [], { CI: 'true' });
}, 240_000);

describe('pack-dir', () => {
  it('packages the app and passes all of its checks', () => {
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('pack-dir: all checks passed');
  });

  it('ships the bundles, the page and the tray icons, and nothing from development', () => {
    const entries = listPackage(ARCHIVE, { isPack: false }).map((entry) =>
      entry.replaceAll('\\', '/').replace(/^\//, ''),
    );

    expect(entries).toEqual(
      expect.arrayContaining([
        'package.json',
        'dist/main/main.js',
        'dist/preload/preload.js',
        'dist/renderer/index.html',
        'dist/renderer/app.js',
        'dist/renderer/styles.css',
        'assets/tray/valid.png',
        'assets/tray/validTemplate@2x.png',
        'assets/tray/error.ico',
      ]),
    );
    expect(entries.filter((entry) => /\.(map|ts)$/.test(entry))).toEqual([]);
    expect(
      entries.filter((entry) => /^(src|test|node_modules|scripts|dist\/cli)(\/|$)/.test(entry)),
    ).toEqual([]);
  });

  it('flips the fuses in the packaged executable as configured', async () => {
    expect(statSync(EXECUTABLE).mode & 0o111, 'the executable keeps its x bits').not.toBe(0);

    const wire = await getCurrentFuseWire(EXECUTABLE);

    expect(wire.version).toBe('1');
    expect({
      runAsNode: wire[FuseV1Options.RunAsNode],
      cookieEncryption: wire[FuseV1Options.EnableCookieEncryption],
      nodeOptions: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      nodeCliInspect: wire[FuseV1Options.EnableNodeCliInspectArguments],
      asarIntegrity: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      onlyAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
      browserSnapshot: wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot],
      fileProtocolPrivileges: wire[FuseV1Options.GrantFileProtocolExtraPrivileges],
    }).toEqual({
      runAsNode: DISABLED,
      cookieEncryption: ENABLED,
      nodeOptions: DISABLED,
      nodeCliInspect: DISABLED,
      asarIntegrity: ENABLED,
      onlyAsar: ENABLED,
      browserSnapshot: DISABLED,
      fileProtocolPrivileges: DISABLED,
    });
  });
});
