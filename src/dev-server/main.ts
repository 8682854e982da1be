// Entry of `npm run dev-server` (bundled to dist/dev-server/main.js). All logic is in cli.ts.
import { serveUntilSignalled } from './cli';
import type { CliOutput } from './cli';

const consoleOutput: CliOutput = {
  out: (text) => console.log(text),
  error: (text) => console.error(text),
};

void serveUntilSignalled(process.argv.slice(2), consoleOutput).then((exitCode) => {
  process.exitCode = exitCode;
});
