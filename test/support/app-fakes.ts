// Fakes for the application layer's tests: a session manager and a token client driven by the
// test, ports that count their calls and can be told to fail, and an AppService wired to them.
// Every token these fakes hand out contains CANARY, so a test can prove none reached a result.
import { createAppService } from '../../src/main/app/app-service';
import type { AppServiceDeps } from '../../src/main/app/app-service';
import { createClipboardGuard } from '../../src/main/app/clipboard-guard';
import { MemoryProfileRepository } from '../../src/main/app/memory-profile-repository';
import type { ClipboardPort, FilePickerPort } from '../../src/main/app/ports';
import { profileView } from '../../src/main/app/views';
import { claimsOfToken } from '../../src/main/core/claims';
import { TokenError } from '../../src/main/core/errors';
import { createLogger } from '../../src/main/core/logger';
import type { Profile, ProfileInput, SecretName } from '../../src/main/core/profile';
import { parseProfile } from '../../src/main/core/profile';
import { MemoryVault } from '../../src/main/core/secret-vault';
import type {
  GetTokenOptions,
  SessionEvent,
  SessionManager,
  SessionSnapshot,
} from '../../src/main/core/session-types';
import type {
  AcquireOptions,
  ResolvedCredentials,
  SignOutOutcome,
  TokenClient,
} from '../../src/main/core/token-client-api';
import type { TokenSet } from '../../src/main/core/token-set';
import type { AppState, ProfileDraft, SessionView } from '../../src/shared/ipc-contract';

import { FakeClock } from './fake-clock';
import { defaultSettingsView, MemorySettings } from './memory-settings';

/** Appears in every fake token and secret: no IpcResult may ever contain it. */
export const CANARY = 'CANARY-7f3e9b1c';

export const canaryClaims = {
  sub: '6b7f2a10-4c1e-4d55-9a61-2f0e8c3d9b01',
  name: 'org.example.desktop',
  iss: 'https://sdb.example.org/auth',
  aud: ['org.example.desktop'],
  scope: ['1.3.6.1.4.1.33349.3.1.5.9.2.1.0'],
  extensions: { santedb: { appid: '6b7f2a10-4c1e-4d55-9a61-2f0e8c3d9b01' } },
};

export function canaryToken(nowMs: number, overrides: Partial<TokenSet> = {}): TokenSet {
  return {
    accessToken: `${CANARY}-access`,
    tokenType: 'bearer',
    // Decodes to canaryClaims; the canary rides in the signature, so a leaked id_token shows.
    idToken: `eyJhbGciOiJIUzI1NiJ9.${base64url(JSON.stringify(canaryClaims))}.${CANARY}-sig`,
    refreshToken: `${CANARY}-refresh`,
    generation: 'santedb3',
    obtainedAtMs: nowMs,
    expiresAtMs: nowMs + 3_600_000,
    expiresInSeconds: 3600,
    expiresInWasMilliseconds: false,
    warnings: [],
    ...overrides,
  };
}

export function makeProfile(overrides: Partial<ProfileInput> = {}): Profile {
  const parsed = parseProfile({
    id: 'prod',
    name: 'prod',
    protocol: 'santedb3',
    serverRoot: 'https://sdb.example.org:8443',
    clientId: 'org.example.desktop',
    ...overrides,
  });
  if (!parsed.ok) {
    throw new Error(`test profile is invalid: ${parsed.issues.map((i) => i.field).join(', ')}`);
  }
  return parsed.profile;
}

export function makeDraft(overrides: Partial<ProfileDraft> = {}): ProfileDraft {
  return {
    name: 'prod',
    protocol: 'santedb3',
    serverRoot: 'https://sdb.example.org:8443',
    clientId: 'org.example.desktop',
    clientAuth: 'basic',
    nodeAuth: { kind: 'none' },
    scope: '*',
    allowHttp: false,
    timeoutSeconds: 20,
    secrets: {},
    ...overrides,
  };
}

/** An app state with one active profile and, when given, its session. */
export function appStateWith(session: Partial<SessionView> | undefined, name = 'prod'): AppState {
  const stored = { clientSecret: true, deviceSecret: false, certPassphrase: false };
  const base: SessionView = {
    profileId: 'prod',
    profileName: name,
    demo: false,
    tokenEndpoint: 'https://sdb.example.org:8443/auth/oauth2_token',
    protocol: 'santedb3',
    status: 'idle',
    hasToken: false,
    idToken: 'absent',
    warnings: [],
  };
  return {
    activeProfileId: 'prod',
    profiles: [profileView(makeProfile({ name }), stored)],
    sessions: session ? [{ ...base, ...session }] : [],
    secretBackend: { name: 'test', secure: true, acceptedInsecure: false },
    settings: defaultSettingsView,
  };
}

