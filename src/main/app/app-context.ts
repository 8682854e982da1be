// What every handler of the application layer works with: the host's ports and the engine,
// plus the few lookups they all need (a profile by id, its views, the whole state).
import type { AppState, ProfileView, SessionView } from '../../shared/ipc-contract';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { Profile } from '../core/profile';
import { secretNames } from '../core/profile';
import type { SecretVault } from '../core/secret-vault';
import type { SessionManager } from '../core/session-types';
import type { CredentialLoader, TokenClient } from '../core/token-client-api';

import { profileNotFound } from './app-error';
import type { ClipboardGuard } from './clipboard-guard';
import type { IdTokenStates, VerifyIdToken } from './id-token-states';
import type { FilePickerPort, ProfileRepository, SettingsPort, TextFileReader } from './ports';
import { settingsViewOf } from './settings-handlers';
import type { StoredSecrets } from './views';
import { profileView, sessionView, unreadableSecrets } from './views';

export interface AppServiceDeps {
  repository: ProfileRepository;
  vault: SecretVault;
  sessions: SessionManager;
  /** Used directly only by the test connection, which must bypass the session cache. */
  client: TokenClient;
  /** A credential loader reading secrets from `vault` (the test connection passes the draft's). */
  loadCredentials: (vault: SecretVault) => CredentialLoader;
  clipboard: ClipboardGuard;
  files: FilePickerPort;
  readTextFile: TextFileReader;
  clock: Clock;
  logger: Logger;
  /** Checks id_tokens against the server's keys, so the session window can say "verified". */
  verifyIdToken?: VerifyIdToken;
  secretBackend: () => AppState['secretBackend'];
  /** The app's own settings: kept, and put in force, by the host. */
  settings: SettingsPort;
  /** Called at most once per tick after profiles or sessions changed. */
  onStateChanged?: (state: AppState) => void;
}

export interface AppContext extends AppServiceDeps {
  idTokens: IdTokenStates;
  /** Something the windows show has changed: schedule a state update. */
  changed(): void;
}

export function requireProfile(context: AppContext, profileId: string): Profile {
  const profile = context.repository.get(profileId);
  if (!profile) {
    throw profileNotFound(profileId);
  }
  return profile;
}

export async function storedSecretsOf(
  vault: SecretVault,
  profileId: string,
): Promise<StoredSecrets> {
  const flags = await Promise.all(secretNames.map((name) => vault.has(profileId, name)));
  return Object.fromEntries(
    secretNames.map((name, index) => [name, flags[index]]),
  ) as StoredSecrets;
}

export async function profileViewOf(context: AppContext, profile: Profile): Promise<ProfileView> {
  const [stored, undecryptable] = await Promise.all([
    storedSecretsOf(context.vault, profile.id),
    context.vault.needsReentry?.(profile.id) ?? [],
  ]);
  // The vault knows from the start; the session only once a token request has failed.
  const failed = unreadableSecrets(context.sessions.snapshot(profile.id));
  return profileView(profile, stored, [...new Set([...undecryptable, ...failed])]);
}

export function sessionViewOf(context: AppContext, profile: Profile): SessionView {
  const snapshot = context.sessions.snapshot(profile.id);
  return sessionView(snapshot, profile, context.idTokens.isVerified(profile.id, snapshot));
}

export async function appStateOf(context: AppContext): Promise<AppState> {
  const profiles = context.repository.list();
  return {
    activeProfileId: context.repository.getActiveId(),
    profiles: await Promise.all(profiles.map((profile) => profileViewOf(context, profile))),
    sessions: profiles.map((profile) => sessionViewOf(context, profile)),
    secretBackend: context.secretBackend(),
    settings: settingsViewOf(context),
  };
}
