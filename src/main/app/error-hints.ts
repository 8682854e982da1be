// What a user can do about an engine error, in SanteDB terms. The engine's message says what
// went wrong; the hint says where to fix it. Keyed on the stable code and the server's `error`
// value, never on `error_description`, which SanteDB localises. Refusals take their hints from
// the engine (oauth-errors.ts), which knows what each `error` means in each server generation.
import type { TokenErrorCode, TokenErrorContext } from '../core/errors';
import { specificRefusalHint, type Grant, type RefusalFacts } from '../core/oauth-errors';
import { secretNames, type Generation, type SecretName } from '../core/profile';

export const secretLabels: Record<SecretName, string> = {
  clientSecret: 'client secret',
  deviceSecret: 'device secret',
  certPassphrase: 'certificate passphrase',
};

/** What a refusal means when only its HTTP status is known. */
const statusHints: Record<number, string> = {
  401: 'The server did not accept the application or device credentials: check the client id, client secret and device secret',
  403: "The server's policy denied the request: ask its administrator to grant this application the policy, or ask for fewer scopes",
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
  const hint = hintFor(code, context, message);
  if (!hint) {
    return undefined;
  }
  return states(message, hint) ? undefined : hint;
}

/** A message with the hint for its error attached as a sentence of its own. */
export function withHint(message: string, code: string, context: TokenErrorContext = {}): string {
  const hint = errorHint(code, context, message);
  return hint ? `${message.replace(/[.\s]+$/, '')}. ${hint}` : message;
}

function hintFor(code: string, context: TokenErrorContext, message: string): string | undefined {
  if (code === 'missing_secret') {
    const secret = secretOf(context.field);
    return `Enter the ${secret ? secretLabels[secret] : 'missing secret'} in Manage profiles`;
  }
  if (code === 'server_refused') {
    return refusalHintFor(context, message);
  }
  if (code === 'bad_response' && context.field !== 'content-type' && context.field !== 'body') {
    // A token endpoint answered, but a field was wrong: the engine's message says which and why.
    return undefined;
  }
  return codeHints[code as TokenErrorCode];
}

const generations: readonly Generation[] = ['santedb3', 'santedb2', 'oauth2'];
const grants: readonly Grant[] = ['client_credentials', 'refresh_token'];

/**
 * The engine's refusal hints, adapted. The context does not say which generation refused, but an
 * engine message already carries the hint of the one that did, and adding another's would
 * contradict it (unauthorized_client is missing node authentication on 3.x, rejected application
 * credentials on 2.x). Otherwise the 3.x meaning, the shape `auto` tries first; failing that,
 * the status alone, since the engine's own advice for a bare status is already in its message.
 */
function refusalHintFor(context: TokenErrorContext, message: string): string | undefined {
  const facts = (generation: Generation, grant: Grant): RefusalFacts => ({
    status: context.status ?? 0,
    oauthError: context.oauthError,
    generation,
    grant,
  });
  const engineHints = generations.flatMap((generation) =>
    grants.map((grant) => specificRefusalHint(facts(generation, grant))),
  );
  if (engineHints.some((hint) => hint !== undefined && states(message, hint))) {
    return undefined;
  }
  const specific = specificRefusalHint(facts('santedb3', 'client_credentials'));
  if (specific) {
    return inAppTerms(specific);
  }
  return context.status === undefined ? undefined : statusHints[context.status];
}

/** Whether the message already gives the hint's diagnosis (the part before its first colon). */
function states(message: string, hint: string): boolean {
  const diagnosis = hint.split(':')[0]?.toLowerCase() ?? hint;
  return message.toLowerCase().includes(diagnosis);
}

/**
 * The engine says "the profile", as the CLI has no window; the app names the place it is edited.
 * Without a final period, since callers join hints into sentences of their own.
 */
function inAppTerms(hint: string): string {
  return hint
    .replace(/ (?:to|in) the profile(?=[.,;]|$)/g, ' in Manage profiles')
    .replace(/[.\s]+$/, '');
}

/** Secret fields arrive as `clientSecret` or `secrets.clientSecret`. */
export function secretOf(field: string | undefined): SecretName | undefined {
  const name = field?.replace(/^secrets\./, '');
  return secretNames.find((candidate) => candidate === name);
}
