// How the token service fails (santedb-auth.md §7.1). A handler either names an OAuth error
// itself (always 400), or throws an exception whose class decides the status and whose body is
// `unspecified_error`. 2.x turned everything into a 400, with invalid_grant for security errors.
import type { Generation } from './mounts';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unspecified_error'
  | 'mfa_required'
  | 'password_expired'
  | 'missing_claim';

/** The .NET exception families the server maps to HTTP statuses. */
export type ExceptionKind =
  | 'authentication'
  | 'security'
  | 'policy'
  | 'session-expired'
  | 'argument'
  | 'format'
  | 'not-found'
  | 'internal';

const exceptionStatus: Record<ExceptionKind, number> = {
  authentication: 401,
  security: 403,
  policy: 403,
  'session-expired': 401,
  argument: 400,
  format: 400,
  'not-found': 404,
  internal: 500,
};

const legacySecurityKinds = new Set<ExceptionKind>([
  'authentication',
  'security',
  'policy',
  'session-expired',
]);

export class OAuthFailure extends Error {
  override readonly name = 'OAuthFailure';

  private constructor(
    message: string,
    readonly error: OAuthErrorCode | undefined,
    readonly kind: ExceptionKind | undefined,
    readonly data?: Record<string, string>,
  ) {
    super(message);
  }

  /** An error the handler reports itself: always HTTP 400 with this OAuth code. */
  static reported(error: OAuthErrorCode, description: string, data?: Record<string, string>) {
    return new OAuthFailure(description, error, undefined, data);
  }

  /** An exception that escapes the handler: `unspecified_error`, status by exception kind. */
  static thrown(kind: ExceptionKind, message: string) {
    return new OAuthFailure(message, undefined, kind);
  }

  status(generation: Generation): number {
    if (generation === 'santedb2' || this.kind === undefined) {
      return 400;
    }
    return exceptionStatus[this.kind];
  }

  body(generation: Generation): Record<string, unknown> {
    return { error: this.code(generation), error_description: this.message, data: this.data };
  }

  private code(generation: Generation): OAuthErrorCode {
    if (this.error) {
      return this.error;
    }
    if (generation === 'santedb2') {
      return legacySecurityKinds.has(this.kind ?? 'internal') ? 'invalid_grant' : 'invalid_request';
    }
    return 'unspecified_error';
  }
}

export function isOAuthFailure(value: unknown): value is OAuthFailure {
  return value instanceof OAuthFailure;
}

export const sessionMessages = {
  expired: 'This session is expired',
  invalid: 'The session token is not valid',
} as const;
