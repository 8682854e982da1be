// Wires the process to runCli and ends it with runCli's exit code.
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
    // Ends once stdout and stderr have taken everything written, without waiting for the server
    // to close the connection: a write's callback runs when the data before it is flushed.
    let pending = 2;
    const flushed = (): void => {
      pending -= 1;
      if (pending === 0) {
        process.exit(code);
      }
    };
    process.stdout.write('', flushed);
    process.stderr.write('', flushed);
  });
}
