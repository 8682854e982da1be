// The one declaration of every IPC channel between the windows and the main process. The main
// handlers, the preload bridge and the renderer's `window.tokenTray` type are all derived from
// `IpcContract`; nothing here may carry a token, a secret or a passphrase.

export type Generation = 'santedb3' | 'santedb2' | 'oauth2';
export type Protocol = 'auto' | Generation;
export type SecretName = 'clientSecret' | 'deviceSecret' | 'certPassphrase';
export type SessionStatus =
  'idle' | 'acquiring' | 'valid' | 'renewing' | 'expiring' | 'expired' | 'error';

export type IpcResult<T> =
  { ok: true; value: T } | { ok: false; code: string; message: string; issues?: FieldIssue[] };

export interface FieldIssue {
  field: string;
  message: string;
}

export interface ScopeView {
  value: string;
  /** The SanteDB policy name, when the OID is a known one. */
  name?: string;
}

export interface ClaimsView {
  subject?: string;
  /** `name`: the user for user sessions, the application for client_credentials. */
  name?: string;
  application?: { id?: string; name?: string };
  device?: { id?: string; name?: string };
  user?: { id?: string; name?: string };
  issuer?: string;
  audience: string[];
  sessionId?: string;
  issuedAtMs?: number;
  notBeforeMs?: number;
  expiresAtMs?: number;
  scopes: ScopeView[];
  roles: string[];
  /** Every claim as decoded, for the raw view. */
  raw: Record<string, unknown>;
}

export interface ErrorView {
  code: string;
  message: string;
  /** What to do about it, in the server's terms. */
  hint?: string;
  status?: number;
  oauthError?: string;
  atMs: number;
}

export interface SessionView {
  profileId: string;
  profileName: string;
  demo: boolean;
  tokenEndpoint: string;
  protocol: Protocol;
  generation?: Generation;
  status: SessionStatus;
  hasToken: boolean;
  tokenType?: string;
  obtainedAtMs?: number;
  expiresAtMs?: number;
  renewAtMs?: number;
  retryAtMs?: number;
  /** Automatic renewal stopped after a refusal; it resumes when the user renews or edits. */
  autoRenewalStopped?: boolean;
  clockSkewMs?: number;
  error?: ErrorView;
  claims?: ClaimsView;
  /** `verified`: signature checked against the server's JWKS; `decoded`: read but not checked. */
  idToken: 'verified' | 'decoded' | 'absent';
  warnings: string[];
}

export type NodeAuthView =
  | { kind: 'none' }
  | { kind: 'device'; deviceId: string }
  | { kind: 'pkcs12'; path: string }
  | { kind: 'pem'; certPath: string; keyPath: string };

/** A profile as the windows see it: its data, and which secrets are stored (never their values). */
export interface ProfileView {
  id: string;
  name: string;
  protocol: Protocol;
  serverRoot?: string;
  tokenEndpoint?: string;
  /** The endpoint that will really be called. */
  effectiveTokenEndpoint: string;
  clientId: string;
  clientAuth: 'basic' | 'post';
  nodeAuth: NodeAuthView;
  scope: string;
  caPath?: string;
  allowHttp: boolean;
  timeoutSeconds: number;
  renewal: {
    auto: boolean;
    beforeExpirySeconds: number;
    lifetimeFraction: number;
    warnBeforeSeconds: number;
  };
  demo: boolean;
  storedSecrets: Record<SecretName, boolean>;
  /** Secrets the profile needs that are missing or could not be decrypted. */
  needsReentry: SecretName[];
}

/** How the form asks main to treat one secret on save. */
export type SecretChange =
  { action: 'keep' } | { action: 'replace'; value: string } | { action: 'clear' };

export interface ProfileDraft {
  /** Absent for a new profile. */
  id?: string;
  name: string;
  protocol: Protocol;
  serverRoot?: string;
  tokenEndpoint?: string;
  clientId: string;
  clientAuth: 'basic' | 'post';
  nodeAuth: NodeAuthView;
  scope: string;
  caPath?: string;
  allowHttp: boolean;
  timeoutSeconds: number;
  renewal?: Partial<ProfileView['renewal']>;
  secrets: Partial<Record<SecretName, SecretChange>>;
}

export interface TestConnectionResult {
  generation: Generation;
  expiresAtMs: number;
  tokenType: string;
  claims?: ClaimsView;
  warnings: string[];
}

export interface AppState {
  activeProfileId?: string;
  profiles: ProfileView[];
  sessions: SessionView[];
  /** Which OS facility protects stored secrets, e.g. "gnome_libsecret", "Keychain", "DPAPI". */
  secretBackend: { name: string; secure: boolean; acceptedInsecure: boolean };
  /** Pushed with every change, so a setting changed from the tray menu shows in the window. */
  settings: SettingsView;
}

