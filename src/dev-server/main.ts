// Entry of `npm run dev-server` (bundled to dist/dev-server/main.js). All logic is in cli.ts.
import { serveUntilSignalled } from './cli';
import type { CliOutput } from './cli';

/**
 * Lines to a terminal or pipe. A reader that goes away (`npm run dev-server | head`) takes the
 * output with it, not the server: writing to the closed pipe stops, serving goes on.
 */
function lines(stream: NodeJS.WriteStream): (text: string) => void {
  let open = true;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') {
      throw error;
    }
    open = false;
  });
  return (text) => {
    if (open) {
      stream.write(`${text}\n`);
    }
  };
}

// What the server prints is its user interface (URLs, accounts, request lines), not a log.
const terminal: CliOutput = {
  out: lines(process.stdout),
  error: lines(process.stderr),
};

void serveUntilSignalled(process.argv.slice(2), terminal).then((exitCode) => {
  process.exitCode = exitCode;
});
