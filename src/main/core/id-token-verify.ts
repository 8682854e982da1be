// Checks an id_token's signature against the server's published keys, its issuer against the
// discovery document and its audience against the client id. Verification is for display and
// hygiene only (the access token is what is used), so this never throws: the worst outcome is
// "decoded", with a reason a person can read.
import type * as Jose from 'jose';
import type { CryptoKey, JWK, JWTVerifyOptions } from 'jose';

import { claimsOfToken } from './claims';
import type { Clock } from './clock';
import type { DiscoveryDocument, JsonWebKeySet } from './discovery';
import { discoveryUrlOf, fetchDiscovery, fetchJwks } from './discovery';
import { TokenError, isTokenError } from './errors';
import type { Profile } from './profile';
import { isPlainHttp } from './profile-rules';
import type { ResolvedCredentials } from './token-client-api';
import type { TokenSet } from './token-set';
import type { Transport } from './transport';

export type IdTokenVerification = { status: 'verified' } | { status: 'decoded'; reason: string };

export interface IdTokenVerifierDependencies {
  transport: Transport;
  clock: Clock;
  /** How long discovery and keys are reused; SanteDB's own client keeps them 18 h. */
  cacheTtlMs?: number;
}

export interface IdTokenVerifier {
  verifyIdToken(
    profile: Profile,
    credentials: ResolvedCredentials,
    token: Pick<TokenSet, 'idToken' | 'clockSkewMs'>,
  ): Promise<IdTokenVerification>;
}

interface CachedKeys {
  discovery: DiscoveryDocument;
  jwks: JsonWebKeySet;
  fetchedAtMs: number;
}

const DEFAULT_TTL_MS = 18 * 60 * 60 * 1000;
const SUPPORTED_ALGORITHMS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'ES256',
];

export function createIdTokenVerifier(deps: IdTokenVerifierDependencies): IdTokenVerifier {
  const keys = new KeyCache(deps.transport, deps.clock, deps.cacheTtlMs ?? DEFAULT_TTL_MS);
  return {
    verifyIdToken: async (profile, credentials, token) => {
      if (!token.idToken) {
        return decoded('the server sent no id_token');
      }
      const claimedIssuer = claimsOfToken(token)?.iss;
      const issuer = typeof claimedIssuer === 'string' ? claimedIssuer : undefined;
      const url = discoveryUrlOf(profile, issuer);
      if (!url) {
        return decoded('no discovery document is known for this server');
      }
      const check = {
        idToken: token.idToken,
        profile,
        clock: deps.clock,
        skewMs: token.clockSkewMs,
      };
      try {
        const outcome = await verifyWith(check, await keys.get(url, profile, credentials, false));
        if (outcome !== 'no_key') {
          return outcome;
        }
        // A kid we have not seen: the server may have rotated its keys since they were cached.
        const retried = await verifyWith(check, await keys.get(url, profile, credentials, true));
        return retried === 'no_key'
          ? decoded("none of the server's published keys matches the id_token")
          : retried;
      } catch (error) {
        return decoded(`the server's keys could not be read: ${describeFetchFailure(error)}`);
      }
    },
  };
}

/** Discovery and keys per discovery URL, as SanteDB's own client keeps them. */
class KeyCache {
  readonly #entries = new Map<string, CachedKeys>();