/** The app's own settings, as settings.json keeps them. */
export interface SettingsValues {
  /** Seconds until a copied token is cleared from the clipboard; 0 = never on a timer. */
  clipboardClearSeconds: number;
  leftClickAction: 'copy-token' | 'menu';
  /** An Electron accelerator such as "CommandOrControl+Shift+T"; absent when off. */
  globalShortcut?: string;
  notifyOnCopy: boolean;
  startAtLogin: boolean;
  acceptInsecureSecretStorage: boolean;
}

/**
 * Some settings to change; the others stay. `globalShortcut: ''` turns the shortcut off, because
 * an absent key means "unchanged" (and an undefined one does not survive every transport).
 */
export type SettingsPatch = Partial<SettingsValues>;

/** The settings and what this desktop lets the user do with them. */
export interface SettingsView extends SettingsValues {
  /** False where the OS offers no way (macOS, Windows and Linux all have one). */
  startAtLoginSupported: boolean;
  /** False on Linux: AppIndicator sends no clicks, so only the menu opens. */
  leftClickSupported: boolean;
  secretBackend: AppState['secretBackend'];
}

export interface CopyResult {
  /** Seconds until the clipboard is cleared, or undefined when clearing is off. */
  clearsInSeconds?: number;
  expiresAtMs: number;
}

export type FileKind = 'certificate' | 'key' | 'ca' | 'import';

/** Every request/response channel: name, argument tuple and result. */
export interface IpcContract {
  'app:get-state': { args: []; result: AppState };
  'session:get': { args: [profileId: string]; result: SessionView };
  'session:copy': { args: [profileId: string, format: 'token' | 'header']; result: CopyResult };
  'session:renew': { args: [profileId: string]; result: SessionView };
  'session:sign-out': { args: [profileId: string]; result: SessionView };
  'profiles:validate': { args: [draft: ProfileDraft]; result: { warnings: FieldIssue[] } };
  'profiles:save': { args: [draft: ProfileDraft]; result: ProfileView };
  'profiles:delete': { args: [profileId: string]; result: { activeProfileId?: string } };
  'profiles:duplicate': { args: [profileId: string]; result: ProfileView };
  'profiles:set-active': { args: [profileId: string]; result: { activeProfileId: string } };
  'profiles:test': { args: [draft: ProfileDraft]; result: TestConnectionResult };
  'profiles:export': { args: []; result: { json: string; count: number } };
  'profiles:import': {
    args: [json: string];
    result: { imported: number; profiles: ProfileView[] };
  };
  'dialog:choose-file': { args: [kind: FileKind]; result: { path?: string; text?: string } };
  'settings:get': { args: []; result: SettingsView };
  'settings:update': { args: [patch: SettingsPatch]; result: SettingsView };
}

export type IpcChannel = keyof IpcContract;

/** Events pushed from main to the windows. */
export interface IpcEvents {
  'state:changed': AppState;
  /** Main asks the window to show one view, e.g. after a notification click. */
  'view:show': { view: 'session' | 'profiles' | 'settings'; profileId?: string };
}

export type IpcEventChannel = keyof IpcEvents;

export const ipcChannels = [
  'app:get-state',
  'session:get',
  'session:copy',
  'session:renew',
  'session:sign-out',
  'profiles:validate',
  'profiles:save',
  'profiles:delete',
  'profiles:duplicate',
  'profiles:set-active',
  'profiles:test',
  'profiles:export',
  'profiles:import',
  'dialog:choose-file',
  'settings:get',
  'settings:update',
] as const satisfies readonly IpcChannel[];

export const ipcEventChannels = [
  'state:changed',
  'view:show',
] as const satisfies readonly IpcEventChannel[];

/** Channel name to the preload method that calls it. */
export const bridgeMethods = {
  getState: 'app:get-state',
  getSession: 'session:get',
  copyToken: 'session:copy',
  renewSession: 'session:renew',
  signOut: 'session:sign-out',
  validateProfile: 'profiles:validate',
  saveProfile: 'profiles:save',
  deleteProfile: 'profiles:delete',
  duplicateProfile: 'profiles:duplicate',
  setActiveProfile: 'profiles:set-active',
  testConnection: 'profiles:test',
  exportProfiles: 'profiles:export',
  importProfiles: 'profiles:import',
  chooseFile: 'dialog:choose-file',
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
} as const satisfies Record<string, IpcChannel>;

export type BridgeMethods = typeof bridgeMethods;

/** The API the preload exposes as `window.tokenTray`: verbs only, each returning an IpcResult. */
export type TokenTrayApi = {
  [Method in keyof BridgeMethods]: (
    ...args: IpcContract[BridgeMethods[Method]]['args']
  ) => Promise<IpcResult<IpcContract[BridgeMethods[Method]]['result']>>;
} & {
  onStateChanged(listener: (state: AppState) => void): () => void;
  onShowView(listener: (request: IpcEvents['view:show']) => void): () => void;
};
