// Compact JWS with HS256, written with node:crypto alone so the dev server stays self-contained.
import { createHash, timingSafeEqual } from 'node:crypto';

import { hmacSha256 } from './token-format';

const MIN_HMAC_KEY_BYTES = 16;

export type JwtClaims = Record<string, unknown>;

/** SanteDB repeats an HMAC secret shorter than 16 bytes until it is long enough (§5.1). */
export function stretchHmacKey(secret: string): Buffer {
  const bytes = Buffer.from(secret, 'utf8');
  if (bytes.length === 0 || bytes.length >= MIN_HMAC_KEY_BYTES) {
    return bytes;
  }
  const copies = Math.ceil(MIN_HMAC_KEY_BYTES / bytes.length);
  return Buffer.concat(Array.from({ length: copies }, () => bytes));
}

export function signHs256(claims: JwtClaims, secret: string, kid: string): string {
  const header = encodeSegment({ alg: 'HS256', kid, typ: 'JWT' });
  const payload = encodeSegment(claims);
  const signature = hmacSha256(stretchHmacKey(secret), `${header}.${payload}`);
  return `${header}.${payload}.${signature.toString('base64url')}`;
}

/**
 * The claims of a token this key signed, or undefined when the token is malformed, uses another
 * algorithm or key id, or its signature does not verify. Lifetime is the caller's concern.
 */
export function verifyHs256(token: string, secret: string, kid: string): JwtClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) {
    return undefined;
  }

  const [header, payload, signature] = parts as [string, string, string];
  const parsedHeader = decodeSegment(header);
  if (parsedHeader?.alg !== 'HS256' || parsedHeader.kid !== kid) {
    return undefined;
  }
  const expected = hmacSha256(stretchHmacKey(secret), `${header}.${payload}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return undefined;
  }
  return decodeSegment(payload);
}

/** OIDC at_hash: base64url of the left half of SHA-256 over the access token. */
export function accessTokenHash(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/** A token id that is unique per issue: SHA-256 over who, which session, nonce, time and request. */
export function tokenId(parts: readonly (string | number | undefined)[]): string {
  const text = parts.map((part) => (part === undefined ? '' : String(part))).join('|');
  return createHash('sha256').update(text).digest('base64url');
}

function encodeSegment(value: JwtClaims): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decodeSegment(segment: string): JwtClaims | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as JwtClaims)
      : undefined;
  } catch {
    return undefined;
  }
}
