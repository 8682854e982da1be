// Turns a refusal from a token endpoint (a non-2xx answer, or an `error` member) into a TokenError
// whose message says, in the server's own terms, what went wrong and what to do. Hints are keyed
// on the HTTP status and the OAuth `error` code only: SanteDB localises `error_description`, and
// may even send a resource key there, so that text is shown to the user but never interpreted.
import { TokenError } from './errors';
import type { TokenErrorContext } from './errors';
import type { Generation } from './profile';
import { redact } from './redact';
import type { HttpResponse } from './transport';

/** Server text is not secret, but it is untrusted: keep it short and printable. */
const MAX_SERVER_TEXT = 300;

export type Grant = 'client_credentials' | 'refresh_token';

export interface RefusalFacts {
  status: number;
  oauthError?: string;
  /** The request shape that was sent. */
  generation: Generation;
  grant: Grant;
  /** The request was the first, 3.x-shaped one of an `auto` profile, so 2.x may have answered. */
  probing?: boolean;
  /** The 3.x-shaped request carried the device as `Authorization: Basic`, which 2.x does not read. */
  deviceBasicSent?: boolean;
  /** The 2.x-shaped retry of an `auto` profile: its probe showed the server to be 2.x. */
  fellBack?: boolean;
}

export interface OAuthErrorBody {
  error: string;
  description?: string;
}

const LOCKOUT_WARNING =
  'The server audits failed logins and may lock the account after repeated failures, so correct the profile before trying again.';

const commonHints: Record<string, string> = {
  mfa_required:
    'This account requires multi-factor authentication, which an unattended token request cannot answer: use an application or device account without MFA.',
  password_expired: "The account's password has expired: set a new one on the server.",
  missing_claim:
    'The server needs more session claims (such as a purpose of use) for this request: ask the administrator which claims the policy requires.',
  invalid_scope: "The server does not allow the requested scope: change the profile's scope.",
  unsupported_grant_type:
    'The server does not offer this grant type: check the server URL and the profile protocol.',
};

const santedb3Hints: Record<string, string> = {
  '400 unauthorized_client':
    'This server requires node authentication: add the device credentials or a client certificate to the profile.',
  '400 invalid_client':
    'The server received neither a client secret nor device credentials: store the client secret, or add the device credentials. A SanteDB 2.x server answers a 3.x request this way too, so if this is one, set the profile protocol to SanteDB 2.x or auto.',
  // The client always sends client_id, which is all a 3.x client_credentials invalid_grant is
  // about; a 2.x server (reached by an `auto` probe) answers this way when it needs the device.
  '400 invalid_grant':
    'The server refused the grant: a SanteDB 2.x server answers this way when it requires node authentication (add the device credentials or a client certificate); a 3.x server when the client id is missing.',
  '500 unspecified_error':
    'The server failed on this request: if the profile asks for specific scopes, check that each is a policy OID the server knows; otherwise the server log names the cause.',
  '400 invalid_request':
    'The server found the request incomplete: check the client id and that the server root does not already end in /auth.',
  '400 unspecified_error':
    'The server failed while processing the request: its log names the cause (SanteDB reports internal faults this way).',
  '423': 'The account is locked: wait until it unlocks, or ask the administrator to unlock it.',
};

// A 3.x server checks the client secret before the device, so its 400 unauthorized_client means
// "no device"; a 2.x server, which an `auto` probe may be talking to, means "wrong secret" by it.
const probeHints: Record<string, string> = {
  '400 unauthorized_client': `Either the client id or client secret is wrong (a SanteDB 2.x server answers so), or this SanteDB 3.x server requires node authentication (the server's own words say which): check the client id and client secret, or add the device credentials or a client certificate. ${LOCKOUT_WARNING}`,
};

// When the device went as a 3.x Basic header, "no client secret nor device" means the device was
// not read: a 2.x server looks for it in X-Device-Authorization only.
const deviceUnreadHint =
  'The server did not read the device credentials, which went as SanteDB 3.x sends them (Authorization: Basic): a SanteDB 2.x server reads them only from X-Device-Authorization, so if this is one, choose SanteDB 2.x or auto.';

// After auto's probe drew the 2.x answer, the server is 2.x, and this means a wrong secret.
const fallbackHints: Record<string, string> = {
  '400 unauthorized_client': `The application credentials were rejected: check the client id and client secret. ${LOCKOUT_WARNING}`,
};

