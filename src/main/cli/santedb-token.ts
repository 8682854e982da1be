// Entry of the `santedb-token` command. The bundle first runs itself again from a V8 code cache
// (code-cache.ts); that copy, or this one when no cache can be used, starts the CLI.
import { setFlagsFromString } from 'node:v8';

import { runFromCodeCache } from './code-cache';

// undici parses HTTP with a WebAssembly module. V8 re-compiles hot WebAssembly in the background
// and waits for that at exit, which added ~150 ms to every run; a one-shot CLI needs no tier-up.
// It is set before anything is compiled, because V8 accepts a code cache only under the flags
// it was made with.
setFlagsFromString('--liftoff-only');

if (!runFromCodeCache(__filename)) {
  void import('./start-cli').then(({ startCli }) => startCli());
}
