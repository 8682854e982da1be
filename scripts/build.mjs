// Bundles every process with esbuild: main and CLI for Node (CommonJS), the preload for a
// sandboxed renderer (only `require('electron')` left), and the renderer as a classic IIFE.
import { chmodSync, cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';

import { build } from 'esbuild';

import { cliCommand, cliEntries } from './cli-entries.mjs';

const production = process.env.NODE_ENV === 'production';
const common = { bundle: true, sourcemap: !production, target: 'es2022', logLevel: 'warning' };
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20' };

rmSync('dist', { recursive: true, force: true });

const entries = [
  {
    ...node,
    entryPoints: ['src/main/electron/main.ts'],
    outfile: 'dist/main/main.js',
    external: ['electron'],
  },
  {
    ...node,
    entryPoints: ['src/preload/preload.ts'],
    outfile: 'dist/preload/preload.js',
    external: ['electron'],
  },
  ...cliEntries.map((entry) => ({ ...node, ...entry })),
  { ...node, entryPoints: ['src/dev-server/main.ts'], outfile: 'dist/dev-server/main.js' },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    entryPoints: ['src/renderer/app.ts'],
    outfile: 'dist/renderer/app.js',
  },
].filter((entry) => entry.entryPoints.every((file) => existsSync(file)));

await Promise.all(entries.map((entry) => build(entry)));
// npm marks a bin executable when it installs a package, not in the checkout it is built in.
if (existsSync(cliCommand)) {
  chmodSync(cliCommand, 0o755);
}

mkdirSync('dist/renderer', { recursive: true });
for (const file of ['index.html', 'styles.css']) {
  if (existsSync(`src/renderer/${file}`)) {
    cpSync(`src/renderer/${file}`, `dist/renderer/${file}`);
  }
}
