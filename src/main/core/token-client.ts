// The token client: picks the request shape for the profile's protocol, sends it, and checks the
// answer. For `auto` it speaks SanteDB 3.x first and falls back once to the 2.x shape when the
// server gives the 2.x signal (400 invalid_client); the generation found is in the TokenSet.
import type { Clock } from './clock';
import { TokenError, isTokenError } from './errors';
import type { Logger } from './logger';
import { silentLogger } from './logger';
import { checkResponseStatus } from './oauth-errors';
import type { Grant } from './oauth-errors';
import type { Generation, Profile } from './profile';
import { serverRootOf } from './profile-rules';
import { registerSecret } from './redact';
import type {
  AcquireOptions,
  ResolvedCredentials,
  SignOutOutcome,
  TokenClient,
} from './token-client-api';
import {
  FORM_CONTENT_TYPE,
  buildTokenRequest,
  createNonce,
  missingSecret,
  sendsNonce,
} from './token-request';
import { parseTokenResponse } from './token-response';
import type { TokenSet } from './token-set';
import type { HttpRequest, HttpResponse, Transport } from './transport';
import { DEFAULT_MAX_RESPONSE_BYTES, deadlines } from './transport';

export interface TokenClientDependencies {
  transport: Transport;
  clock: Clock;
  randomBytes?: (size: number) => Uint8Array;
  logger?: Logger;
  maxResponseBytes?: number;
}

const generationNames: Record<Generation, string> = {
  santedb3: 'SanteDB 3.x',
  santedb2: 'SanteDB 2.x',
  oauth2: 'OAuth 2.0',
};

interface ClientContext {
  transport: Transport;
  clock: Clock;
  random: (size: number) => Uint8Array;
  logger: Logger;
  maxResponseBytes: number;
}

export function createTokenClient(deps: TokenClientDependencies): TokenClient {
  const context: ClientContext = {
    transport: deps.transport,
    clock: deps.clock,
    random: deps.randomBytes ?? pooledRandomBytes(),
    logger: deps.logger ?? silentLogger,
    maxResponseBytes: deps.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
  };
  return {
    acquire: (profile, credentials, options = {}) =>
      acquire(context, profile, credentials, options),
    signOut: (profile, credentials, token) => signOut(context, profile, credentials, token),
  };
}

async function acquire(
  context: ClientContext,
  profile: Profile,
  credentials: ResolvedCredentials,
  options: AcquireOptions,
): Promise<TokenSet> {
  registerCredentials(credentials, options);
  const probing = profile.protocol === 'auto' && !isSantedbGeneration(options.generationHint);
  const first = firstGeneration(profile, options.generationHint);

  let tokens: TokenSet;
  try {
    tokens = await exchange(context, profile, credentials, first, probing, options);
  } catch (error) {
    if (!probing || !isSantedb2Signal(error)) {
      throw error;
    }
    context.logger.info(
      `profile '${profile.id}': the server asked for client credentials as SanteDB 2.x does; retrying once in the 2.x form`,
    );
    if (!credentials.clientSecret) {
      throw missingSecret(
        profile,
        'clientSecret',
        'because the server looks like SanteDB 2.x, which needs it with every request (if it is a 3.x server, set the protocol to SanteDB 3.x)',
      );
    }
    tokens = await exchange(context, profile, credentials, 'santedb2', false, options, true);
  }

  logTokens(context.logger, profile, tokens);
  return tokens;
}

/** One request in one shape, and its answer checked. */
async function exchange(
  context: ClientContext,
  profile: Profile,
  credentials: ResolvedCredentials,
  generation: Generation,
  probing: boolean,
  options: AcquireOptions,
  fellBack = false,
): Promise<TokenSet> {
  const nonce = sendsNonce(generation) ? createNonce(context.random) : undefined;
  const request = buildTokenRequest(profile, credentials, generation, nonce, {
    ...options,
    maxResponseBytes: context.maxResponseBytes,
  });
  registerHeaderSecrets(request);
  context.logger.debug(
    `profile '${profile.id}': requesting a token from ${request.url} (${generationNames[generation]} request)`,
  );

  const sentAtMs = context.clock.now();
  const response = await send(context.transport, request);
  return parseTokenResponse(response, {
    generation,
    probing,
    // In the 3.x shape a Basic header carries the device: only 3.x takes that.
    deviceBasicSent: generation === 'santedb3' && request.headers.Authorization !== undefined,
    fellBack,
    grant: grantOf(options),
    sentAtMs,
    receivedAtMs: context.clock.now(),
    ...(nonce === undefined ? {} : { nonce }),
    url: request.url,
    profileId: profile.id,
  });
}