  constructor(
    private readonly transport: Transport,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  async get(
    url: string,
    profile: Profile,
    credentials: ResolvedCredentials,
    fresh: boolean,
  ): Promise<CachedKeys> {
    const cached = this.#entries.get(url);
    if (cached && !fresh && this.clock.now() - cached.fetchedAtMs < this.ttlMs) {
      return cached;
    }
    const options = { tls: credentials.tls, totalTimeoutMs: profile.timeoutSeconds * 1000 };
    const discovery = await fetchDiscovery(this.transport, url, options);
    if (isPlainHttp(discovery.jwksUri) && !profile.allowHttp) {
      throw new TokenError('bad_response', 'the key set is published over unencrypted http://', {
        url: discovery.jwksUri,
        field: 'jwks_uri',
      });
    }
    const jwks = await fetchJwks(this.transport, discovery.jwksUri, options);
    const entry = { discovery, jwks, fetchedAtMs: this.clock.now() };
    this.#entries.set(url, entry);
    return entry;
  }
}

interface VerificationInput {
  idToken: string;
  profile: Profile;
  clock: Clock;
  skewMs: number | undefined;
}

async function verifyWith(
  input: VerificationInput,
  keys: CachedKeys,
): Promise<IdTokenVerification | 'no_key'> {
  const jose = await import('jose');
  const header = readHeader(jose, input.idToken, keys.discovery);
  if ('status' in header) {
    return header;
  }

  const candidates = keys.jwks.keys.filter((jwk) => isCandidate(jwk, header.alg, header.kid));
  if (candidates.length === 0) {
    return 'no_key';
  }
  const options: JWTVerifyOptions = {
    issuer: keys.discovery.issuer,
    audience: input.profile.clientId,
    algorithms: [header.alg],
    // Judge exp and nbf in the server's clock, as measured when the token arrived.
    currentDate: new Date(input.clock.now() + (input.skewMs ?? 0)),
    clockTolerance: 60,
  };
  for (const jwk of candidates) {
    try {
      await jose.jwtVerify(input.idToken, await importKey(jose, jwk, header.alg), options);
      return { status: 'verified' };
    } catch (error) {
      const reason = describeJoseFailure(error, keys.discovery.issuer, input.profile.clientId);
      if (reason !== undefined) {
        return decoded(reason);
      }
    }
  }
  return decoded("the signature does not match the server's keys");
}

/** The JOSE header's algorithm (one the server advertises) and key id, or why not. */
function readHeader(
  jose: typeof Jose,
  idToken: string,
  discovery: DiscoveryDocument,
): { alg: string; kid?: string } | IdTokenVerification {
  let header: { alg?: string; kid?: string };
  try {
    header = jose.decodeProtectedHeader(idToken);
  } catch {
    return decoded('the id_token is not a valid JWT');
  }
  if (!header.alg || !allowedAlgorithms(discovery).includes(header.alg)) {
    return decoded(
      `the id_token is signed with ${header.alg ?? 'no algorithm'}, which is not accepted`,
    );
  }
  return header.kid === undefined ? { alg: header.alg } : { alg: header.alg, kid: header.kid };
}

function allowedAlgorithms(discovery: DiscoveryDocument): string[] {
  const advertised = discovery.signingAlgorithms;
  return advertised
    ? SUPPORTED_ALGORITHMS.filter((alg) => advertised.includes(alg))
    : SUPPORTED_ALGORITHMS;
}

function isCandidate(jwk: Record<string, unknown>, alg: string, kid: string | undefined): boolean {
  if (kid !== undefined && jwk.kid !== undefined && jwk.kid !== kid) {
    return false;
  }
  if (jwk.use !== undefined && jwk.use !== 'sig') {
    return false;
  }
  if (typeof jwk.alg === 'string' && jwk.alg !== alg) {
    return false;
  }
  const family = alg.slice(0, 2);
  if (family === 'HS') {
    return jwk.kty === 'oct' && typeof jwk.k === 'string';
  }
  if (family === 'ES') {
    return jwk.kty === 'EC';
  }
  return jwk.kty === 'RSA' && (Array.isArray(jwk.x5c) || typeof jwk.n === 'string');
}

/** SanteDB may publish an RSA key as `x5c` only, without `n` and `e`. */
async function importKey(
  jose: typeof Jose,
  jwk: Record<string, unknown>,
  alg: string,
): Promise<CryptoKey | Uint8Array> {
  const first = Array.isArray(jwk.x5c) ? jwk.x5c[0] : undefined;
  if (jwk.kty === 'RSA' && typeof jwk.n !== 'string' && typeof first === 'string') {
    const body = first.match(/.{1,64}/g)?.join('\n') ?? first;
    return jose.importX509(`-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`, alg);
  }
  const keyOnly = Object.fromEntries(Object.entries(jwk).filter(([name]) => name !== 'x5c'));
  return (await jose.importJWK(keyOnly as JWK, alg)) as CryptoKey | Uint8Array;
}

/** A reason for a claim failure, or undefined for a signature that simply did not match. */
function describeJoseFailure(error: unknown, issuer: string, clientId: string): string | undefined {
  const code = (error as { code?: unknown }).code;
  const claim = (error as { claim?: unknown }).claim;
  if (code === 'ERR_JWT_EXPIRED') {
    return 'the id_token has expired';
  }
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    if (claim === 'iss') {
      return `the id_token's issuer is not the server's issuer "${issuer}"`;
    }
    if (claim === 'aud') {
      return `the id_token's audience does not include the client id "${clientId}"`;
    }
    return `the id_token's ${typeof claim === 'string' ? claim : 'claims'} claim is not valid now`;
  }
  // A signature that does not match (or a key that cannot be imported): try the next key.
  return undefined;
}

function describeFetchFailure(error: unknown): string {
  // TokenError messages are written to be shown; other errors' text is not known to be safe.
  return isTokenError(error) ? error.message : 'an unexpected failure';
}

function decoded(reason: string): IdTokenVerification {
  return { status: 'decoded', reason };
}
