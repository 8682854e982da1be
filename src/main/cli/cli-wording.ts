// The engine words its advice for the tray, whose user edits a profile; the CLI's user edits a
// command line and the environment. Each message keeps the engine's diagnosis (and, for a refusal,
// the HTTP status and OAuth error) and gets its advice in the CLI's terms. Plain data and string
// work only: output.ts loads this for every run, `--help` included.
import type { TokenError } from '../core/errors';

import type { CliOptions } from './arguments';

/** Profile fields as the CLI user knows them. */
export const optionOfField: Record<string, string> = {
  serverRoot: '--server',
  tokenEndpoint: '--token-endpoint',
  clientId: '--client-id',
  clientAuth: '--client-auth',
  protocol: '--protocol',
  scope: '--scope',
  caPath: '--ca',
  allowHttp: '--allow-http',
  timeoutSeconds: '--timeout',
  // `nodeAuth` itself is not here: its issues are about whichever kind was given, and
  // profile-from-args.ts knows which.
  'nodeAuth.deviceId': '--device-id',
  'nodeAuth.path': '--cert',
  'nodeAuth.certPath': '--cert',
  'nodeAuth.keyPath': '--key',
};

/** The node authentication a command line gave, as far as the CLI's advice depends on it. */
export type GivenNodeAuth = 'none' | 'device' | 'certificate';

/** What the command line gave for node authentication. */
export function givenNodeAuth(options: Pick<CliOptions, 'deviceId' | 'cert'>): GivenNodeAuth {
  if (options.deviceId !== undefined) {
    return 'device';
  }
  return options.cert === undefined ? 'none' : 'certificate';
}

const NODE_AUTH_ADVICE =
  'pass --device-id ID with SANTEDB_DEVICE_SECRET, or a client certificate with --cert FILE (and --key FILE for PEM)';

/** What to do instead of the engine's advice, by the field the error is about. */
const adviceByField: Record<string, string> = {
  timeoutSeconds: 'check that the server is up, or pass a larger --timeout',
  caPath: "pass the server's CA with --ca FILE",
  tokenEndpoint: 'if it is trustworthy, pass the final token URL with --token-endpoint URL',
  'secrets.certPassphrase':
    'set SANTEDB_CERT_PASSPHRASE to the passphrase of the --cert file (or of an encrypted --key)',
  'secrets.clientSecret': 'set SANTEDB_CLIENT_SECRET to the client secret of --client-id',
  'secrets.deviceSecret': 'set SANTEDB_DEVICE_SECRET to the device secret of --device-id',
};

/** Refusal advice by `status error`, then `error`; used where the engine's names the profile. */
const refusalAdvice: Record<string, string> = {
  invalid_scope: 'pass another --scope',
  unsupported_grant_type: 'check --server (or --token-endpoint) and --protocol',
  unauthorized_client: NODE_AUTH_ADVICE,
  invalid_client: 'set SANTEDB_CLIENT_SECRET to the client secret of --client-id',
  '500 unspecified_error':
    'if --scope names specific policies, check that the server knows each; otherwise its log names the cause',
};
const DEFAULT_REFUSAL_ADVICE = 'check --client-id, the other options and the SANTEDB_* variables';