async function signOut(
  context: ClientContext,
  profile: Profile,
  credentials: ResolvedCredentials,
  token: TokenSet,
): Promise<SignOutOutcome> {
  const root = serverRootOf(profile);
  if (token.generation !== 'santedb3' || !token.idToken || !root) {
    return 'unsupported';
  }
  registerSecret(token.idToken);
  const request = signOutRequest(profile, credentials, `${root}/auth/signout`, token.idToken);
  const response = await send(context.transport, request);
  if (response.status === 204 || response.status === 200) {
    context.logger.info(`profile '${profile.id}': session ended on the server`);
    return 'ended';
  }
  // 400 "invalid token" (expired or already abandoned) and 401 "expired" both mean: gone.
  if (response.status === 400 || response.status === 401) {
    context.logger.info(`profile '${profile.id}': the server had already ended the session`);
    return 'already_ended';
  }
  checkResponseStatus(response, {
    generation: 'santedb3',
    grant: 'client_credentials',
    url: request.url,
    profileId: profile.id,
    receivedAtMs: context.clock.now(),
  });
  return 'ended';
}

/** The 2.x answer to a 3.x-shaped request: 400 invalid_client ("Missing client credentials"). */
function isSantedb2Signal(error: unknown): boolean {
  return (
    isTokenError(error) &&
    error.code === 'server_refused' &&
    error.context.status === 400 &&
    error.context.oauthError === 'invalid_client'
  );
}

function isSantedbGeneration(value: Generation | undefined): value is 'santedb2' | 'santedb3' {
  return value === 'santedb2' || value === 'santedb3';
}

function firstGeneration(profile: Profile, hint: Generation | undefined): Generation {
  if (profile.protocol !== 'auto') {
    return profile.protocol;
  }
  return isSantedbGeneration(hint) ? hint : 'santedb3';
}

function grantOf(options: AcquireOptions): Grant {
  return options.refreshToken ? 'refresh_token' : 'client_credentials';
}

/** The transport promises TokenErrors only; anything else is wrapped so no detail leaks. */
async function send(transport: Transport, request: HttpRequest): Promise<HttpResponse> {
  try {
    return await transport(request);
  } catch (error) {
    if (isTokenError(error)) {
      throw error;
    }
    throw new TokenError(
      'network',
      'The request failed for an unexpected reason: try again, and check the network',
      { url: request.url, detail: 'transport' },
      error,
    );
  }
}

function signOutRequest(
  profile: Profile,
  credentials: ResolvedCredentials,
  url: string,
  idToken: string,
): HttpRequest {
  return {
    method: 'POST',
    url,
    headers: { Accept: 'application/json', 'Content-Type': FORM_CONTENT_TYPE },
    body: new URLSearchParams({ id_token_hint: idToken }).toString(),
    tls: credentials.tls,
    ...deadlines(profile.timeoutSeconds * 1000),
    maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  };
}

function registerCredentials(credentials: ResolvedCredentials, options: AcquireOptions): void {
  registerSecret(credentials.clientSecret);
  registerSecret(credentials.deviceSecret);
  registerSecret(credentials.tls.passphrase);
  registerSecret(options.refreshToken);
}

/** The base64 of a Basic header is a credential of its own. */
function registerHeaderSecrets(request: HttpRequest): void {
  for (const value of Object.values(request.headers)) {
    const basic = /^basic\s+(\S+)$/i.exec(value);
    if (basic?.[1]) {
      registerSecret(basic[1]);
    }
  }
}

/**
 * Random bytes drawn from a buffer refilled 4 KiB at a time: one call into the system's random
 * source per nonce cost more than building the rest of the request. Each byte is handed out once.
 */
function pooledRandomBytes(): (size: number) => Uint8Array {
  const pool = Buffer.alloc(4096);
  let offset = pool.length;
  // node:crypto is loaded at the first nonce, not with this module: the CLI brings its own source.
  const fill = (buffer: Buffer): Buffer =>
    process.getBuiltinModule('node:crypto').randomFillSync(buffer);
  return (size) => {
    if (size > pool.length) {
      return fill(Buffer.alloc(size));
    }
    if (offset + size > pool.length) {
      fill(pool);
      offset = 0;
    }
    const bytes = Buffer.from(pool.subarray(offset, offset + size));
    offset += size;
    return bytes;
  };
}

function logTokens(logger: Logger, profile: Profile, tokens: TokenSet): void {
  const minutes = Math.round((tokens.expiresAtMs - tokens.obtainedAtMs) / 60_000);
  logger.info(
    `profile '${profile.id}': token obtained from a ${generationNames[tokens.generation]} server, expires in ${minutes} min`,
  );
  for (const warning of tokens.warnings) {
    logger.warn(`profile '${profile.id}': ${warning}`);
  }
}
