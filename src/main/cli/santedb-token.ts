// Entry of the `santedb-token` command. Node compiles this file afresh on every run, so it holds
// only the loader: the CLI itself is the bundle beside it, started from a V8 code cache when one
// can be kept (code-cache.ts), or loaded the ordinary way when not.
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { runFromCodeCache } from './code-cache';

const bundle = join(__dirname, 'santedb-token-main.js');
if (!runFromCodeCache(bundle)) {
  createRequire(__filename)(bundle);
}
