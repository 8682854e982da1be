// The CLI's two output files, for scripts/build.mjs and for the tests that build only the CLI.
// The command is a small loader that Node compiles on every run; the bundle it starts is kept
// out of that file so that a code-cache hit skips compiling it. Both are minified: every run
// reads them, and the loader hashes the bundle to find its cache.
/** The command itself: run by path (`npx santedb-token`, the package's bin), so it must be executable. */
export const cliCommand = 'dist/cli/santedb-token.js';

export const cliEntries = [
  {
    entryPoints: ['src/main/cli/santedb-token.ts'],
    outfile: cliCommand,
    banner: { js: '#!/usr/bin/env node' },
    minify: true,
  },
  {
    entryPoints: ['src/main/cli/santedb-token-main.ts'],
    outfile: 'dist/cli/santedb-token-main.js',
    minify: true,
    // The loader runs this bundle through vm.Script, where import() has no module loader: a
    // built-in loaded on demand (node:tls, node:http, ...) must become a require().
    supported: { 'dynamic-import': false },
  },
];
