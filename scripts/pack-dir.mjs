// Builds the unpacked Linux app (`--linux dir`) offline and checks it: the files in app.asar
// and the fuses in the packaged executable. This is what CI can verify without downloading
// Electron or the installer tools; docs/packaging.md covers the real installers.
//
//   node scripts/pack-dir.mjs             uses dist/ as built; builds it (production) if absent
//   node scripts/pack-dir.mjs --rebuild   always makes a fresh production build first
//
// Exits 1 when the build or any check fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { Arch, Platform, build } from 'electron-builder';
import { load as loadYaml } from 'js-yaml';

import {
  checkAsarContents,
  checkFuses,
  checkPackagedManifest,
} from './packaging/inspect-package.mjs';
import { createStandInElectron } from './packaging/stand-in-electron.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const standInDir = join(root, 'build', 'stand-in-electron');

function readBuilderConfig() {
  return loadYaml(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
}

/**
 * Reuses an existing dist/ so that a test run does not rebuild it under other tests' feet;
 * builds a production one only when there is none. Source maps in a development dist/ are
 * harmless here: the `files` list keeps them out of the archive, and the check proves it.
 */
function ensureBuild(rebuild) {
  if (!rebuild && existsSync(join(root, 'dist', 'main', 'main.js'))) {
    const hasMaps = readdirSync(join(root, 'dist', 'main')).some((file) => file.endsWith('.map'));
    return hasMaps ? 'existing development build (source maps present)' : 'existing build';
  }

  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(`the production build failed (exit ${result.status})`);
  }
  return 'fresh production build';
}

async function packDir(config) {
  const outDir = join(root, config.directories?.output ?? 'release');
  const appOutDir = join(outDir, 'linux-unpacked');
  rmSync(appOutDir, { recursive: true, force: true });

  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir', Arch[process.arch] ?? Arch.x64),
    publish: 'never',
    // Merged over electron-builder.yml: only the Electron distribution is swapped.
    config: { electronDist: standInDir },
  });
  return appOutDir;
}

async function main() {
  const { values } = parseArgs({ options: { rebuild: { type: 'boolean', default: false } } });
  const config = readBuilderConfig();
  const failures = [];
  const lines = [];

  lines.push(`dist: ${ensureBuild(values.rebuild)}`);
  if (!existsSync(join(root, 'dist', 'main', 'main.js'))) {
    throw new Error('dist/main/main.js was not built: does src/main/electron/main.ts exist?');
  }

  createStandInElectron(standInDir);
  const appOutDir = await packDir(config);
  const executable = join(appOutDir, config.linux?.executableName ?? 'santedb-token-tray');
  const asarPath = join(appOutDir, 'resources', 'app.asar');
  lines.push(`packaged: ${relative(root, appOutDir)}`);

  for (const [what, path] of [
    ['executable', executable],
    ['archive', asarPath],
  ]) {
    if (!existsSync(path)) {
      throw new Error(`electron-builder produced no ${what} at ${relative(root, path)}`);
    }
  }

  const contents = checkAsarContents(asarPath);
  failures.push(...contents.failures, ...checkPackagedManifest(asarPath));
  lines.push(`app.asar: ${contents.entries.length} entries`);

  const fuses = await checkFuses(executable, config.electronFuses ?? {});
  failures.push(...fuses.failures);
  lines.push(...fuses.report.map((line) => `fuse ${line}`));

  console.log(['', 'pack-dir summary', ...lines.map((line) => `  ${line}`)].join('\n'));
  if (failures.length > 0) {
    console.error(['pack-dir: FAILED', ...failures.map((line) => `  - ${line}`)].join('\n'));
    process.exitCode = 1;
    return;
  }
  console.log('pack-dir: all checks passed');
}

main().catch((error) => {
  console.error(`pack-dir: FAILED\n  - ${error.message}`);
  process.exitCode = 1;
});
