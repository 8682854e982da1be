// Reads the command line into a command and its options. Secrets are refused here, before
// anything else runs, because a value on the command line shows in the process list and in
// shell history.
import { parseArgs } from 'node:util';

import { UsageError } from './usage';

export const outputFormats = ['token', 'header', 'claims', 'json'] as const;
export type OutputFormat = (typeof outputFormats)[number];

const optionSpec = {
  server: { type: 'string' },
  'token-endpoint': { type: 'string' },
  'client-id': { type: 'string' },
  'device-id': { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  ca: { type: 'string' },
  scope: { type: 'string' },
  protocol: { type: 'string' },
  'client-auth': { type: 'string' },
  'allow-http': { type: 'boolean' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export interface CliOptions {
  server?: string;
  tokenEndpoint?: string;
  clientId?: string;
  deviceId?: string;
  cert?: string;
  key?: string;
  ca?: string;
  scope?: string;
  protocol?: string;
  clientAuth?: string;
  allowHttp: boolean;
  timeout?: string;
}

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; format: OutputFormat; options: CliOptions };

/** Parse `argv` (without node and the script). Throws UsageError. */
export function parseArguments(argv: readonly string[]): CliCommand {
  rejectSecretOptions(argv);

  const { values, positionals } = parseWithPlainErrors(argv);
  if (values.help) {
    return { kind: 'help' };
  }
  if (values.version) {
    return { kind: 'version' };
  }

  return { kind: 'run', format: formatFrom(positionals), options: optionsFrom(values) };
}

type ParsedValues = ReturnType<typeof parseWithPlainErrors>['values'];

function parseWithPlainErrors(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: optionSpec,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // Node's messages name the option, never its value; keep only their first line.
    const firstLine = error instanceof Error ? (error.message.split('\n')[0] ?? '') : '';
    throw new UsageError(firstLine || 'the command line could not be read');
  }
}

function formatFrom(positionals: string[]): OutputFormat {
  if (positionals.length > 1) {
    throw new UsageError('give at most one command: token, header, claims or json');
  }
  const command = positionals[0] ?? 'token';
  if (!isOutputFormat(command)) {
    // The word itself is not echoed: a mistyped secret would otherwise reach the terminal log.
    throw new UsageError('unknown command: use token, header, claims or json');
  }
  return command;
}

function optionsFrom(values: ParsedValues): CliOptions {
  return {
    server: values.server,
    tokenEndpoint: values['token-endpoint'],
    clientId: values['client-id'],
    deviceId: values['device-id'],
    cert: values.cert,
    key: values.key,
    ca: values.ca,
    scope: values.scope,
    protocol: values.protocol,
    clientAuth: values['client-auth'],
    allowHttp: values['allow-http'] ?? false,
    timeout: values.timeout,
  };
}

/** Checked before parsing so a secret-looking option gets advice rather than "unknown option". */
function rejectSecretOptions(argv: readonly string[]): void {
  for (const argument of argv) {
    if (argument === '--') {
      return;
    }
    const name = optionName(argument);
    if (name === undefined) {
      continue;
    }
    const variable = secretVariableFor(name);
    if (variable) {
      throw new UsageError(
        `--${name} is not accepted: secrets on the command line show in the process list and shell history; set ${variable} instead`,
      );
    }
  }
}

function optionName(argument: string): string | undefined {
  if (!argument.startsWith('--') || argument.length === 2) {
    return undefined;
  }
  const name = argument.slice(2).split('=')[0] ?? '';
  return Object.hasOwn(optionSpec, name) ? undefined : name;
}

function secretVariableFor(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower.includes('device') && /secret|pass/.test(lower)) {
    return 'SANTEDB_DEVICE_SECRET';
  }
  if (/passphrase|cert-pass|key-pass|pfx-pass|p12-pass/.test(lower)) {
    return 'SANTEDB_CERT_PASSPHRASE';
  }
  if (/secret|password|^pass$/.test(lower)) {
    return 'SANTEDB_CLIENT_SECRET';
  }
  return undefined;
}

function isOutputFormat(value: string): value is OutputFormat {
  return (outputFormats as readonly string[]).includes(value);
}
