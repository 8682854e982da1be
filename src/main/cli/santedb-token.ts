// Entry of the `santedb-token` command. Node compiles this file afresh on every run, so it holds
// only the loader: the CLI itself is the bundle beside it, started from a V8 code cache when one
// can be kept (code-cache.ts), or loaded the ordinary way when not.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';

import { runFromCodeCache } from './code-cache';

// undici parses HTTP with a WebAssembly module. V8 re-compiles hot WebAssembly in the background
// and waits for that at exit, which added ~150 ms to every run; a one-shot CLI needs no tier-up.
// It is set before anything is compiled, because V8 accepts a code cache only under the flags
// it was made with.
setFlagsFromString('--liftoff-only');

const bundle = join(__dirname, 'santedb-token-main.js');
if (!runFromCodeCache(bundle)) {
  createRequire(__filename)(bundle);
}
