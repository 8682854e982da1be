// The `npm run dev-server` command: parses flags, starts the server, prints where it listens,
// what each mount and fault does, the example credentials and a command line to try.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import {
  exampleApplication,
  exampleDeniedApplication,
  exampleDevice,
  exampleLockedDevice,
  exampleUser,
  exampleUserWithoutMfa,
} from './accounts';
import { faultTable } from './faults';
import { mountTable } from './mounts';
import { startDevServer } from './server';
import type { DevServer, DevServerOptions } from './server';

const DEFAULT_PORT = 8080;
const USAGE_EXIT_CODE = 2;

export interface CliOutput {
  out(text: string): void;
  error(text: string): void;
}

export interface CliResult {
  exitCode: number;
  /** Set when the server is running; the caller decides when to close it. */
  server?: DevServer;
}

const flagSpec = {
  port: { type: 'string' },
  host: { type: 'string' },
  lifetime: { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'client-ca': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

class UsageError extends Error {}

/** Starts the server as the flags say; never exits the process. */
export async function run(argv: readonly string[], output: CliOutput): Promise<CliResult> {
  let options: DevServerOptions & { port: number };
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: flagSpec,
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      output.out(helpText());
      return { exitCode: 0 };
    }
    options = serverOptions(values, output);
  } catch (error) {
    output.error(`${usageProblem(error)}\nRun with --help for the list of flags.`);
    return { exitCode: USAGE_EXIT_CODE };
  }

  try {
    const server = await startDevServer(options);
    output.out(banner(server, options.tls !== undefined));
    return { exitCode: 0, server };
  } catch (error) {
    output.error(startFailure(error, options.port));
    return { exitCode: 1 };
  }
}

/** The entry behaviour: run until SIGINT or SIGTERM, then close cleanly. */
export async function serveUntilSignalled(
  argv: readonly string[],
  output: CliOutput,
  signals: NodeJS.EventEmitter = process,
): Promise<number> {
  const result = await run(argv, output);
  if (!result.server) {
    return result.exitCode;
  }

  const signal = await new Promise<string>((resolve) => {
    const onInterrupt = (): void => stop('SIGINT');
    const onTerminate = (): void => stop('SIGTERM');
    const stop = (name: string): void => {
      signals.off('SIGINT', onInterrupt);
      signals.off('SIGTERM', onTerminate);
      resolve(name);
    };
    signals.on('SIGINT', onInterrupt);
    signals.on('SIGTERM', onTerminate);
  });
  output.out(`${signal}: stopping the dev server`);
  await result.server.close();
  return 0;
}

type FlagValues = {
  [name in keyof typeof flagSpec]?: (typeof flagSpec)[name]['type'] extends 'boolean'
    ? boolean
    : string;
};

function serverOptions(values: FlagValues, output: CliOutput): DevServerOptions & { port: number } {
  const port =
    values.port === undefined ? DEFAULT_PORT : integerFlag('--port', values.port, 0, 65_535);
  const options: DevServerOptions & { port: number } = {
    port,
    host: hostFlag(values.host),
    logger: (line) => output.out(line),
  };
  if (values.lifetime !== undefined) {
    // The token engine refuses a token that expires within 5 s of arriving, so shorter sessions
    // could never be used by the tray or the CLI.
    options.sessionLifetimeSeconds = integerFlag('--lifetime', values.lifetime, 10, 31_536_000);
  }

  const cert = values['tls-cert'];
  const key = values['tls-key'];
  const clientCa = values['client-ca'];
  if ((cert === undefined) !== (key === undefined)) {
    throw new UsageError('--tls-cert and --tls-key go together: pass both PEM files, or neither');
  }
  if (clientCa !== undefined && cert === undefined) {
    throw new UsageError('--client-ca needs HTTPS: pass --tls-cert and --tls-key as well');
  }
  if (cert !== undefined && key !== undefined) {
    options.tls = {
      cert: readPem('--tls-cert', cert),
      key: readPem('--tls-key', key),
      clientCa: clientCa === undefined ? undefined : readPem('--client-ca', clientCa),
    };
  }
  return options;
}

function hostFlag(text: string | undefined): string {
  if (text !== undefined && text.trim() === '') {
    throw new UsageError('--host needs an address, such as 127.0.0.1 or 0.0.0.0');
  }
  return text ?? '127.0.0.1';
}

