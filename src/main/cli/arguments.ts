// Reads the command line into a command and its options. Secrets are refused here, before
// anything else runs, because a value on the command line shows in the process list and in
// shell history.
import { parseArgs } from 'node:util';

import { TIMEOUT_NEEDED, UsageError } from './usage';

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

type OptionName = keyof typeof optionSpec;

/** What each option's value is, for a message about a missing one. */
const valueOf: Partial<Record<OptionName, string>> = {
  server: 'URL',
  'token-endpoint': 'URL',
  'client-id': 'ID',
  'device-id': 'ID',
  cert: 'FILE',
  key: 'FILE',
  ca: 'FILE',
  scope: 'SCOPE',
  protocol: 'auto|santedb3|santedb2|oauth2',
  'client-auth': 'basic|post',
};

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
  checkOptionShapes(argv);

  const { values, positionals } = parseWithPlainErrors(argv);
  if (values.help) {
    return { kind: 'help' };
  }
  if (values.version) {
    return { kind: 'version' };
  }
  rejectEmptyValues(values);

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
  } catch {
    // checkOptionShapes words the cases it knows; Node's own text reads badly in one line.
    throw new UsageError('the command line could not be read');
  }
}

/**
 * Unknown options and options without their value, found before parseArgs so that each gets a
 * message of ours: Node's spans several lines and ends mid-quote when cut to one.
 */
function checkOptionShapes(argv: readonly string[]): void {
  const seen = new Set<string>();
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (argument === '--') {
      return;
    }
    if (!isOptionLike(argument)) {
      continue;
    }
    if (!argument.startsWith('--')) {
      checkShortOptions(argument);
      continue;
    }
    const [flag = '', ...inline] = argument.split('=');
    const name = flag.slice(2);
    if (!isOptionName(name)) {
      throw unknownOption(flag);
    }
    // The last of two would win in silence, and a script that sets one twice usually means neither.
    if (seen.has(name)) {
      throw new UsageError(`${flag} is given more than once: give it once`);
    }
    seen.add(name);
    if (optionSpec[name].type === 'boolean') {
      if (inline.length > 0) {
        throw new UsageError(`${flag} takes no value`);
      }
      continue;
    }
    if (inline.length > 0) {
      continue;
    }
    // As parseArgs does: a following word that starts with "-" is an option, not this value.
    const next = argv[index + 1];
    if (next === undefined || isOptionLike(next)) {
      throw new UsageError(valueNeeded(name, next !== undefined));
    }
    index += 1;
  }
}

/**
 * An empty value is a missing one: `--ca ''` (or `--ca=`, or an unset "$CA") would otherwise be
 * read as the current directory, and `--server=` as no server at all.
 */
function rejectEmptyValues(values: ParsedValues): void {
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' && value.trim() === '' && isOptionName(name)) {
      throw new UsageError(valueNeeded(name, false));
    }
  }
}

function checkShortOptions(argument: string): void {
  for (const letter of argument.slice(1)) {
    const known = Object.values(optionSpec).some(
      (spec) => 'short' in spec && spec.short === letter,
    );
    if (!known) {
      throw unknownOption(`-${letter}`);
    }
  }
}

function valueNeeded(name: OptionName, startsWithDash: boolean): string {
  if (name === 'timeout') {
    return TIMEOUT_NEEDED;
  }
  const dash = startsWithDash ? `; for a value that starts with "-", write --${name}=VALUE` : '';
  return `--${name} needs a value, as in --${name} ${valueOf[name] ?? 'VALUE'}${dash}`;
}

/** Named only when it looks like an option: a secret pasted by mistake would reach the log. */
function unknownOption(flag: string): UsageError {
  return new UsageError(
    /^--?[A-Za-z0-9][A-Za-z0-9-]{0,39}$/.test(flag) ? `unknown option ${flag}` : 'unknown option',
  );
}

function isOptionLike(argument: string): boolean {
  return argument.length > 1 && argument.startsWith('-');
}

function isOptionName(name: string): name is OptionName {
  return Object.hasOwn(optionSpec, name);
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
