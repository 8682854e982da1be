// Entry of the `santedb-token` command. Node compiles this file afresh on every run, so it holds
// only the loader: the CLI itself is the bundle beside it, started from a V8 code cache when one
// can be kept (code-cache.ts), or loaded the ordinary way when not.
import { join } from 'node:path';

import { runFromCodeCache } from './code-cache';

const bundle = join(__dirname, 'santedb-token-main.js');
// The bundle sits beside this file and requires only Node's built-ins, so this file's own
// require serves it (node:module's createRequire would cost a module load of its own).
if (!runFromCodeCache(bundle, require)) {
  module.require(bundle);
}
