// Checks a token response field by field, in a fixed order, with a distinct error for each
// failure, and measures the token's expiry in our own clock. The order: status (oauth-errors.ts),
// content type, JSON, `error` member, access_token, token_type, expires_in, refresh_token,
// id_token, nonce, then the lifetime (milliseconds, id_token cap, clock skew, too short).
import { jwtDecode } from 'jwt-decode';

import { TokenError } from './errors';
import type { TokenErrorContext } from './errors';
import {
  checkResponseStatus,
  mediaTypeOf,
  parseJsonObject,
  readOAuthError,
  refusalError,
} from './oauth-errors';
import type { Grant } from './oauth-errors';
import type { Generation } from './profile';
import { registerSecret } from './redact';
import type { TokenSet } from './token-set';
import type { HttpResponse } from './transport';

const SECOND_MS = 1000;
const DAY_SECONDS = 86_400;
/** A lifetime longer than this is a unit mistake, not a policy. */
const MAX_LIFETIME_SECONDS = 366 * DAY_SECONDS;
/** A token that expires sooner than this would be renewed at once, over and over. */
const MIN_USEFUL_LIFETIME_MS = 5 * SECOND_MS;
const SKEW_WARNING_MS = 60 * SECOND_MS;
const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';

export interface ResponseContext {
  /** The request shape that was sent. */
  generation: Generation;
  /** True for `auto`'s first (3.x-shaped) request: a 2.x-looking answer reveals a 2.x server. */
  probing: boolean;
  grant: Grant;
  sentAtMs: number;
  receivedAtMs: number;
  /** The nonce sent, if any; a different one in the answer is rejected. */
  nonce?: string;
  url: string;
  profileId?: string;
}

interface IdTokenFacts {
  claims: Record<string, unknown>;
  exp?: number;
  iat?: number;
}

const ADVICE = 'the server is not a usable token endpoint, or it is misconfigured';

/** Each way a 2xx answer can be unusable: `field:detail` → what is wrong with the response. */
const problems = {
  'content-type:html_page': [
    'is an HTML page, probably a proxy or login portal',
    'check the URL, and sign in to the network or proxy first',
  ],
  'content-type:not_json': ['is not JSON', 'check that the URL is the token endpoint'],
  'body:invalid_json': ['is malformed JSON, or JSON that is not an object', ADVICE],
  'access_token:missing': ['has no access_token', ADVICE],
  'access_token:empty': ['has an empty or non-text access_token', ADVICE],
  'access_token:invalid_characters': [
    'has an access_token with spaces or control characters, which cannot go in a header',
    ADVICE,
  ],
  'token_type:missing': ['has no token_type', ADVICE],
  'token_type:unsupported': ['has a token_type that is not a bearer token', ADVICE],
  'expires_in:not_a_number': ['has an expires_in that is not a number of seconds', ADVICE],
  'expires_in:not_positive': ['has an expires_in of zero or less', ADVICE],
  'expires_in:missing': ['has no expires_in and no id_token expiry', ADVICE],
  'expires_in:too_long': [
    'gives a lifetime over a year, even reading expires_in as milliseconds',
    ADVICE,
  ],
  'expires_in:expires_too_soon': [
    'holds a token that is already expired or expires within 5 seconds',
    "check the session length on the server, and this computer's and the server's clocks",
  ],
  'refresh_token:empty': ['has an empty or non-text refresh_token', ADVICE],
  'id_token:empty': ['has an empty or non-text id_token', ADVICE],
  'id_token:malformed': ['has an id_token that is not a valid JWT', ADVICE],
  'nonce:mismatch': [
    'carries a nonce different from the one sent, so it may answer another request',
    'try again; if it repeats, something between rewrites answers',
  ],
} as const satisfies Record<string, readonly [string, string]>;

type Problem = keyof typeof problems;

/** The TokenSet of a successful answer, or the TokenError that names the first thing wrong. */
export function parseTokenResponse(response: HttpResponse, context: ResponseContext): TokenSet {
  checkResponseStatus(response, context);
  const body = readJsonBody(response, context);
  if (body.error !== undefined) {
    throw refusalOn2xx(response, context);
  }

  const accessToken = readAccessToken(body, context);
  const tokenType = readTokenType(body, context);
  const expiresIn = readExpiresIn(body, context);
  const refreshToken = readOptionalToken(body, 'refresh_token', context);
  const idToken = readOptionalToken(body, 'id_token', context);
  const idFacts = idToken === undefined ? undefined : decodeIdToken(idToken, context);
  checkNonce(body, idFacts, context);

  const lifetime = measureLifetime(response, expiresIn, idFacts, context);
  const detected2x = context.probing && lifetime.milliseconds;
  return {
    accessToken,
    tokenType,
    ...(idToken === undefined ? {} : { idToken }),
    ...(refreshToken === undefined ? {} : { refreshToken }),
    generation: detected2x ? 'santedb2' : context.generation,
    obtainedAtMs: context.sentAtMs,
    expiresAtMs: lifetime.expiresAtMs,
    expiresInSeconds: lifetime.expiresInSeconds,
    expiresInWasMilliseconds: lifetime.milliseconds,
    ...(lifetime.clockSkewMs === undefined ? {} : { clockSkewMs: lifetime.clockSkewMs }),
    ...(idFacts ? { claims: idFacts.claims } : {}),
    warnings: lifetime.warnings,
  };
}

