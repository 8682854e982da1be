// Wires the process to runCli and ends it with runCli's exit code, or with a usage error when
// the output could not be written: a script must not take an empty token file for success.
import { version } from '../../../package.json';
import { systemClock } from '../core/clock';

import { ExitCode } from './exit-codes';
import type { ExitCodeValue } from './exit-codes';
import { runCli } from './run-cli';

export function startCli(): void {
  let outputFailure: string | undefined;
  const noteFailure = (error: NodeJS.ErrnoException | null | undefined): void => {
    // A reader that stops early (`| head -c 20`) closes the pipe; that is not an error of ours.
    if (error && error.code !== 'EPIPE') {
      outputFailure ??= error.code ?? error.name;
    }
  };
  // A stream is set up on first use (for a pipe that costs a socket), so one never written to
  // is neither created nor waited for.
  let wroteStdout = false;
  let wroteStderr = false;

  void runCli({
    argv: process.argv.slice(2),
    env: process.env,
    clock: systemClock,
    version,
    writeStdout: (text) => {
      if (!wroteStdout) {
        wroteStdout = true;
        process.stdout.on('error', noteFailure);
      }
      process.stdout.write(text);
    },
    writeStderr: (text) => {
      if (!wroteStderr) {
        wroteStderr = true;
        // A stderr that cannot be written leaves nowhere to say so: the exit code still tells.
        process.stderr.on('error', () => undefined);
      }
      process.stderr.write(text);
    },
  }).then((code) => {
    if (!wroteStdout) {
      finish(code, outputFailure, wroteStderr);
      return;
    }
    // Ends once stdout has taken everything written, without waiting for the server to close
    // the connection: a write's callback runs when the data before it is flushed.
    process.stdout.write('', (error) => {
      noteFailure(error);
      finish(code, outputFailure, wroteStderr);
    });
  });
}

function finish(
  code: ExitCodeValue,
  outputFailure: string | undefined,
  wroteStderr: boolean,
): void {
  if (outputFailure === undefined) {
    if (wroteStderr) {
      process.stderr.write('', () => process.exit(code));
    } else {
      process.exit(code);
    }
    return;
  }
  const line = `santedb-token: the output could not be written (${outputFailure}): check where stdout goes, such as a full disk\n`;
  process.stderr.write(line, () => process.exit(code === ExitCode.ok ? ExitCode.usage : code));
}