/** A session manager whose tokens and failures the test sets; counts every call. */
export class FakeSessionManager implements SessionManager {
  readonly tokens = new Map<string, TokenSet>();
  readonly snapshots = new Map<string, SessionSnapshot>();
  readonly calls: Array<{ method: string; profileId: string; minValidityMs?: number }> = [];
  /** When set, getToken and renewNow reject with it. */
  failure: TokenError | undefined;
  readonly #listeners = new Set<(event: SessionEvent) => void>();
  readonly #clock: FakeClock;

  constructor(clock: FakeClock) {
    this.#clock = clock;
  }

  count(method: string): number {
    return this.calls.filter((call) => call.method === method).length;
  }

  async getToken(profileId: string, options?: GetTokenOptions): Promise<TokenSet> {
    this.calls.push({ method: 'getToken', profileId, minValidityMs: options?.minValidityMs });
    return this.#issue(profileId);
  }

  peekToken(profileId: string, minValidityMs = 0): TokenSet | undefined {
    this.calls.push({ method: 'peekToken', profileId, minValidityMs });
    const token = this.tokens.get(profileId);
    return token && token.expiresAtMs - this.#clock.now() >= minValidityMs ? token : undefined;
  }

  async renewNow(profileId: string): Promise<TokenSet> {
    this.calls.push({ method: 'renewNow', profileId });
    return this.#issue(profileId);
  }

  async signOut(profileId: string): Promise<void> {
    this.calls.push({ method: 'signOut', profileId });
    this.tokens.delete(profileId);
    this.snapshots.delete(profileId);
    this.emit({ type: 'signed_out', profileId, snapshot: this.snapshot(profileId) });
  }

  snapshot(profileId: string): SessionSnapshot {
    return (
      this.snapshots.get(profileId) ?? { profileId, status: 'idle', hasToken: false, warnings: [] }
    );
  }

  profileChanged(profileId: string): void {
    this.calls.push({ method: 'profileChanged', profileId });
    this.tokens.delete(profileId);
  }

  profileRemoved(profileId: string): void {
    this.calls.push({ method: 'profileRemoved', profileId });
    this.tokens.delete(profileId);
  }

  recheckAll(): void {
    this.calls.push({ method: 'recheckAll', profileId: '' });
  }