// A 3.x server does not read the 2.x device header, so when it requires node authentication it
// answers a 2.x request with 400 unauthorized_client: what a 2.x server says of a wrong secret.
const santedb2Hints: Record<string, string> = {
  '400 invalid_client':
    'SanteDB 2.x needs the client secret with every token request: store the client secret in the profile.',
  '400 unauthorized_client': `The application credentials were rejected (a SanteDB 2.x server answers so), or this is a SanteDB 3.x server, which requires node authentication and does not read the 2.x device header (the server's own words say which): check the client id and client secret. For a 3.x server, set the protocol to SanteDB 3.x or auto, and add the device credentials or a client certificate. ${LOCKOUT_WARNING}`,
  '400 invalid_grant': `The device was not authenticated: check the device id and device secret, or ask the administrator to allow client-only grants. ${LOCKOUT_WARNING}`,
  '400 invalid_request':
    'The server could not process the request: check the client id, and the server log for the cause.',
};

const oauth2Hints: Record<string, string> = {
  invalid_client:
    'Client authentication failed: check the client id and secret, and whether the server expects them in the Authorization header (basic) or in the form (post).',
  unauthorized_client:
    'This client may not use the client_credentials grant: enable it for the client on the server.',
  invalid_grant: 'The server refused the grant: check the client settings on the server.',
  invalid_request:
    'The server found the request malformed: check the client id and the token endpoint URL.',
};

/** What to do about a refusal, in the terms of the server generation that refused. */
export function refusalHint(facts: RefusalFacts): string {
  return specificRefusalHint(facts) ?? statusHint(facts.status, facts.generation);
}

/**
 * The hint that this generation gives for this `error` (or, for SanteDB 3.x, this status), or
 * undefined when only the generic advice for the HTTP status applies.
 */
export function specificRefusalHint(facts: RefusalFacts): string | undefined {
  const { status, oauthError, generation, grant, probing = false, fellBack = false } = facts;

  if (grant === 'refresh_token' && oauthError === 'invalid_grant') {
    return 'The refresh token is no longer valid (it was already used, or the session ended): request a new token.';
  }
  const common = lookUp(commonHints, oauthError);
  if (common) {
    return common;
  }

  const exact = `${status} ${oauthError ?? ''}`.trim();
  if (generation === 'santedb3') {
    const probed = probing ? lookUp(probeHints, exact) : undefined;
    const unread =
      facts.deviceBasicSent && exact === '400 invalid_client' ? deviceUnreadHint : undefined;
    return (
      probed ?? unread ?? lookUp(santedb3Hints, exact) ?? lookUp(santedb3Hints, String(status))
    );
  }
  if (generation === 'santedb2') {
    const afterProbe = fellBack ? lookUp(fallbackHints, exact) : undefined;
    return afterProbe ?? lookUp(santedb2Hints, exact);
  }
  return lookUp(oauth2Hints, oauthError);
}

/** The server chooses `error`: a value such as "constructor" must not reach Object.prototype. */
function lookUp(table: Record<string, string>, key: string | undefined): string | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

function statusHint(status: number, generation: Generation): string {
  const santedb = generation !== 'oauth2';
  if (status === 401) {
    return santedb
      ? `The application or device credentials were rejected, or the account is locked (the server's own words say which): check the client id and client secret, and the device id and device secret. ${LOCKOUT_WARNING}`
      : 'The server rejected the client credentials: check the client id and secret, and whether the server expects them in the Authorization header (basic) or in the form (post). A SanteDB server reads an Authorization: Basic header as device credentials: for one, choose a SanteDB protocol.';
  }
  if (status === 403) {
    return santedb
      ? 'A server policy denies this application, device or scope: ask the administrator to grant the client_credentials login policy, or request a narrower scope.'
      : 'The server denied this client: check its permissions and the requested scope.';
  }
  if (status === 404 || status === 405) {
    return santedb
      ? 'No token endpoint answers at this address: check the server root (without /auth) or the token endpoint URL.'
      : 'No token endpoint answers at this address: check the token endpoint URL.';
  }
  if (status === 407) {
    return 'The proxy requires authentication: configure the proxy credentials in the system settings.';
  }
  return "The server refused the request: check the profile's credentials and settings.";
}

/** The OAuth error object of a response, when its body is JSON with a string `error`. */
export function readOAuthError(response: HttpResponse): OAuthErrorBody | undefined {
  const body = parseJsonObject(response.body);
  if (!body || typeof body.error !== 'string') {
    return undefined;
  }
  const error = cleanServerText(body.error, 64);
  if (!error) {
    return undefined;
  }
  const description =
    typeof body.error_description === 'string'
      ? cleanServerText(body.error_description, MAX_SERVER_TEXT)
      : undefined;
  return description ? { error, description } : { error };
}

/** Where the answer came from, and the facts about the request that its refusal hint reads. */
export interface StatusCheckContext extends Pick<
  RefusalFacts,
  'generation' | 'grant' | 'probing' | 'deviceBasicSent' | 'fellBack'
> {
  url: string;
  profileId?: string;
  receivedAtMs: number;
}

/**
 * The first checks on any token-endpoint answer, in a fixed order: redirect, rate limit, server
 * failure, refusal. Returns normally only for a 2xx status.
 */
