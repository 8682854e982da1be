// One error type for the whole engine. Its `code` is a closed union so callers (CLI exit codes,
// tray notifications, IPC results) can branch on it; its message is for people and says what to
// do. Nothing that grants access may ever be placed in a message, in `context` or in `cause`.

export type TokenErrorCode =
  /** The profile cannot work as written: a field is missing, malformed or contradictory. */
  | 'invalid_profile'
  /** A secret the profile needs (client secret, device secret, passphrase) is not stored. */
  | 'missing_secret'
  /** A stored secret could not be decrypted; the user must enter it again. */
  | 'secret_unreadable'
  /** A file the profile names (certificate, key, CA) could not be read or parsed. */
  | 'unreadable_file'
  /** The server answered with an OAuth `error` (or a SanteDB fault) and refused the request. */
  | 'server_refused'
  /** The server asked us to slow down (HTTP 429). */
  | 'rate_limited'
  /** The server failed (5xx) without saying why in OAuth terms. */
  | 'server_error'
  /** The connection could not be made or broke: DNS, refused, reset. */
  | 'network'
  /** TLS failed: untrusted or mismatched server certificate, bad client certificate or passphrase. */
  | 'tls'
  /** A connect or total deadline passed. */
  | 'timeout'
  /** The token endpoint answered with a redirect, which is never followed. */
  | 'redirect'
  /** The answer was not a usable token response (HTML, not JSON, missing or malformed fields). */
  | 'bad_response'
  /** The request was abandoned because its profile changed or was removed. */
  | 'cancelled'
  /** Settings or secrets could not be read or written. */
  | 'storage';

export interface TokenErrorContext {
  profileId?: string;
  field?: string;
  url?: string;
  status?: number;
  oauthError?: string;
  oauthErrorDescription?: string;
  retryAfterMs?: number;
  location?: string;
  contentType?: string;
  /** A short machine-readable detail such as a Node error code (`ECONNREFUSED`). */
  detail?: string;
}

/** What a user can do about an error, so the tray and CLI can group them. */
export type TokenErrorCategory =
  'configuration' | 'refused' | 'transport' | 'response' | 'internal';

const categories: Record<TokenErrorCode, TokenErrorCategory> = {
  invalid_profile: 'configuration',
  missing_secret: 'configuration',
  secret_unreadable: 'configuration',
  unreadable_file: 'configuration',
  server_refused: 'refused',
  rate_limited: 'refused',
  server_error: 'refused',
  network: 'transport',
  tls: 'transport',
  timeout: 'transport',
  redirect: 'response',
  bad_response: 'response',
  cancelled: 'internal',
  storage: 'internal',
};

/** Which kind of failure a code is: what a caller does about it depends on this alone. */
export function categoryOf(code: TokenErrorCode): TokenErrorCategory {
  return categories[code];
}

/** Transient failures that may succeed if tried again later; never credential refusals. */
const retryable = new Set<TokenErrorCode>(['rate_limited', 'server_error', 'network', 'timeout']);

export class TokenError extends Error {
  override readonly name = 'TokenError';
  readonly code: TokenErrorCode;
  readonly context: TokenErrorContext;

  constructor(
    code: TokenErrorCode,
    message: string,
    context: TokenErrorContext = {},
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause: describeCause(cause) });
    this.code = code;
    this.context = context;
  }

  get category(): TokenErrorCategory {
    return categoryOf(this.code);
  }

  get retryable(): boolean {
    return retryable.has(this.code);
  }

  toJSON(): { code: TokenErrorCode; message: string; context: TokenErrorContext } {
    return { code: this.code, message: this.message, context: this.context };
  }
}

export function isTokenError(value: unknown): value is TokenError {
  return value instanceof TokenError;
}

/**
 * Low-level errors (undici, TLS, fs) can carry request options, headers or file contents.
 * Keep only their class name and code so that `cause` is safe to log.
 */
function describeCause(cause: unknown): { name: string; code?: string } {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? { name: cause.name, code } : { name: cause.name };
  }
  return { name: typeof cause };
}
