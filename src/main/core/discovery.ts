// The server's OpenID discovery document and its JSON Web Key Set, read through the same
// Transport as the token request (so the profile's CA and proxy apply). SanteDB serves both
// under `<root>/auth`; a generic server under its issuer.
import { TokenError } from './errors';
import { cleanServerText, mediaTypeOf, parseJsonObject } from './oauth-errors';
import type { Profile } from './profile';
import { serverRootOf } from './profile-rules';
import type { HttpRequest, TlsMaterial, Transport } from './transport';
import { DEFAULT_MAX_RESPONSE_BYTES, deadlines } from './transport';

export interface DiscoveryDocument {
  issuer: string;
  jwksUri: string;
  tokenEndpoint?: string;
  endSessionEndpoint?: string;
  signingAlgorithms?: string[];
}

export interface JsonWebKeySet {
  keys: Array<Record<string, unknown>>;
}

export interface FetchOptions {
  tls?: TlsMaterial;
  totalTimeoutMs: number;
  proxyUrl?: string;
  signal?: AbortSignal;
}

/** Where the discovery document should be, or undefined when the profile does not say. */
export function discoveryUrlOf(profile: Profile, issuer?: string): string | undefined {
  if (profile.protocol !== 'oauth2') {
    const root = serverRootOf(profile);
    return root ? `${root}/auth/.well-known/openid-configuration` : undefined;
  }
  // A generic issuer publishes at `<issuer>/.well-known/…`; trust it only on the token host.
  if (!issuer || !profile.tokenEndpoint || !sameOrigin(issuer, profile.tokenEndpoint)) {
    return undefined;
  }
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

export async function fetchDiscovery(
  transport: Transport,
  url: string,
  options: FetchOptions,
): Promise<DiscoveryDocument> {
  const body = await getJson(transport, url, options, 'discovery document');
  const { issuer, jwks_uri: jwksUri } = body;
  if (typeof issuer !== 'string' || issuer === '' || typeof jwksUri !== 'string') {
    throw new TokenError(
      'bad_response',
      `The discovery document at ${url} has no issuer or jwks_uri: the server does not publish its signing keys`,
      { url, field: typeof issuer === 'string' ? 'jwks_uri' : 'issuer', detail: 'missing' },
    );
  }
  const document: DiscoveryDocument = { issuer, jwksUri };
  if (typeof body.token_endpoint === 'string') {
    document.tokenEndpoint = body.token_endpoint;
  }
  if (typeof body.end_session_endpoint === 'string') {
    document.endSessionEndpoint = body.end_session_endpoint;
  }
  const algorithms = body.id_token_signing_alg_values_supported;
  if (Array.isArray(algorithms) && algorithms.every((value) => typeof value === 'string')) {
    document.signingAlgorithms = algorithms;
  }
  return document;
}

export async function fetchJwks(
  transport: Transport,
  url: string,
  options: FetchOptions,
): Promise<JsonWebKeySet> {
  const body = await getJson(transport, url, options, 'key set');
  const keys = body.keys;
  if (!Array.isArray(keys)) {
    throw new TokenError('bad_response', `The key set at ${url} has no "keys" list`, {
      url,
      field: 'keys',
      detail: 'missing',
    });
  }
  return {
    keys: keys.filter(
      (key): key is Record<string, unknown> => typeof key === 'object' && key !== null,
    ),
  };
}

async function getJson(
  transport: Transport,
  url: string,
  options: FetchOptions,
  what: string,
): Promise<Record<string, unknown>> {
  const request: HttpRequest = {
    method: 'GET',
    url,
    headers: { Accept: 'application/json' },
    ...deadlines(options.totalTimeoutMs),
    maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
    ...(options.tls ? { tls: options.tls } : {}),
    ...(options.proxyUrl ? { proxyUrl: options.proxyUrl } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const response = await transport(request);

  if (response.status !== 200) {
    throw statusError(response.status, url, what);
  }
  const mediaType = mediaTypeOf(response.headers);
  const body = parseJsonObject(response.body);
  if ((mediaType !== 'application/json' && !mediaType.endsWith('+json')) || !body) {
    const shown = cleanServerText(mediaType || 'no content type', 80);
    throw new TokenError('bad_response', `The ${what} at ${url} is not a JSON object (${shown})`, {
      url,
      contentType: mediaType,
      detail: 'not_json',
    });
  }
  return body;
}

function statusError(status: number, url: string, what: string): TokenError {
  const code =
    status >= 300 && status < 400 ? 'redirect' : status >= 500 ? 'server_error' : 'server_refused';
  return new TokenError(code, `The ${what} at ${url} answered HTTP ${status}`, { url, status });
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