export function checkResponseStatus(response: HttpResponse, context: StatusCheckContext): void {
  const { status } = response;
  const base: TokenErrorContext = { url: context.url, status };
  if (context.profileId) {
    base.profileId = context.profileId;
  }

  if (status >= 300 && status < 400) {
    throw redirectError(response, base);
  }
  if (status === 429) {
    throw rateLimitError(response, base, context.receivedAtMs);
  }

  const oauth = status >= 200 && status < 300 ? undefined : readOAuthError(response);
  if (status >= 500 && (!oauth || status === 503)) {
    throw new TokenError(
      'server_error',
      `The server failed (HTTP ${status}): try again later; if it persists, the server log names the cause.`,
      withOAuth(base, oauth),
    );
  }
  if (status < 200 || status >= 300) {
    const error = refusalError(withOAuth(base, oauth), context);
    if (!oauth && mediaTypeOf(response.headers) === 'text/html') {
      throw new TokenError(
        error.code,
        `${error.message} The answer was an HTML page, probably from a proxy or login portal.`,
        { ...error.context, contentType: 'text/html' },
      );
    }
    throw error;
  }
}

/** The media type of a response, lower case, without parameters; '' when absent. */
export function mediaTypeOf(headers: Record<string, string>): string {
  return (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** A TokenError for a refusal; also used for an `error` member on a 2xx answer. */
export function refusalError(context: TokenErrorContext, facts: StatusCheckContext): TokenError {
  const status = context.status ?? 0;
  const hint = refusalHint({
    status,
    oauthError: context.oauthError,
    generation: facts.generation,
    grant: facts.grant,
    probing: facts.probing === true,
    deviceBasicSent: facts.deviceBasicSent === true,
    fellBack: facts.fellBack === true,
  });
  const what = context.oauthError ? `HTTP ${status}, ${context.oauthError}` : `HTTP ${status}`;
  const said = context.oauthErrorDescription
    ? ` The server said: "${context.oauthErrorDescription}".`
    : '';
  return new TokenError(
    'server_refused',
    `Token request refused (${what}). ${hint}${said}`,
    context,
  );
}

function withOAuth(
  context: TokenErrorContext,
  oauth: OAuthErrorBody | undefined,
): TokenErrorContext {
  if (!oauth) {
    return context;
  }
  const result: TokenErrorContext = { ...context, oauthError: oauth.error };
  if (oauth.description) {
    result.oauthErrorDescription = oauth.description;
  }
  return result;
}

function redirectError(response: HttpResponse, context: TokenErrorContext): TokenError {
  const location = response.headers.location;
  const where = location ? cleanServerText(location, MAX_SERVER_TEXT) : undefined;
  return new TokenError(
    'redirect',
    where
      ? `The token endpoint redirected to ${where}, which is never followed (it could carry the credentials elsewhere): put the final token URL in the profile if it is trustworthy.`
      : `The token endpoint answered with a redirect (HTTP ${response.status}) without a location: check the token endpoint URL.`,
    where ? { ...context, location: where } : context,
  );
}

function rateLimitError(
  response: HttpResponse,
  context: TokenErrorContext,
  receivedAtMs: number,
): TokenError {
  const retryAfterMs = parseRetryAfter(response.headers, receivedAtMs);
  const when =
    retryAfterMs === undefined
      ? 'wait before trying again'
      : `wait ${Math.ceil(retryAfterMs / 1000)} s before trying again`;
  return new TokenError(
    'rate_limited',
    `The server is limiting requests (HTTP 429): ${when}.`,
    retryAfterMs === undefined ? context : { ...context, retryAfterMs },
  );
}

/** Retry-After as delay-seconds or an HTTP-date; a date is read against the server's own Date. */
export function parseRetryAfter(
  headers: Record<string, string>,
  receivedAtMs: number,
): number | undefined {
  const value = headers['retry-after']?.trim();
  if (!value) {
    return undefined;
  }
  if (/^\d+$/.test(value)) {
    return Number(value) * 1000;
  }
  const atMs = Date.parse(value);
  if (!Number.isFinite(atMs)) {
    return undefined;
  }
  const serverNow = headers.date ? Date.parse(headers.date) : Number.NaN;
  const nowMs = Number.isFinite(serverNow) ? serverNow : receivedAtMs;
  return Math.max(0, atMs - nowMs);
}

export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Printable, capped, with any registered secret masked (a server may echo what it was sent). */
export function cleanServerText(text: string, maxLength: number): string {
  // Masked before it is cut or joined: a secret split by the cut, or by a control character,
  // would no longer be recognised.
  const masked = redact(text);
  const printable = masked.replace(/\p{Cc}+/gu, ' ').trim();
  return printable.length > maxLength ? `${printable.slice(0, maxLength - 1)}…` : printable;
}
