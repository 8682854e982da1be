// Builds the token request for each protocol generation, exactly as the server reads it. Pure:
// the nonce and the credentials come in, an HttpRequest goes out; nothing is sent from here.
import { TokenError } from './errors';
import type { Generation, Profile, SecretName } from './profile';
import { tokenEndpointOf } from './profile-rules';
import type { ResolvedCredentials } from './token-client-api';
import type { HttpRequest } from './transport';
import { DEFAULT_MAX_RESPONSE_BYTES, deadlines } from './transport';

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';
export const NONCE_BYTES = 32;

export interface TokenRequestOptions {
  /** Ask for `grant_type=refresh_token` with this token instead of client_credentials. */
  refreshToken?: string;
  proxyUrl?: string;
  signal?: AbortSignal;
  maxResponseBytes?: number;
}

/** A nonce as SanteDB's own client makes it: base64url of 32 random bytes. */
export function createNonce(randomBytes: (size: number) => Uint8Array): string {
  const bytes = randomBytes(NONCE_BYTES);
  // A view, not a copy: the bytes are only read here.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Only SanteDB 3.x echoes a nonce; the 2.x and generic OAuth requests leave it out. */
export function sendsNonce(generation: Generation): boolean {
  return generation === 'santedb3';
}

/**
 * The request for one grant in the shape of `generation` (already resolved from `auto`).
 * Throws `missing_secret` or `invalid_profile` when the credentials cannot make that shape.
 */
export function buildTokenRequest(
  profile: Profile,
  credentials: ResolvedCredentials,
  generation: Generation,
  nonce: string | undefined,
  options: TokenRequestOptions = {},
): HttpRequest {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Content-Type': FORM_CONTENT_TYPE,
  };
  const form = new URLSearchParams();

  if (generation === 'santedb3') {
    addSantedb3(profile, credentials, headers, form, nonce, options.refreshToken);
  } else if (generation === 'santedb2') {
    addSantedb2(profile, credentials, headers, form, options.refreshToken);
  } else {
    addOAuth2(profile, credentials, headers, form, options.refreshToken);
  }

  const request: HttpRequest = {
    method: 'POST',
    url: tokenEndpointOf(profile),
    headers,
    body: form.toString(),
    tls: credentials.tls,
    ...deadlines(profile.timeoutSeconds * 1000),
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
  };
  if (options.proxyUrl) {
    request.proxyUrl = options.proxyUrl;
  }
  if (options.signal) {
    request.signal = options.signal;
  }
  return request;
}

function addSantedb3(
  profile: Profile,
  credentials: ResolvedCredentials,
  headers: Record<string, string>,
  form: URLSearchParams,
  nonce: string | undefined,
  refreshToken: string | undefined,
): void {
  const device = deviceCredentials(profile, credentials);
  if (device && (device.id.includes(':') || device.secret.includes(':'))) {
    throw new TokenError(
      'invalid_profile',
      'A device id or secret containing ":" cannot be sent to a SanteDB 3.x server (HTTP Basic splits on ":"): set a new device secret on the server, or choose SanteDB 2.x',
      { profileId: profile.id, field: 'secrets.deviceSecret' },
    );
  }
  if (device) {
    headers.Authorization = `Basic ${basicCredentials(device.id, device.secret)}`;
  }

  form.set('grant_type', refreshToken ? 'refresh_token' : 'client_credentials');
  form.set('client_id', profile.clientId);
  // Device Basic and client_secret together trip a duplicate-key fault in 3.x servers.
  if (!device) {
    const clientSecret = credentials.clientSecret;
    if (clientSecret) {
      form.set('client_secret', clientSecret);
    } else if (profile.nodeAuth.kind === 'none') {
      throw missingSecret(profile, 'clientSecret', 'when it uses no node authentication');
    }
  }
  if (refreshToken) {
    form.set('refresh_token', refreshToken);
  } else {
    form.set('scope', profile.scope);
  }
  if (nonce) {
    form.set('nonce', nonce);
  }
}

function addSantedb2(
  profile: Profile,
  credentials: ResolvedCredentials,
  headers: Record<string, string>,
  form: URLSearchParams,
  refreshToken: string | undefined,
): void {
  const device = deviceCredentials(profile, credentials);
  if (device) {
    headers['X-Device-Authorization'] = `BASIC ${basicCredentials(device.id, device.secret)}`;
  }
  if (!credentials.clientSecret) {
    throw missingSecret(
      profile,
      'clientSecret',
      'for SanteDB 2.x, which needs it with every request',
    );
  }

  form.set('grant_type', refreshToken ? 'refresh_token' : 'client_credentials');
  if (!refreshToken) {
    form.set('scope', profile.scope);
  }
  form.set('client_id', profile.clientId);
  form.set('client_secret', credentials.clientSecret);
  if (refreshToken) {
    form.set('refresh_token', refreshToken);
  }
}

function addOAuth2(
  profile: Profile,
  credentials: ResolvedCredentials,
  headers: Record<string, string>,
  form: URLSearchParams,
  refreshToken: string | undefined,
): void {
  const clientSecret = credentials.clientSecret;
  const hasCertificate = profile.nodeAuth.kind === 'pkcs12' || profile.nodeAuth.kind === 'pem';
  if (!clientSecret && !hasCertificate) {
    throw missingSecret(profile, 'clientSecret', 'for OAuth 2.0 client authentication');
  }

  form.set('grant_type', refreshToken ? 'refresh_token' : 'client_credentials');
  if (refreshToken) {
    form.set('refresh_token', refreshToken);
  } else if (profile.scope !== '*') {
    // `*` is SanteDB's "every granted policy"; a generic server would reject it as a scope.
    form.set('scope', profile.scope);
  }

  if (!clientSecret) {
    // tls_client_auth (RFC 8705 §2): the certificate authenticates, client_id names the client.
    form.set('client_id', profile.clientId);
  } else if (profile.clientAuth === 'basic') {
    headers.Authorization = `Basic ${clientSecretBasic(profile.clientId, clientSecret)}`;
  } else {
    form.set('client_id', profile.clientId);
    form.set('client_secret', clientSecret);
  }
}

/** RFC 6749 §2.3.1: id and secret are form-encoded first, then joined and base64-encoded. */
export function clientSecretBasic(clientId: string, clientSecret: string): string {
  return Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`, 'utf8').toString(
    'base64',
  );
}

/** SanteDB device credentials: raw UTF-8 `id:secret` in base64, never URL-encoded. */
export function basicCredentials(id: string, secret: string): string {
  return Buffer.from(`${id}:${secret}`, 'utf8').toString('base64');
}

function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

function deviceCredentials(
  profile: Profile,
  credentials: ResolvedCredentials,
): { id: string; secret: string } | undefined {
  if (profile.nodeAuth.kind !== 'device') {
    return undefined;
  }
  if (!credentials.deviceSecret) {
    throw missingSecret(profile, 'deviceSecret', 'for device (node) authentication');
  }
  return { id: profile.nodeAuth.deviceId, secret: credentials.deviceSecret };
}

const secretLabels: Record<SecretName, string> = {
  clientSecret: 'client secret',
  deviceSecret: 'device secret',
  certPassphrase: 'certificate passphrase',
};

export function missingSecret(profile: Profile, name: SecretName, purpose: string): TokenError {
  return new TokenError(
    'missing_secret',
    `Profile '${profile.name}' needs its ${secretLabels[name]} ${purpose}: enter it in the profile settings`,
    { profileId: profile.id, field: `secrets.${name}` },
  );
}
