// electron-builder.yml passes electron-builder's own schema, a broken copy does not, and the
// settings the security review relies on stay as reviewed. Each validator run loads
// app-builder-lib, which takes a few seconds: hence the long timeouts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';

import { ROOT, runScript } from './support/run-script';

/** The parts of the configuration these tests read. */
interface BuilderConfig {
  electronFuses: Record<string, boolean>;
  asar: boolean;
  npmRebuild: boolean;
  files: string[];
  mac: { extendInfo: { LSUIElement: boolean } };
  nsis: Record<string, unknown>;
}

const CONFIG_PATH = join(ROOT, 'electron-builder.yml');
const configText = readFileSync(CONFIG_PATH, 'utf8');
const tempDirs: string[] = [];

afterAll(() => {
  for (const dir of tempDirs) {
    rmSync(dir, { recursive: true, force: true });
  }
});

function writeBrokenCopy(mutate: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'builder-config-'));
  tempDirs.push(dir);
  const path = join(dir, 'electron-builder.yml');
  const broken = mutate(configText);
  expect(broken, 'the mutation must change the file').not.toBe(configText);
  writeFileSync(path, broken);
  return path;
}

describe('validate-builder-config', () => {
  it('accepts the committed electron-builder.yml', async () => {
    const result = await runScript('scripts/validate-builder-config.cjs');

    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('valid electron-builder configuration');
  }, 60_000);

  it('rejects a misspelt key and names it', async () => {
    const path = writeBrokenCopy((text) => text.replace(/^ {2}category:/m, '  categry:'));

    const result = await runScript('scripts/validate-builder-config.cjs', [path]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('INVALID');
    expect(result.stderr).toContain('"linux.categry" is not an electron-builder option');
  }, 60_000);

  it('rejects a value of the wrong type', async () => {
    const path = writeBrokenCopy((text) => text.replace('oneClick: false', 'oneClick: [yes]'));

    const result = await runScript('scripts/validate-builder-config.cjs', [path]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('configuration.nsis.oneClick should be a boolean');
  }, 60_000);
});

describe('electron-builder.yml', () => {
  const config = load(configText) as BuilderConfig;

  it('keeps the reviewed fuse settings', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('ships an asar of the bundles only, without source maps', () => {
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(false);
    expect(config.files).toContain('!**/*.map');
    expect(config.files.filter((pattern) => !pattern.startsWith('!'))).toEqual([
      'package.json',
      'dist/main/**/*',
      'dist/preload/**/*',
      'dist/renderer/**/*',
      'assets/tray/**/*',
      'assets/icon.png',
    ]);
  });

  it('runs as a menu-bar app on macOS and installs per user on Windows', () => {
    expect(config.mac.extendInfo.LSUIElement).toBe(true);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false });
  });
});
