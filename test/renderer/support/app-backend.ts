// The main process as the renderer tests need it: the real application layer over the real
// session manager, token client, credential loader and id_token verifier, talking HTTP to the
// bundled dev server. Only the OS edges are in memory: profile store, vault, clipboard, dialogs,
// settings.
import { readFile } from 'node:fs/promises';

import { createAppService, type AppService } from '../../../src/main/app/app-service';
import { createClipboardGuard } from '../../../src/main/app/clipboard-guard';
import { MemoryProfileRepository } from '../../../src/main/app/memory-profile-repository';
import type { ClipboardPort, FilePickerPort } from '../../../src/main/app/ports';
import { systemClock, type Clock } from '../../../src/main/core/clock';
import { createCredentialLoader } from '../../../src/main/core/credentials';
import { createIdTokenVerifier } from '../../../src/main/core/id-token-verify';
import { silentLogger } from '../../../src/main/core/logger';
import type { Profile } from '../../../src/main/core/profile';
import { MemoryVault, type SecretVault } from '../../../src/main/core/secret-vault';
import { createSessionManager } from '../../../src/main/core/session-manager';
import type { SessionManager } from '../../../src/main/core/session-types';
import { createTokenClient } from '../../../src/main/core/token-client';
import type { TokenClient } from '../../../src/main/core/token-client-api';
import type { TokenSet } from '../../../src/main/core/token-set';
import { createUndiciTransport } from '../../../src/main/core/undici-transport';
import type { AppState } from '../../../src/shared/ipc-contract';
import { MemorySettings } from '../../support/memory-settings';

export interface AppBackend {
  service: AppService;
  repository: MemoryProfileRepository;
  vault: SecretVault;
  sessions: SessionManager;
  clipboard: MemoryClipboard;
  files: QueuedFilePicker;
  settings: MemorySettings;
  /** Text files an import can "open", by path, before the real disk is asked. */
  textFiles: Map<string, string>;
  /** Every token the client obtained: none of it may ever reach the page. */
  issued: TokenSet[];
  /** Set by the harness: where main's state pushes go. */
  onStateChanged?: (state: AppState) => void;
  dispose(): Promise<void>;
}

export interface BackendOptions {
  profiles?: Profile[];
  activeProfileId?: string;
  secrets?: {
    profileId: string;
    name: 'clientSecret' | 'deviceSecret' | 'certPassphrase';
    value: string;
  }[];
  clock?: Clock;
  /** The backend's name and whether it is secure; whether insecure is accepted is a setting. */
  secretBackend?: Omit<AppState['secretBackend'], 'acceptedInsecure'>;
  settings?: MemorySettings;
}

export class MemoryClipboard implements ClipboardPort {
  text = '';
  async writeSensitive(text: string): Promise<void> {
    this.text = text;
  }
  async readText(): Promise<string> {
    return this.text;
  }
  async clear(): Promise<void> {
    this.text = '';
  }
}

/** The native file dialog: answers with the paths a test queued, then "cancelled". */
export class QueuedFilePicker implements FilePickerPort {
  readonly queue: string[] = [];
  async choose(): Promise<string | undefined> {
    return this.queue.shift();
  }
}

export async function createAppBackend(options: BackendOptions = {}): Promise<AppBackend> {
  const clock = options.clock ?? systemClock;
  const repository = new MemoryProfileRepository(options.profiles ?? [], options.activeProfileId);
  const vault = new MemoryVault();
  for (const secret of options.secrets ?? []) {
    await vault.set(secret.profileId, secret.name, secret.value);
  }
  const transport = createUndiciTransport();
  const issued: TokenSet[] = [];
  const client = recordingClient(createTokenClient({ transport, clock }), issued);
  const loadCredentials = (from: SecretVault) => createCredentialLoader({ vault: from, readFile });
  const sessions = createSessionManager({
    getProfile: (profileId) => repository.get(profileId),
    loadCredentials: loadCredentials(vault),
    client,
    clock,
  });
  const verifier = createIdTokenVerifier({ transport, clock });
  const clipboard = new MemoryClipboard();
  const files = new QueuedFilePicker();
  const textFiles = new Map<string, string>();
  const settings = options.settings ?? new MemorySettings();
  const secretBackend = options.secretBackend ?? { name: 'memory (test)', secure: true };
  const backend: Partial<AppBackend> = {
    repository,
    vault,
    sessions,
    clipboard,
    files,
    settings,
    textFiles,
    issued,
  };

  const service = createAppService({
    repository,
    vault,
    sessions,
    client,
    loadCredentials,
    clipboard: createClipboardGuard({ clipboard, clock, clearAfterSeconds: 30 }),
    files,
    readTextFile: async (path) => textFiles.get(path) ?? readFile(path, 'utf8'),
    clock,
    logger: silentLogger,
    verifyIdToken: verifier.verifyIdToken,
    secretBackend: () => ({
      ...secretBackend,
      acceptedInsecure: !secretBackend.secure && settings.load().acceptInsecureSecretStorage,
    }),
    settings,
    onStateChanged: (state) => backend.onStateChanged?.(state),
  });

  return Object.assign(backend, {
    service,
    async dispose() {
      service.dispose();
      sessions.dispose();
      await transport.close();
    },
  }) as AppBackend;
}

function recordingClient(client: TokenClient, issued: TokenSet[]): TokenClient {
  return {
    async acquire(profile, credentials, acquireOptions) {
      const token = await client.acquire(profile, credentials, acquireOptions);
      issued.push(token);
      return token;
    },
    signOut: (profile, credentials, token) => client.signOut(profile, credentials, token),
  };
}