function readJsonBody(response: HttpResponse, context: ResponseContext): Record<string, unknown> {
  const mediaType = mediaTypeOf(response.headers);
  if (mediaType === 'text/html') {
    throw fail(context, 'content-type:html_page', undefined, { contentType: mediaType });
  }
  if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) {
    const named = mediaType === '' ? 'no content type' : mediaType;
    throw fail(context, 'content-type:not_json', named, { contentType: mediaType });
  }
  const body = parseJsonObject(response.body);
  if (!body) {
    throw fail(context, 'body:invalid_json');
  }
  return body;
}

/** SanteDB can answer 200 with an `error` body (the "No Such Session" branches). */
function refusalOn2xx(response: HttpResponse, context: ResponseContext): TokenError {
  const oauth = readOAuthError(response);
  return refusalError(
    {
      ...baseContext(context),
      status: response.status,
      oauthError: oauth?.error ?? 'unknown',
      ...(oauth?.description ? { oauthErrorDescription: oauth.description } : {}),
    },
    context,
  );
}

function readAccessToken(body: Record<string, unknown>, context: ResponseContext): string {
  const value = body.access_token;
  if (typeof value === 'string') {
    registerSecret(value);
  }
  if (value === undefined) {
    throw fail(context, 'access_token:missing');
  }
  if (typeof value !== 'string' || value.length === 0) {
    throw fail(context, 'access_token:empty');
  }
  if (/[\s\p{Cc}]/u.test(value)) {
    throw fail(context, 'access_token:invalid_characters');
  }
  return value;
}

function readTokenType(body: Record<string, unknown>, context: ResponseContext): string {
  const value = body.token_type;
  if (typeof value !== 'string' || value.trim() === '') {
    throw fail(context, 'token_type:missing');
  }
  const normalised = value.trim().toLowerCase();
  if (normalised !== 'bearer' && normalised !== JWT_TOKEN_TYPE) {
    throw fail(context, 'token_type:unsupported', JSON.stringify(value.slice(0, 40)));
  }
  return value.trim();
}

/** `expires_in` as a positive finite number (numeric strings accepted), or undefined if absent. */
function readExpiresIn(
  body: Record<string, unknown>,
  context: ResponseContext,
): number | undefined {
  const value = body.expires_in;
  if (value === undefined || value === null) {
    return undefined;
  }
  const shown = JSON.stringify(value).slice(0, 40);
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(number)) {
    throw fail(context, 'expires_in:not_a_number', shown);
  }
  if (number <= 0) {
    throw fail(context, 'expires_in:not_positive', shown);
  }
  return number;
}

function readOptionalToken(
  body: Record<string, unknown>,
  field: 'refresh_token' | 'id_token',
  context: ResponseContext,
): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string' || value.length === 0) {
    throw fail(context, `${field}:empty`);
  }
  registerSecret(value);
  return value;
}

function decodeIdToken(idToken: string, context: ResponseContext): IdTokenFacts {
  let claims: unknown;
  try {
    claims = jwtDecode(idToken);
  } catch {
    throw fail(context, 'id_token:malformed');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw fail(context, 'id_token:malformed');
  }
  const record = claims as Record<string, unknown>;
  return {
    claims: record,
    ...(isFiniteNumber(record.exp) ? { exp: record.exp } : {}),
    ...(isFiniteNumber(record.iat) ? { iat: record.iat } : {}),
  };
}

function checkNonce(
  body: Record<string, unknown>,
  idFacts: IdTokenFacts | undefined,
  context: ResponseContext,
): void {
  if (context.nonce === undefined) {
    return;
  }
  // An absent nonce is accepted (a server may not echo it); a different one is not.
  const echoed = [body.nonce, idFacts?.claims.nonce].filter((value) => value !== undefined);
  if (echoed.some((value) => value !== context.nonce)) {
    throw fail(context, 'nonce:mismatch');
  }
}

interface Lifetime {
  expiresAtMs: number;
  expiresInSeconds: number;
  milliseconds: boolean;
  clockSkewMs?: number;
  warnings: string[];
}