  on(listener: (event: SessionEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  dispose(): void {
    this.#listeners.clear();
  }

  emit(event: SessionEvent): void {
    for (const listener of this.#listeners) {
      listener(event);
    }
  }

  async #issue(profileId: string): Promise<TokenSet> {
    if (this.failure) {
      throw this.failure;
    }
    const token = canaryToken(this.#clock.now());
    this.tokens.set(profileId, token);
    const snapshot = snapshotOf(profileId, token);
    this.snapshots.set(profileId, snapshot);
    this.emit({ type: 'acquired', profileId, snapshot });
    return token;
  }
}

/** A session whose last attempt failed because the client secret would not decrypt. */
export function unreadableSecretSnapshot(profileId: string): SessionSnapshot {
  return {
    profileId,
    status: 'error',
    hasToken: false,
    warnings: [],
    lastError: {
      code: 'secret_unreadable',
      message: 'The client secret cannot be decrypted',
      context: { field: 'secrets.clientSecret' },
      atMs: 1,
    },
  };
}

export function snapshotOf(profileId: string, token: TokenSet): SessionSnapshot {
  return {
    profileId,
    status: 'valid',
    hasToken: true,
    generation: token.generation,
    tokenType: token.tokenType,
    obtainedAtMs: token.obtainedAtMs,
    expiresAtMs: token.expiresAtMs,
    claims: claimsOfToken(token),
    warnings: [],
  };
}

/** A token client that records the profile and credentials of each call. */
export class RecordingTokenClient implements TokenClient {
  readonly acquired: Array<{ profile: Profile; credentials: ResolvedCredentials }> = [];
  readonly signedOut: string[] = [];
  failure: TokenError | undefined;
  readonly #clock: FakeClock;

  constructor(clock: FakeClock) {
    this.#clock = clock;
  }

  async acquire(
    profile: Profile,
    credentials: ResolvedCredentials,
    _options?: AcquireOptions,
  ): Promise<TokenSet> {
    this.acquired.push({ profile, credentials });
    if (this.failure) {
      throw this.failure;
    }
    return canaryToken(this.#clock.now(), { warnings: ['the server clock is 2 s ahead'] });
  }

  async signOut(profile: Profile): Promise<SignOutOutcome> {
    this.signedOut.push(profile.id);
    return 'ended';
  }
}

/** A clipboard that remembers its text and counts writes and clears. */
export class FakeClipboard implements ClipboardPort {
  text = '';
  writes = 0;
  clears = 0;
  failWrites = false;

  async writeSensitive(text: string): Promise<void> {
    if (this.failWrites) {
      throw new Error(`clipboard refused ${text}`);
    }
    this.writes += 1;
    this.text = text;
  }

  async readText(): Promise<string> {
    return this.text;
  }

  async clear(): Promise<void> {
    this.clears += 1;
    this.text = '';
  }

  /** The user copies something of their own. */
  userCopies(text: string): void {
    this.text = text;
  }
}

/** A vault that fails the n-th write (set or delete), counting from 1. */
export class FlakyVault extends MemoryVault {
  writes = 0;
  failOnWrite: number | undefined;
  readonly unreadable = new Set<string>();

  override async get(profileId: string, name: SecretName): Promise<string | undefined> {
    if (this.unreadable.has(`${profileId}/${name}`)) {
      throw new TokenError('secret_unreadable', `The ${name} cannot be decrypted`, {
        profileId,
        field: `secrets.${name}`,
      });
    }
    return super.get(profileId, name);
  }

  readonly #keys = new Set<string>();

  /** Every `profileId/name` that holds a secret now. */
  get storedKeys(): string[] {
    return [...this.#keys].sort();
  }

  override async set(profileId: string, name: SecretName, value: string): Promise<void> {
    this.#write();
    this.#keys.add(`${profileId}/${name}`);
    return super.set(profileId, name, value);
  }

  override async delete(profileId: string, name?: SecretName): Promise<void> {
    this.#write();
    for (const key of [...this.#keys]) {
      if (name ? key === `${profileId}/${name}` : key.startsWith(`${profileId}/`)) {
        this.#keys.delete(key);
      }
    }
    return super.delete(profileId, name);
  }

  #write(): void {
    this.writes += 1;
    if (this.failOnWrite === this.writes) {
      throw new TokenError('storage', 'The secret store cannot be written');
    }
  }
}

/** A repository that can be made read-only. */
export class FlakyRepository extends MemoryProfileRepository {
  failSaves = false;

  override save(profile: Profile): void {
    if (this.failSaves) {
      throw new TokenError('storage', 'The settings file cannot be written');
    }
    super.save(profile);
  }
}

export class FakeFilePicker implements FilePickerPort {
  answer: string | undefined;
  readonly asked: string[] = [];

  async choose(kind: 'certificate' | 'key' | 'ca' | 'import'): Promise<string | undefined> {
    this.asked.push(kind);
    return this.answer;
  }
}

export interface AppHarness {
  clock: FakeClock;
  repository: FlakyRepository;
  vault: FlakyVault;
  sessions: FakeSessionManager;
  client: RecordingTokenClient;
  clipboard: FakeClipboard;
  files: FakeFilePicker;
  textFiles: Map<string, string>;
  settings: MemorySettings;
  states: AppState[];
  logLines: string[];
  service: ReturnType<typeof createAppService>;
}

/** An AppService over the fakes; `profiles` are stored first, the first one active. */
export function appHarness(
  profiles: Profile[] = [],
  overrides: Partial<AppServiceDeps> = {},
): AppHarness {
  const clock = new FakeClock();
  const repository = new FlakyRepository(profiles, profiles[0]?.id);
  const vault = new FlakyVault();
  const sessions = new FakeSessionManager(clock);
  const client = new RecordingTokenClient(clock);
  const clipboard = new FakeClipboard();
  const files = new FakeFilePicker();
  const textFiles = new Map<string, string>();
  const settings = new MemorySettings();
  const states: AppState[] = [];
  const logLines: string[] = [];

  const service = createAppService({
    repository,
    vault,
    sessions,
    client,
    // The real loader reads files; these tests only need the secrets it would find.
    loadCredentials: (source) => async (profile) => ({
      clientSecret: await source.get(profile.id, 'clientSecret'),
      deviceSecret: await source.get(profile.id, 'deviceSecret'),
      tls: {},
    }),
    clipboard: createClipboardGuard({ clipboard, clock, clearAfterSeconds: 60 }),
    files,
    readTextFile: async (path) => {
      const text = textFiles.get(path);
      if (text === undefined) {
        throw Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT' });
      }
      return text;
    },
    clock,
    logger: createLogger((level, line) => logLines.push(`${level}: ${line}`)),
    secretBackend: () => ({ name: 'test', secure: true, acceptedInsecure: false }),
    settings,
    onStateChanged: (state) => states.push(state),
    ...overrides,
  });
  return {
    clock,
    repository,
    vault,
    sessions,
    client,
    clipboard,
    files,
    textFiles,
    settings,
    states,
    logLines,
    service,
  };
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
