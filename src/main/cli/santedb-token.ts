// Entry of the `santedb-token` command: wires the process to runCli and sets the exit code.
import { setFlagsFromString } from 'node:v8';

import { version } from '../../../package.json';
import { systemClock } from '../core/clock';

import { runCli } from './run-cli';

// undici parses HTTP with a WebAssembly module. V8 re-compiles hot WebAssembly in the background
// and waits for that at exit, which added ~150 ms to every run; a one-shot CLI needs no tier-up.
setFlagsFromString('--liftoff-only');

// A reader that stops early (`| head -c 20`) closes the pipe; that is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') {
    throw error;
  }
});

void runCli({
  argv: process.argv.slice(2),
  env: process.env,
  clock: systemClock,
  version,
  writeStdout: (text) => process.stdout.write(text),
  writeStderr: (text) => process.stderr.write(text),
}).then((code) => {
  // exitCode rather than exit(), so piped stdout is flushed before the process ends.
  process.exitCode = code;
});
