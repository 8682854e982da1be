// Checks a token response field by field, in a fixed order, with a distinct error for each
// failure, and measures the token's expiry in our own clock. The order: status (oauth-errors.ts),
// content type, JSON, `error` member, access_token, token_type, expires_in, refresh_token,
// id_token, nonce, then the lifetime (milliseconds, id_token cap, clock skew, too short), which
// token-lifetime.ts measures.
import { decodeJwt } from 'jose/jwt/decode';

import { TokenError } from './errors';
import type { TokenErrorContext } from './errors';
import { idTokenFault } from './jwt-shape';
import {
  checkResponseStatus,
  cleanServerText,
  mediaTypeOf,
  parseJsonObject,
  readOAuthError,
  refusalError,
} from './oauth-errors';
import type { Grant } from './oauth-errors';
import { registerSecret } from './redact';
import { lifetimeProblems, mayBeSantedb2, measureLifetime, readExpiresIn } from './token-lifetime';
import type { IdTokenFacts, LifetimeContext, LifetimeFailure } from './token-lifetime';
import type { TokenSet } from './token-set';
import type { HttpResponse } from './transport';

const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';

/** Header and payload in the base64url alphabet, then a signature. */
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[^.]*$/;

export interface ResponseContext extends LifetimeContext {
  grant: Grant;
  /** The 2.x-shaped retry of an `auto` profile, after its probe drew the 2.x answer. */
  fellBack?: boolean;
  /** The nonce sent, if any; a different one in the answer is rejected. */
  nonce?: string;
  url: string;
  profileId?: string;
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
  'refresh_token:empty': ['has an empty or non-text refresh_token', ADVICE],
  'id_token:empty': ['has an empty or non-text id_token', ADVICE],
  'id_token:malformed': ['has an id_token that is not a valid JWT', ADVICE],
  'nonce:mismatch': [
    'carries a nonce different from the one sent, so it may answer another request',
    'try again; if it repeats, something between rewrites answers',
  ],
  ...lifetimeProblems,
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
  const failLifetime: LifetimeFailure = (problem, got) => fail(context, problem, got);
  const expiresIn = readExpiresIn(body, failLifetime);
  const refreshToken = readOptionalToken(body, 'refresh_token', context);
  const idToken = readOptionalToken(body, 'id_token', context);
  const idFacts = idToken === undefined ? undefined : decodeIdToken(idToken, context);
  checkNonce(body, idFacts, context);

  const lifetime = measureLifetime(response.headers, expiresIn, idFacts, context, failLifetime);
  // Only a request 2.x would also have taken says anything about the generation.
  const detected2x = context.probing && mayBeSantedb2(context) && lifetime.milliseconds;
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
    warnings: lifetime.warnings,
  };
}

function readJsonBody(response: HttpResponse, context: ResponseContext): Record<string, unknown> {
  const mediaType = mediaTypeOf(response.headers);
  if (mediaType === 'text/html') {
    throw fail(context, 'content-type:html_page', undefined, { contentType: mediaType });
  }
  if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) {
    // Shown as the server sent it: lower-cased, a secret it echoed would escape redaction.
    const sent = (response.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    const named = sent === '' ? 'no content type' : sent;
    throw fail(context, 'content-type:not_json', named, { contentType: sent });
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
    // Masked before it is cut, as all server text is (cleanServerText).
    throw fail(context, 'token_type:unsupported', cleanServerText(JSON.stringify(value), 40));
  }
  return value.trim();
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

/**
 * The exp, iat and nonce of the id_token, read with jose's decoder: this runs on every token
 * answer, and jwt-decode, which decodes the claims for showing (claims.ts), takes about 0.1 ms
 * for a SanteDB id_token, a sixth of a whole loopback exchange.
 */
function decodeIdToken(idToken: string, context: ResponseContext): IdTokenFacts {
  let payload: Record<string, unknown> | undefined;
  let decodeFault: string | undefined;
  try {
    payload = decodeJwt(idToken);
  } catch (error) {
    // Only the kind of fault is kept: a library's message could one day quote decoded text.
    const text = error instanceof Error ? error.message : '';
    decodeFault = /claims set/i.test(text)
      ? 'its payload is not a JSON object'
      : /json/i.test(text)
        ? 'its payload is not JSON'
        : 'its payload cannot be decoded';
  }
  // The decoder checks the parts, the JSON and its shape, but not the alphabet; the fault is
  // worked out in full only for a token that fails.
  if (!payload || !COMPACT_JWS.test(idToken)) {
    const fault = idTokenFault(idToken) ?? decodeFault ?? 'its payload cannot be decoded';
    throw fail(context, 'id_token:malformed', fault);
  }
  return {
    ...(isFiniteNumber(payload.exp) ? { exp: payload.exp } : {}),
    ...(isFiniteNumber(payload.iat) ? { iat: payload.iat } : {}),
    ...(payload.nonce === undefined ? {} : { nonce: payload.nonce }),
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
  const echoed = [body.nonce, idFacts?.nonce].filter((value) => value !== undefined);
  if (echoed.some((value) => value !== context.nonce)) {
    throw fail(context, 'nonce:mismatch');
  }
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