function integerFlag(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not '${text}'`);
  }
  return value;
}

function readPem(flag: string, path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`${flag} ${path}: the file cannot be read (${code})`);
  }
  // TLS would ignore a CA file with no certificate in it, and start as if none were given.
  if (!text.includes('-----BEGIN ')) {
    throw new UsageError(`${flag} ${path}: not a PEM file (it has no -----BEGIN line)`);
  }
  return text;
}

function startFailure(error: unknown, port: number): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return `port ${port} is in use: pass --port 0 or another port`;
  }
  if (code === 'EACCES') {
    return `port ${port} needs privileges: pass --port 0 or a port above 1023`;
  }
  if (
    /^ERR_OSSL|^ERR_SSL/.test(code ?? '') ||
    /PEM|certificate|private key/i.test(describe(error))
  ) {
    return `the --tls-cert or --tls-key file could not be used (${describe(error)}): give a PEM certificate and its PEM private key`;
  }
  return `the dev server could not start: ${describe(error)}`;
}

/** The flag parser's words for a value that looks like a flag, put as what to type instead. */
function usageProblem(error: unknown): string {
  const ambiguous = /^Option '(--[\w-]+)(?: <value>)?' argument is ambiguous/.exec(describe(error));
  if (ambiguous) {
    const flag = ambiguous[1] ?? 'the flag';
    return `${flag} needs a value; one that starts with "-" must be written ${flag}=VALUE`;
  }
  return describe(error);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function helpText(): string {
  return [
    'Usage: npm run dev-server -- [flags]',
    '',
    'A protocol-faithful SanteDB 2.x/3.x token service for trying the tray app and CLI.',
    '',
    'Flags:',
    `  --port PORT          port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)`,
    '  --host HOST          address to bind (default 127.0.0.1)',
    '  --lifetime SECONDS   session lifetime, 10 or more (default 3600)',
    '  --tls-cert FILE      serve HTTPS with this PEM certificate (needs --tls-key)',
    '  --tls-key FILE       PEM private key of --tls-cert',
    '  --client-ca FILE     request client certificates signed by this CA; their CN is the device',
    '  -h, --help           show this help',
    '',
    mountSection('<url>'),
    '',
    faultSection(),
  ].join('\n');
}

function banner(server: DevServer, https: boolean): string {
  const tryCommand = [
    `SANTEDB_CLIENT_SECRET=${exampleApplication.clientSecret} npx santedb-token`,
    `--server ${server.url} --client-id ${exampleApplication.clientId}`,
    https ? '' : '--allow-http',
  ].join(' ');
  return [
    `SanteDB dev server listening on ${server.url}`,
    '',
    mountSection(server.url),
    '',
    faultSection(),
    '',
    'Example credentials (public examples: never use them on a real server):',
    `  application         ${exampleApplication.clientId} / ${exampleApplication.clientSecret}`,
    `  denied application  ${exampleDeniedApplication.clientId} / ${exampleDeniedApplication.clientSecret}`,
    `  device              ${exampleDevice.deviceId} / ${exampleDevice.deviceSecret}`,
    `  locked device       ${exampleLockedDevice.deviceId} / ${exampleLockedDevice.deviceSecret}`,
    `  user (MFA)          ${exampleUser.username} / ${exampleUser.password}, code ${exampleUser.mfaCode}`,
    `  user                ${exampleUserWithoutMfa.username} / ${exampleUserWithoutMfa.password}`,
    '',
    'Try:',
    `  ${tryCommand.trim()}`,
    '',
    'Press Ctrl+C to stop.',
  ].join('\n');
}

function mountSection(base: string): string {
  const paths = mountTable.map((mount) =>
    mount.path.startsWith('/') ? `${base}${mount.path}` : mount.path,
  );
  const width = Math.max(...paths.map((path) => path.length)) + 2;
  const rows = mountTable.map(
    (mount, index) => `  ${(paths[index] ?? '').padEnd(width)}${mount.behaviour}`,
  );
  return [
    "Mounts (a profile's server root picks one; <mount> is any of the first three without /auth):",
    ...rows,
    '  PING / answers 204.',
  ].join('\n');
}

function faultSection(): string {
  const rows = faultTable.map((fault) => `  ${fault.name.padEnd(20)} ${fault.effect}`);
  const intro =
    'Fault switches (/_fault/<name>[+<name>...] before /auth; token endpoint only, except lifetime and skew):';
  return [intro, ...rows].join('\n');
}
