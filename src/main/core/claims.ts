// A typed view of an id_token for the claims window and the CLI. SanteDB 3.x puts application,
// device and user details under `extensions.santedb`; 2.x servers used top-level short names and
// claim-type URIs, which are read as fallbacks. Decoding checks shape only, never the signature.
import { InvalidTokenError, jwtDecode } from 'jwt-decode';

import type { ClaimsView, ScopeView } from '../../shared/ipc-contract';

import { TokenError } from './errors';
import { idTokenFault } from './jwt-shape';
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
 * TokenError whose message describes the fault without quoting any of the token. The header is
 * not read: the token client accepts a token whose payload it can read, and what it accepted is
 * shown (id-token-verify.ts is what checks the header, with the signature).
 */
export function decodeIdToken(idToken: string): Record<string, unknown> {
  const fault = idTokenFault(idToken);
  if (fault) {
    throw malformed(fault);
  }

  const payload = decodePart(idToken, false, 'payload');
  if (!isRecord(payload)) {
    throw malformed('its payload is not a JSON object');
  }
  return payload;
}

/**
 * The claims of a token's id_token, for showing: undefined without one, or when it cannot be
 * read (the token client has already checked it, so that is not expected). Decoded when asked
 * for, not with every token: a renewal needs only the few facts the token client reads.
 */
export function claimsOfToken(token: { idToken?: string }): Record<string, unknown> | undefined {
  if (token.idToken === undefined) {
    return undefined;
  }
  try {
    return decodeIdToken(token.idToken);
  } catch {
    return undefined;
  }
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

function decodePart(token: string, header: boolean, label: string): unknown {
  try {
    return header ? jwtDecode<unknown>(token, { header: true }) : jwtDecode<unknown>(token);
  } catch (error) {
    // The library's own message can quote decoded token text, so only its kind is kept.
    const kind = error instanceof InvalidTokenError && /invalid json/.test(error.message);
    throw malformed(kind ? `its ${label} is not JSON` : `its ${label} cannot be decoded`, error);
  }
}

function malformed(reason: string, cause?: unknown): TokenError {
  return new TokenError(
    'bad_response',
    `The id_token is not a valid JWT: ${reason}`,
    { field: 'id_token' },
    cause,
  );
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