function measureLifetime(
  response: HttpResponse,
  expiresIn: number | undefined,
  idFacts: IdTokenFacts | undefined,
  context: ResponseContext,
): Lifetime {
  const clockSkewMs = measureSkew(response.headers, idFacts, context);
  // The id_token's exp in our clock: the server's clock minus the measured skew.
  const idExpiryMs =
    idFacts?.exp === undefined ? undefined : idFacts.exp * SECOND_MS - (clockSkewMs ?? 0);
  const { seconds, milliseconds, warnings } = lifetimeSeconds(
    expiresIn,
    idExpiryMs,
    idFacts,
    context,
  );

  // expires_in counts from when the server answered, which is after we sent: start from sentAt.
  const expiresAtMs = Math.floor(
    Math.min(context.sentAtMs + seconds * SECOND_MS, idExpiryMs ?? Number.POSITIVE_INFINITY),
  );
  if (clockSkewMs !== undefined && Math.abs(clockSkewMs) > SKEW_WARNING_MS) {
    const direction = clockSkewMs > 0 ? 'ahead of' : 'behind';
    const skewSeconds = Math.round(Math.abs(clockSkewMs) / SECOND_MS);
    warnings.push(
      `The server clock is ${skewSeconds} s ${direction} this computer's: expiry is measured in this computer's clock`,
    );
  }
  if (expiresAtMs - context.receivedAtMs < MIN_USEFUL_LIFETIME_MS) {
    throw fail(context, 'expires_in:expires_too_soon');
  }
  return {
    expiresAtMs,
    expiresInSeconds: seconds,
    milliseconds,
    ...(clockSkewMs === undefined ? {} : { clockSkewMs }),
    warnings,
  };
}

function lifetimeSeconds(
  expiresIn: number | undefined,
  idExpiryMs: number | undefined,
  idFacts: IdTokenFacts | undefined,
  context: ResponseContext,
): { seconds: number; milliseconds: boolean; warnings: string[] } {
  const warnings: string[] = [];
  let milliseconds = false;
  let seconds: number;
  if (expiresIn !== undefined) {
    milliseconds = isMilliseconds(expiresIn, idFacts, context);
    seconds = milliseconds ? expiresIn / SECOND_MS : expiresIn;
    if (milliseconds && context.generation === 'santedb3' && !context.probing) {
      warnings.push(
        'expires_in was in milliseconds, as SanteDB 2.x sends it: set the profile protocol to SanteDB 2.x or auto',
      );
    }
  } else if (idExpiryMs !== undefined) {
    seconds = Math.max(0, Math.floor((idExpiryMs - context.sentAtMs) / SECOND_MS));
    warnings.push("The server sent no expires_in: the expiry is taken from the id_token's exp");
  } else {
    throw fail(context, 'expires_in:missing');
  }
  if (seconds > MAX_LIFETIME_SECONDS) {
    throw fail(context, 'expires_in:too_long', `${Math.round(seconds / DAY_SECONDS)} days`);
  }
  return { seconds, milliseconds, warnings };
}

/**
 * SanteDB 2.x sends expires_in in milliseconds. The rule: with an id_token that has exp and iat,
 * milliseconds when expires_in exceeds 10 × (exp − iat). Without one, and only when the server
 * may be 2.x (the 2.x shape, or auto's probe), milliseconds when expires_in is over 7 days as
 * seconds but at most 1 day as milliseconds. Generic OAuth 2.0 servers always mean seconds.
 */
function isMilliseconds(
  expiresIn: number,
  idFacts: IdTokenFacts | undefined,
  context: ResponseContext,
): boolean {
  if (context.generation === 'oauth2') {
    return false;
  }
  if (idFacts?.exp !== undefined && idFacts.iat !== undefined && idFacts.exp > idFacts.iat) {
    return expiresIn > 10 * (idFacts.exp - idFacts.iat);
  }
  const mayBe2x = context.generation === 'santedb2' || context.probing;
  return mayBe2x && expiresIn > 7 * DAY_SECONDS && expiresIn / SECOND_MS <= DAY_SECONDS;
}

/**
 * Server clock minus ours. The server's time (Date header, else the id_token's iat) has
 * one-second resolution and was taken somewhere between sending and receiving, so only the gap
 * outside that window counts as skew.
 */
function measureSkew(
  headers: Record<string, string>,
  idFacts: IdTokenFacts | undefined,
  context: ResponseContext,
): number | undefined {
  const dateMs = headers.date ? Date.parse(headers.date) : Number.NaN;
  const serverMs = Number.isFinite(dateMs)
    ? dateMs
    : idFacts?.iat !== undefined
      ? idFacts.iat * SECOND_MS
      : undefined;
  if (serverMs === undefined) {
    return undefined;
  }
  if (serverMs > context.receivedAtMs) {
    return serverMs - context.receivedAtMs;
  }
  const serverLatestMs = serverMs + SECOND_MS;
  return serverLatestMs < context.sentAtMs ? serverLatestMs - context.sentAtMs : 0;
}

function baseContext(context: ResponseContext): TokenErrorContext {
  return context.profileId
    ? { url: context.url, profileId: context.profileId }
    : { url: context.url };
}

function fail(
  context: ResponseContext,
  problem: Problem,
  got?: string,
  extra: TokenErrorContext = {},
): TokenError {
  const [what, advice] = problems[problem];
  const [field, detail] = problem.split(':') as [string, string];
  const shown = got === undefined ? '' : ` (${got})`;
  return new TokenError('bad_response', `The token response ${what}${shown}: ${advice}`, {
    ...baseContext(context),
    field,
    detail,
    ...extra,
  });
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
