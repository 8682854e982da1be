// Entry of `npm run dev-server` (bundled to dist/dev-server/main.js). All logic is in cli.ts.
import { serveUntilSignalled } from './cli';
import type { CliOutput } from './cli';

// What the server prints is its user interface (URLs, accounts, request lines), not a log.
const terminal: CliOutput = {
  out: (text) => process.stdout.write(`${text}\n`),
  error: (text) => process.stderr.write(`${text}\n`),
};

void serveUntilSignalled(process.argv.slice(2), terminal).then((exitCode) => {
  process.exitCode = exitCode;
});
