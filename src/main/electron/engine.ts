// The token engine as the tray app runs it: the core's undici transport with the system proxy,
// the token client, the credential loader on the safeStorage vault, the session manager and the
// id_token verifier. Nothing here is Electron-specific except where the proxy comes from.

import type { Clock } from '../core/clock';
import { readCredentialFile } from '../core/credential-file';
import { createCredentialLoader } from '../core/credentials';
import { createIdTokenVerifier, type IdTokenVerifier } from '../core/id-token-verify';
import type { Logger } from '../core/logger';
import type { SecretVault } from '../core/secret-vault';
import { createSessionManager } from '../core/session-manager';
import type { SessionManager } from '../core/session-types';
import { createTokenClient } from '../core/token-client';
import type { CredentialLoader, TokenClient } from '../core/token-client-api';
import type { Transport } from '../core/transport';
import { createUndiciTransport } from '../core/undici-transport';

import { withSystemProxy, type ProxyResolver } from './network';
import type { ProfileStore } from './profile-store';

export interface Engine {
  client: TokenClient;
  sessions: SessionManager;
  loadCredentials: (vault: SecretVault) => CredentialLoader;
  verifyIdToken: IdTokenVerifier['verifyIdToken'];
  close(): Promise<void>;
}

export interface EngineOptions {
  profiles: ProfileStore;
  vault: SecretVault;
  clock: Clock;
  resolveProxy: ProxyResolver;
  logger: (scope: string) => Logger;
  /** Replaces the undici transport (tests); the system proxy is still applied around it. */
  transport?: Transport;
}

export function setupEngine(options: EngineOptions): Engine {
  const undici = options.transport ? undefined : createUndiciTransport();
  const base: Transport = options.transport ?? (undici as Transport);
  const transport = withSystemProxy(base, options.resolveProxy);
  const loadCredentials = (vault: SecretVault) =>
    createCredentialLoader({ vault, readFile: readCredentialFile });
  const client = createTokenClient({
    transport,
    clock: options.clock,
    logger: options.logger('token-client'),
  });
  const sessions = createSessionManager({
    getProfile: (profileId) => options.profiles.get(profileId),
    loadCredentials: loadCredentials(options.vault),
    client,
    clock: options.clock,
    logger: options.logger('sessions'),
  });
  const verifier = createIdTokenVerifier({ transport, clock: options.clock });

  return {
    client,
    sessions,
    loadCredentials,
    verifyIdToken: verifier.verifyIdToken,
    async close() {
      sessions.dispose();
      await undici?.close();
    },
  };
}