// Transport failures carry the Node or OpenSSL code in `detail` rather than a field.
const deadlineDetails = new Set([
  'total_deadline',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The engine's words for credentials and files, as the options and variables that hold them. */
const trayPhrases: Array<[RegExp, string]> = [
  [/\bnone is stored\b/g, 'SANTEDB_CERT_PASSPHRASE is not set'],
  [/\bstore the client secret\b/g, 'set SANTEDB_CLIENT_SECRET'],
  [/\badd the device credentials or a client certificate\b/g, NODE_AUTH_ADVICE],
  [/\badd the device credentials\b/g, 'pass --device-id ID with SANTEDB_DEVICE_SECRET'],
  [/\bthe client id and client secret\b/g, '--client-id and SANTEDB_CLIENT_SECRET'],
  [/\bthe client id and secret\b/g, '--client-id and SANTEDB_CLIENT_SECRET'],
  [/\bcheck the client id\b/g, 'check --client-id'],
  [/\bthe device id and device secret\b/g, '--device-id and SANTEDB_DEVICE_SECRET'],
  [
    /\bin the Authorization header \(basic\) or in the form \(post\)/g,
    'in the Authorization header (--client-auth basic) or in the form (--client-auth post)',
  ],
  [
    /\bcheck the server root \(without \/auth\) or the token endpoint URL\b/g,
    'check --server (without /auth) or --token-endpoint',
  ],
  [/\bthe server root does not already end in\b/g, '--server does not already end in'],
  [/\bset the protocol to SanteDB 3\.x or auto\b/g, 'pass --protocol santedb3 or auto'],
  [/\bchoose a SanteDB protocol\b/g, 'pass --protocol auto, santedb3 or santedb2'],
  [/\buse a client certificate for\b/g, 'use a client certificate (--cert FILE) for'],
  [
    /\bchoose the key file made with this certificate\b/g,
    'pass the key made with the --cert file as --key FILE',
  ],
  [/\bchoose the matching key file\b/g, 'pass the key made with the --cert file as --key FILE'],
  [
    /\bchoose the exported certificate file\b/g,
    'pass the exported certificate file as --cert FILE',
  ],
  [
    /\bchoose the PEM files of the node certificate and its key\b/g,
    'pass the PEM files of the node certificate and its key as --cert FILE and --key FILE',
  ],
  [/\bchoose the right file\b/g, 'pass the right file'],
  [/\bchoose a PEM file\b/g, 'pass a PEM file'],
  [/\bchoose SanteDB 2\.x\b/g, 'pass --protocol santedb2'],
];

/**
 * The engine names the device credentials wherever they may be at fault, since a profile may have
 * them; a command line that gave none, or a certificate instead, is told about what it gave.
 * Applied before `trayPhrases`, which would name --device-id.
 */
const nodeAuthPhrases: Readonly<Record<GivenNodeAuth, Array<[RegExp, string]>>> = {
  none: [
    [
      /\bThe application or device credentials were rejected\b/g,
      'The application credentials were rejected',
    ],
    [/, and the device id and device secret\b/g, ''],
    [/\bcheck the device id and device secret\b/g, NODE_AUTH_ADVICE],
  ],
  device: [[/, and add the device credentials or a client certificate\b/g, '']],
  certificate: [
    [/\bthe device id and device secret\b/g, 'the --cert certificate'],
    [/, and add the device credentials or a client certificate\b/g, ''],
  ],
};

const REFUSAL_PREFIX = /^Token request refused \([^)]*\)\. /;
const SERVER_SAID = ' The server said: "';

/**
 * The engine's error in CLI words. With `given`, advice about node authentication speaks of what
 * the command line gave: the engine names the device credentials wherever a profile may have them.
 */
export function cliMessage(error: TokenError, given?: GivenNodeAuth): string {
  if (error.code === 'server_refused') {
    return refusalMessage(error, given);
  }
  const field = adviceFieldOf(error);
  const advice = field === undefined ? undefined : adviceByField[field];
  const message = advice === undefined ? error.message : withAdvice(error.message, advice);
  return cliWording(withOptionNames(message, error.context.field), given);
}

/**
 * Tray words that no rule above replaced, in CLI terms: what the engine says of "the profile"
 * holds for the command line. Also for warnings and profile issues, which carry no code. With
 * `given`, the device credentials are spoken of as the command line gave them.
 */
export function cliWording(text: string, given?: GivenNodeAuth): string {
  const phrases = given === undefined ? trayPhrases : [...nodeAuthPhrases[given], ...trayPhrases];
  return phrases
    .reduce((result, [phrase, words]) => result.replace(phrase, words), text)
    .replace(/\bProfile '[^']*'/g, 'This token request')
    .replace(
      /\bset the profile protocol to SanteDB 2\.x or auto\b/g,
      'pass --protocol santedb2 or auto',
    )
    .replace(/\bthe profile protocol\b/g, '--protocol')
    .replace(/\bcorrect the profile before\b/g, 'correct the options and secrets before')
    .replace(/\bin the profile settings\b/g, 'on the command line or in the environment')
    .replace(/\b([Tt])he profile\b/g, '$1he command line');
}

function adviceFieldOf(error: TokenError): string | undefined {
  const { field, detail = '', location } = error.context;
  switch (error.code) {
    case 'missing_secret':
      return field;
    case 'timeout':
      return deadlineDetails.has(detail) ? 'timeoutSeconds' : undefined;
    case 'tls':
      // The engine names the field that fixes a TLS failure: the CA file or the passphrase.
      return field;
    case 'redirect':
      // Without a location the engine's advice is already "check the token endpoint URL".
      return location === undefined ? undefined : 'tokenEndpoint';
    default:
      return undefined;
  }
}

/** The engine writes "diagnosis: advice"; the advice is what follows the last ": ". */
function withAdvice(message: string, advice: string): string {
  const end = message.endsWith('.') ? '.' : '';
  const split = message.lastIndexOf(': ');
  const diagnosis =
    split < 0 ? message.slice(0, message.length - end.length) : message.slice(0, split);
  return `${diagnosis}: ${advice}${end}`;
}

/** "(caPath)" in a file error names the profile field; the CLI user gave an option. */
function withOptionNames(message: string, field: string | undefined): string {
  const option = field === undefined ? undefined : optionOfField[field];
  return option === undefined ? message : message.replaceAll(`(${field})`, `(${option})`);
}

/**
 * A refusal keeps its "Token request refused (HTTP status, error)." and the server's own words,
 * which are never rewritten; each sentence of the engine's hint that names the profile gets CLI
 * advice in place of its own.
 */
function refusalMessage(error: TokenError, given: GivenNodeAuth | undefined): string {
  const prefix = REFUSAL_PREFIX.exec(error.message)?.[0];
  if (prefix === undefined) {
    return cliWording(error.message, given);
  }
  const saidAt = error.message.indexOf(SERVER_SAID);
  const hintEnd = saidAt < 0 ? error.message.length : saidAt;
  const hint = error.message.slice(prefix.length, hintEnd);
  const advice = refusalAdviceFor(error);
  const sentences = hint
    .split(/(?<=\.) /)
    .map((sentence) =>
      /\bprofile\b/i.test(sentence) && sentence.includes(': ')
        ? withAdvice(sentence, advice)
        : cliWording(sentence, given),
    );
  return `${prefix}${sentences.join(' ')}${error.message.slice(hintEnd)}`;
}

function refusalAdviceFor(error: TokenError): string {
  const { status, oauthError } = error.context;
  const keys = [`${status ?? ''} ${oauthError ?? ''}`, oauthError ?? ''];
  const key = keys.find((candidate) => Object.hasOwn(refusalAdvice, candidate));
  return key === undefined
    ? DEFAULT_REFUSAL_ADVICE
    : (refusalAdvice[key] ?? DEFAULT_REFUSAL_ADVICE);
}
