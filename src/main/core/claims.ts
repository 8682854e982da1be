// A typed view of an id_token for the claims window and the CLI. SanteDB 3.x puts application,
// device and user details under `extensions.santedb`; 2.x servers used top-level short names and
// claim-type URIs, which are read as fallbacks. Decoding checks shape only, never the signature
// (id-token-verify.ts does that, when the profile asks for it).
import { decodeJwt } from 'jose/jwt/decode';

import type { ClaimsView, ScopeView } from '../../shared/ipc-contract';

import { TokenError } from './errors';
import { expandPolicyScope, policyName } from './policies';

const uri = {
  name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
  nameIdentifier: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier',
  role: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
  appId: 'urn:santedb:org:claim:appid',
  appName: 'urn:santedb:org:claim:appname',
  deviceId: 'urn:santedb:org:claim:devid',
  deviceName: 'urn:santedb:org:claim:devname',
  userId: 'urn:santedb:org:claim:usrid',
  session: 'urn:santedb:org:claim:session',
  audience: 'urn:santedb:org:claim:aud',
} as const;

/**
 * The payload of a compact JWS, as a plain object. Malformed input gives a `bad_response`
 * TokenError whose message describes the fault without quoting any of the token.
 */
export function decodeIdToken(idToken: string): Record<string, unknown> {
  const read = readIdToken(idToken);
  if ('fault' in read) {
    throw new TokenError(
      'bad_response',
      `The id_token is not a valid JWT: ${read.fault}`,
      { field: 'id_token' },
      read.cause,
    );
  }
  return read.claims;
}

/**
 * The payload, or what is wrong with the token in words that quote none of it. The header is
 * not read: nothing here trusts the token (id-token-verify.ts checks it, signature included),
 * and a token answer is decoded on every renewal, so the well-formed case takes one decode.
 */
export function readIdToken(
  idToken: string,
): { claims: Record<string, unknown> } | { fault: string; cause?: unknown } {
  let claims: Record<string, unknown> | undefined;
  let cause: unknown;
  try {
    claims = decodeJwt(idToken);
  } catch (error) {
    cause = error;
  }
  // The decoder checks the parts, the JSON and its shape; the alphabet is checked here.
  if (claims && base64urlParts(idToken)) {
    return { claims };
  }
  const fault = structuralFault(idToken) ?? describeDecodeFault(cause);
  return cause === undefined ? { fault } : { fault, cause };
}

/** The claims as the tray shows them: who, for which application and device, until when. */
export function describeClaims(claims: Record<string, unknown>): ClaimsView {
  const santedb = santedbExtensions(claims);
  const pick = (short: string, longForm: string): string | undefined =>
    text(santedb[short]) ?? text(claims[longForm]) ?? text(claims[short]);

  const subject = text(claims.sub) ?? text(claims[uri.nameIdentifier]);
  const name = text(claims.name) ?? text(claims[uri.name]);
  const appId = pick('appid', uri.appId);
  const userId = pick('usrid', uri.userId);
  // SanteDB's own client tells an application-only session by `sub` being the application's id.
  const isUserSession =
    userId !== undefined || (appId !== undefined && subject !== undefined && subject !== appId);

  return {
    subject,
    name,
    application: optionalPair(appId, pick('appname', uri.appName)),
    device: optionalPair(pick('devid', uri.deviceId), pick('devname', uri.deviceName)),
    user: isUserSession ? optionalPair(userId ?? subject, name) : undefined,
    issuer: text(claims.iss),
    audience: textList(claims.aud ?? claims[uri.audience]),
    sessionId: text(claims.sid) ?? text(claims[uri.session]),
    issuedAtMs: epochMs(claims.iat),
    notBeforeMs: epochMs(claims.nbf),
    expiresAtMs: epochMs(claims.exp),
    scopes: scopeViews(claims.scope ?? claims.grant),
    roles: textList(claims.role ?? claims.roles ?? claims[uri.role]),
    raw: claims,
  };
}

function structuralFault(token: string): string | undefined {
  if (typeof token !== 'string' || token.trim() === '') {
    return 'it is empty';
  }
  const parts = token.split('.');
  if (parts.length === 5) {
    return 'it has five parts, so it is encrypted (JWE) and cannot be read';
  }
  if (parts.length !== 3) {
    return `it has ${parts.length} dot-separated part${parts.length === 1 ? '' : 's'} instead of 3`;
  }
  if (!base64urlParts(token)) {
    return 'its header or payload is not base64url text';
  }
  return undefined;
}

/** Header and payload in the base64url alphabet, which the decoder does not insist on. */
function base64urlParts(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./.test(token);
}

/** Only the kind of fault is kept: a library's message could one day quote decoded text. */
function describeDecodeFault(error: unknown): string {
  const text = error instanceof Error ? error.message : '';
  if (/claims set/i.test(text)) {
    return 'its payload is not a JSON object';
  }
  return /json/i.test(text) ? 'its payload is not JSON' : 'its payload cannot be decoded';
}

function santedbExtensions(claims: Record<string, unknown>): Record<string, unknown> {
  const extensions = claims.extensions;
  if (isRecord(extensions) && isRecord(extensions.santedb)) {
    return extensions.santedb;
  }
  return {};
}

function scopeViews(value: unknown): ScopeView[] {
  const values = typeof value === 'string' ? value.split(/[\s;]+/) : textList(value);
  return values
    .filter((scope) => scope !== '')
    .map((scope) => {
      const oid = expandPolicyScope(scope);
      const name = policyName(oid);
      return name === undefined ? { value: oid } : { value: oid, name };
    });
}

function optionalPair(id?: string, name?: string): { id?: string; name?: string } | undefined {
  if (id === undefined && name === undefined) {
    return undefined;
  }
  return { id, name };
}

/** A claim as one string: the first of an array, numbers written out. */
function text(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    return text(value[0]);
  }
  if (typeof value === 'string') {
    return value === '' ? undefined : value;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  return undefined;
}

function textList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => text(item)).filter((item): item is string => item !== undefined);
}

/** JWT times are Unix seconds (RFC 7519 NumericDate); some servers write them as strings. */
function epochMs(value: unknown): number | undefined {
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds)
    ? Math.round(seconds * 1000)
    : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
