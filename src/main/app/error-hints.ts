// What a user can do about an engine error, in SanteDB terms. The engine's message says what
// went wrong; the hint says where to fix it. Keyed on the stable code and the server's `error`
// value, never on `error_description`, which SanteDB localises.
import type { TokenErrorCode, TokenErrorContext } from '../core/errors';
import { secretNames, type SecretName } from '../core/profile';

export const secretLabels: Record<SecretName, string> = {
  clientSecret: 'client secret',
  deviceSecret: 'device secret',
  certPassphrase: 'certificate passphrase',
};

const refusalHints: Record<string, string> = {
  unauthorized_client:
    'This server requires node authentication: add the device credentials or a client certificate in Manage profiles',
  invalid_client: 'Check the client id and client secret in Manage profiles',
  invalid_grant:
    'The server did not accept the application: check the client id and its secret in Manage profiles',
  unsupported_grant_type:
    'This server does not accept the client_credentials grant: check the protocol in Manage profiles',
  invalid_scope: 'Ask for fewer scopes, or leave the scope as * in Manage profiles',
  invalid_request:
    'The server could not read the request: check the protocol (SanteDB 3.x, 2.x or OAuth 2.0)',
};

const statusHints: Record<number, string> = {
  401: 'The server did not accept the application or device credentials: check the client id, client secret and device secret',
  403: "The server's policy denied the request: ask its administrator to grant this application the policy, or ask for fewer scopes",
  423: 'The application or device is locked on the server: ask its administrator to unlock it',
};

const codeHints: Partial<Record<TokenErrorCode, string>> = {
  invalid_profile: 'Open Manage profiles and correct the field named',
  secret_unreadable:
    'The stored secret can no longer be decrypted (the system keyring changed): enter it again in Manage profiles',
  unreadable_file:
    'Check that the file still exists and can be read, then choose it again in Manage profiles',
  rate_limited: 'The server asked for fewer requests: the token will be requested again later',
  server_error: 'The server failed: try again later, or look at the server log',
  network:
    'Check that the server is reachable from this computer: its address and port, a VPN or a proxy',
  tls: "Check the server's certificate (add its CA file in Manage profiles if it is a private CA) and, for a client certificate, the file and its passphrase",
  timeout: 'The server did not answer in time: check that it is reachable, or raise the timeout',
  redirect:
    'The token endpoint answered with a redirect: check the server root, including http:// or https:// and the path',
  bad_response:
    'This address does not answer like a token endpoint: check the server root and the protocol',
  storage: 'The settings could not be written: check the free disk space and the permissions',
};

/**
 * A short instruction for the error, or undefined when there is nothing to add: the engine's
 * messages often say what to do already, so a hint whose diagnosis the message states is dropped.
 */
export function errorHint(
  code: string,
  context: TokenErrorContext = {},
  message = '',
): string | undefined {
  const hint = hintFor(code, context);
  if (!hint) {
    return undefined;
  }
  const diagnosis = hint.split(':')[0]?.toLowerCase() ?? hint;
  return message.toLowerCase().includes(diagnosis) ? undefined : hint;
}

/** A message with the hint for its error attached as a sentence of its own. */
export function withHint(message: string, code: string, context: TokenErrorContext = {}): string {
  const hint = errorHint(code, context, message);
  return hint ? `${message.replace(/[.\s]+$/, '')}. ${hint}` : message;
}

function hintFor(code: string, context: TokenErrorContext): string | undefined {
  if (code === 'missing_secret') {
    const secret = secretOf(context.field);
    return `Enter the ${secret ? secretLabels[secret] : 'missing secret'} in Manage profiles`;
  }
  if (code === 'server_refused') {
    return refusalHint(context);
  }
  return codeHints[code as TokenErrorCode];
}

function refusalHint(context: TokenErrorContext): string | undefined {
  const byError = context.oauthError ? refusalHints[context.oauthError] : undefined;
  if (byError) {
    return byError;
  }
  return context.status === undefined ? undefined : statusHints[context.status];
}

/** Secret fields arrive as `clientSecret` or `secrets.clientSecret`. */
function secretOf(field: string | undefined): SecretName | undefined {
  const name = field?.replace(/^secrets\./, '');
  return secretNames.find((candidate) => candidate === name);
}
