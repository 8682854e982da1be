// Access and refresh token encodings (santedb-auth.md §6). 3.x tokens are base64url(bytes) + '.'
// + base64url(HMAC-SHA256(bytes)); 2.x tokens are the same bytes and signature in upper-case
// hex. Access tokens are deterministic: the session id decides them, so a refresh keeps them.
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

const SESSION_ID_BYTES = 16;
const SIGNATURE_BYTES = 32;
const REFRESH_BYTES_V3 = 32;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const HEX = /^[0-9A-Fa-f]+$/;

export type TokenStyle = 'santedb3' | 'santedb2';

export function newSessionId(): string {
  return randomUUID();
}

/** .NET writes the first three GUID fields little-endian; the last eight bytes stay in order. */
export function guidToDotNetBytes(guid: string): Buffer {
  const bytes = Buffer.from(guid.replace(/-/g, ''), 'hex');
  if (bytes.length !== SESSION_ID_BYTES) {
    throw new Error(`not a GUID: ${guid}`);
  }
  return swapGuidFields(bytes);
}

export function dotNetBytesToGuid(bytes: Buffer): string {
  const hex = swapGuidFields(bytes).toString('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-');
}

function swapGuidFields(bytes: Buffer): Buffer {
  const swapped = Buffer.from(bytes);
  swapped.subarray(0, 4).reverse();
  swapped.subarray(4, 6).reverse();
  swapped.subarray(6, 8).reverse();
  return swapped;
}

export function hmacSha256(key: string | Buffer, data: Buffer | string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

export function encodeAccessToken(sessionId: string, key: string, style: TokenStyle): string {
  return encodeSigned(guidToDotNetBytes(sessionId), key, style);
}

/** A new random refresh token in the style of the server generation. */
export function newRefreshToken(key: string, style: TokenStyle): string {
  const size = style === 'santedb3' ? REFRESH_BYTES_V3 : SESSION_ID_BYTES;
  return encodeSigned(randomBytes(size), key, style);
}

function encodeSigned(bytes: Buffer, key: string, style: TokenStyle): string {
  const signature = hmacSha256(key, bytes);
  if (style === 'santedb2') {
    return Buffer.concat([bytes, signature]).toString('hex').toUpperCase();
  }
  return `${bytes.toString('base64url')}.${signature.toString('base64url')}`;
}

/** The session id inside an access token, or undefined when it is garbled or wrongly signed. */
export function decodeAccessToken(token: string, key: string): string | undefined {
  const bytes = verifySigned(token, key);
  return bytes?.length === SESSION_ID_BYTES ? dotNetBytesToGuid(bytes) : undefined;
}

/** True when the token (either style) carries a valid signature from this server. */
export function isSignedByServer(token: string, key: string): boolean {
  return verifySigned(token, key) !== undefined;
}

function verifySigned(token: string, key: string): Buffer | undefined {
  const parts = splitToken(token);
  if (!parts) {
    return undefined;
  }

  const expected = hmacSha256(key, parts.bytes);
  const valid =
    parts.signature.length === expected.length && timingSafeEqual(parts.signature, expected);
  return valid ? parts.bytes : undefined;
}

function splitToken(token: string): { bytes: Buffer; signature: Buffer } | undefined {
  const dot = token.indexOf('.');
  if (dot > 0) {
    const [data, signature] = [token.slice(0, dot), token.slice(dot + 1)];
    if (!BASE64URL.test(data) || !BASE64URL.test(signature)) {
      return undefined;
    }
    return {
      bytes: Buffer.from(data, 'base64url'),
      signature: Buffer.from(signature, 'base64url'),
    };
  }
  if (!HEX.test(token) || token.length % 2 !== 0 || token.length <= SIGNATURE_BYTES * 2) {
    return undefined;
  }
  const raw = Buffer.from(token, 'hex');
  return {
    bytes: raw.subarray(0, raw.length - SIGNATURE_BYTES),
    signature: raw.subarray(raw.length - SIGNATURE_BYTES),
  };
}

/** Refresh tokens are stored by hash only, as SanteDB does. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
