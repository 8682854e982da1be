// Wires the process to runCli and sets the exit code.
import { version } from '../../../package.json';
import { systemClock } from '../core/clock';

import { runCli } from './run-cli';

export function startCli(): void {
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
}
