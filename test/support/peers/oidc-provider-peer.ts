// panva's oidc-provider, run in-process as an independent, spec-compliant OAuth 2.0 server.
// It decodes client_secret_basic credentials as RFC 6749 §2.3.1 says (form-decoding after
// base64), and with TLS it authenticates clients by certificate (RFC 8705 tls_client_auth).
import { generateKeyPairSync } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

import Provider from 'oidc-provider';

export const PEER_RESOURCE = 'urn:token-tray:peer-api';
export const PEER_SCOPES = ['read', 'write'] as const;

export type PeerClientMethod = 'client_secret_basic' | 'client_secret_post' | 'tls_client_auth';

export interface PeerClient {
  clientId: string;
  method: PeerClientMethod;
  /** For the secret methods. */
  secret?: string;
  /** For tls_client_auth: the certificate subject, e.g. `CN=DESKTOP-NODE-01`. */
  subjectDn?: string;
}

export interface OidcPeerOptions {
  clients: readonly PeerClient[];
  /** Serve HTTPS and ask for (but not require) a client certificate. */
  tls?: { key: string; cert: string; ca: string };
}

export interface OidcPeer {
  issuer: string;
  tokenEndpoint: string;
  /** Token requests received, whatever their outcome. */
  readonly tokenRequests: number;
  close(): Promise<void>;
}

export async function startOidcProviderPeer(options: OidcPeerOptions): Promise<OidcPeer> {
  let handler: (request: IncomingMessage, response: ServerResponse) => void = (_, response) => {
    response.writeHead(503).end();
  };
  let tokenRequests = 0;
  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    if (request.method === 'POST' && request.url?.startsWith('/token')) {
      tokenRequests += 1;
    }
    handler(request, response);
  };

  const server: Server = options.tls
    ? createHttpsServer({ ...options.tls, requestCert: true, rejectUnauthorized: false }, listener)
    : createHttpServer(listener);
  const port = await listen(server);

  // The issuer must name the real port, which is known only once the server listens.
  const issuer = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  handler = new Provider(issuer, providerConfiguration(options)).callback();

  return {
    issuer,
    tokenEndpoint: `${issuer}/token`,
    get tokenRequests() {
      return tokenRequests;
    },
    close: () => closeServer(server),
  };
}

function providerConfiguration(options: OidcPeerOptions): Record<string, unknown> {
  return {
    clients: options.clients.map(clientMetadata),
    // tls_client_auth is accepted only while the mTLS feature is on.
    clientAuthMethods: [
      'client_secret_basic',
      'client_secret_post',
      ...(options.tls ? ['tls_client_auth'] : []),
    ],
    scopes: [...PEER_SCOPES],
    jwks: { keys: [signingKey()] },
    ttl: { ClientCredentials: 300 },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => PEER_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: PEER_SCOPES.join(' '),
          audience: PEER_RESOURCE,
          accessTokenTTL: 300,
          accessTokenFormat: 'jwt',
        }),
      },
      mTLS: {
        enabled: options.tls !== undefined,
        tlsClientAuth: true,
        certificateBoundAccessTokens: true,
        getCertificate: (ctx: PeerContext) => peerSocket(ctx).getPeerX509Certificate(),
        certificateAuthorized: (ctx: PeerContext) => peerSocket(ctx).authorized,
        certificateSubjectMatches: (ctx: PeerContext, property: string, expected: string) =>
          property === 'tls_client_auth_subject_dn' &&
          peerSocket(ctx).getPeerX509Certificate()?.subject.split('\n').join(',') === expected,
      },
    },
  };
}

type PeerContext = { socket: unknown };

function peerSocket(ctx: PeerContext): TLSSocket {
  return ctx.socket as TLSSocket;
}

function clientMetadata(client: PeerClient): Record<string, unknown> {
  const common = {
    client_id: client.clientId,
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
    scope: PEER_SCOPES.join(' '),
    token_endpoint_auth_method: client.method,
  };
  if (client.method === 'tls_client_auth') {
    return {
      ...common,
      tls_client_auth_subject_dn: client.subjectDn,
      tls_client_certificate_bound_access_tokens: true,
    };
  }
  return { ...common, client_secret: client.secret };
}

/** A fresh key per peer, so the provider does not fall back to its published development key. */
function signingKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: 'peer-signing', use: 'sig', alg: 'RS256' };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
