import { createHmac } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { serverSigningKey } from '../../src/dev-server/accounts';
import { accessTokenHash, signHs256, stretchHmacKey, verifyHs256 } from '../../src/dev-server/jws';
import {
  decodeAccessToken,
  dotNetBytesToGuid,
  encodeAccessToken,
  guidToDotNetBytes,
  isSignedByServer,
  newRefreshToken,
} from '../../src/dev-server/token-format';

// The invented values of the "Example exchanges" (E3, E18).
const sessionId = '2f6c1d8e-5a3b-11f1-9c2e-00155d0a1b2c';
const e3AccessToken = 'jh1sLzta8RGcLgAVXQobLA.aKlAkGMgI0vmQkzili6Z2zb60MowuyRjAdaCZ8uM4e0';
const e18AccessToken =
  '8E1D6C2F3B5AF1119C2E00155D0A1B2C68A940906320234BE6424CE2962E99DB36FAD0CA30BB246301D68267CB8CE1ED';
const e3IdToken =
  'eyJhbGciOiJIUzI1NiIsImtpZCI6ImRlZmF1bHQiLCJ0eXAiOiJKV1QifQ.eyJhdWQiOlsib3JnLmV4YW1wbGUuZGVza3RvcCJdLCJpc3MiOiJodHRwczovL3NkYi5leGFtcGxlLm9yZy9hdXRoIiwiZXhwIjoxNzkwMDAzNjAwLCJpYXQiOjE3OTAwMDAwMDAsIm5iZiI6MTc5MDAwMDAwMCwiZXh0ZW5zaW9ucyI6eyJzYW50ZWRiIjp7ImFwcGlkIjoiNmI3ZjJhMTAtNGMxZS00ZDU1LTlhNjEtMmYwZThjM2Q5YjAxIiwiYXBwbmFtZSI6Im9yZy5leGFtcGxlLmRlc2t0b3AiLCJkZXZpZCI6ImEzYzVlN2Y5LTFiMmQtNGU2Zi04YTliLTBjMWQyZTNmNGE1YiIsImRldm5hbWUiOiJERVNLVE9QLU5PREUtMDEifX0sInNpZCI6IjJmNmMxZDhlLTVhM2ItMTFmMS05YzJlLTAwMTU1ZDBhMWIyYyIsInNjb3BlIjpbIjEuMy42LjEuNC4xLjMzMzQ5LjMuMS41LjkuMi4xLjAiLCIxLjMuNi4xLjQuMS4zMzM0OS4zLjEuNS45LjIuMi4zIiwiMS4zLjYuMS40LjEuMzMzNDkuMy4xLjUuOS4yLjQuMCJdLCJuYW1lIjoib3JnLmV4YW1wbGUuZGVza3RvcCIsInN1YiI6IjZiN2YyYTEwLTRjMWUtNGQ1NS05YTYxLTJmMGU4YzNkOWIwMSIsIm5vbmNlIjoicThadDNKMG1NMWZKZDN3cTZiNW1YR3hRNHZTMm0wYlhrMWxZN2NacDlhRSIsImF0X2hhc2giOiJYcVBqVUZPV2x0ZlpXTmp2NEVSVzZRIiwianRpIjoiaWNQNDhvMDBLWGJBSTdiUGk1ZElkU0t0VmRnNEYydExNWnlPSzI3cHJlZyJ9.YzLafIZemlJCJiz2GRuNGpO53d3LVnPO6gdZLndv87s';

describe('session ids in .NET GUID byte order', () => {
  it('encodes the example session id to the 22 characters of E3', () => {
    expect(guidToDotNetBytes(sessionId).toString('base64url')).toBe('jh1sLzta8RGcLgAVXQobLA');
  });

  it('decodes back to the same lower-case hyphenated GUID', () => {
    expect(dotNetBytesToGuid(guidToDotNetBytes(sessionId))).toBe(sessionId);
  });
});

describe('access tokens', () => {
  it('reproduces the E3 access token for the example session and key', () => {
    expect(encodeAccessToken(sessionId, serverSigningKey.secret, 'santedb3')).toBe(e3AccessToken);
  });

  it('reproduces the 96 upper-case hex characters of the E18 (2.x) token', () => {
    const token = encodeAccessToken(sessionId, serverSigningKey.secret, 'santedb2');
    expect(token).toBe(e18AccessToken);
    expect(token).toHaveLength(96);
  });

  it('resolves both styles to the session id and rejects a changed signature', () => {
    expect(decodeAccessToken(e3AccessToken, serverSigningKey.secret)).toBe(sessionId);
    expect(decodeAccessToken(e18AccessToken, serverSigningKey.secret)).toBe(sessionId);
    expect(decodeAccessToken(`${e3AccessToken.slice(0, -1)}A`, serverSigningKey.secret)).toBe(
      undefined,
    );
    expect(decodeAccessToken('not a token', serverSigningKey.secret)).toBe(undefined);
  });

  it('makes 3.x refresh tokens of 32 random bytes plus a 32-byte signature', () => {
    const token = newRefreshToken(serverSigningKey.secret, 'santedb3');
    const [data, signature] = token.split('.') as [string, string];
    expect(Buffer.from(data, 'base64url')).toHaveLength(32);
    expect(signature).toBe(
      createHmac('sha256', serverSigningKey.secret)
        .update(Buffer.from(data, 'base64url'))
        .digest('base64url'),
    );
    expect(isSignedByServer(token, serverSigningKey.secret)).toBe(true);
  });

  it('makes 2.x refresh tokens of 96 upper-case hex characters', () => {
    expect(newRefreshToken(serverSigningKey.secret, 'santedb2')).toMatch(/^[0-9A-F]{96}$/);
  });
});

describe('id_token signing', () => {
  it('reproduces the E3 id_token byte for byte from its payload', () => {
    const payload = JSON.parse(
      Buffer.from(e3IdToken.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    expect(signHs256(payload, serverSigningKey.secret, serverSigningKey.kid)).toBe(e3IdToken);
  });

  it('computes the E3 at_hash from the access token', () => {
    expect(accessTokenHash(e3AccessToken)).toBe('XqPjUFOWltfZWNjv4ERW6Q');
  });

  it('verifies only with the same key and kid', () => {
    expect(verifyHs256(e3IdToken, serverSigningKey.secret, 'default')?.sid).toBe(sessionId);
    expect(verifyHs256(e3IdToken, 'another-key-of-enough-length', 'default')).toBe(undefined);
    expect(verifyHs256(e3IdToken, serverSigningKey.secret, 'other-kid')).toBe(undefined);
  });

  it('repeats an HMAC secret shorter than 16 bytes until it is long enough', () => {
    expect(stretchHmacKey('abcde').toString()).toBe('abcdeabcdeabcdeabcde');
    expect(stretchHmacKey('a-long-enough-secret').toString()).toBe('a-long-enough-secret');
  });
});
