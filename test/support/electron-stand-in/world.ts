// State shared by every part of the stand-in: which platform it pretends to be, whether the app
// is ready, and the knobs a test turns. `resetWorld` puts everything back between tests.
import { EventEmitter } from 'node:events';

export type StandInPlatform = 'linux' | 'darwin' | 'win32';

export type LinuxBackend =
  'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'basic_text' | 'unknown';

export interface WorldOptions {
  platform?: StandInPlatform;
  paths?: Partial<Record<string, string>>;
  isPackaged?: boolean;
  /** Another process already holds the single-instance lock. */
  lockHeldElsewhere?: boolean;
  /** The backend Linux would pick once the app is ready. */
  linuxBackend?: LinuxBackend;
  /** macOS Keychain / Windows DPAPI unavailable. */
  encryptionUnavailable?: boolean;
  /** The keyring never answers (a locked keyring waiting for a prompt nobody sees). */
  keyringHangs?: boolean;
  notificationsSupported?: boolean;
  switches?: Record<string, string>;
  proxyFor?: (url: string) => string;
}

export interface World {
  platform: StandInPlatform;
  ready: boolean;
  isPackaged: boolean;
  paths: Record<string, string>;
  lockHeldElsewhere: boolean;
  hasLock: boolean;
  linuxBackend: LinuxBackend;
  encryptionUnavailable: boolean;
  keyringHangs: boolean;
  plainTextOptIn: boolean;
  notificationsSupported: boolean;
  switches: Map<string, string>;
  proxyFor: (url: string) => string;
  appUserModelId?: string;
  dockHidden: boolean;
  applicationMenu: unknown;
  applicationMenuSet: boolean;
  quitRequested: number;
  exitCode?: number;
  loginItem: { openAtLogin: boolean; openAsHidden: boolean; args: string[] };
  openedPaths: string[];
  openedExternal: string[];
  messageBoxes: Array<Record<string, unknown>>;
  errorBoxes: Array<{ title: string; content: string }>;
  exposed: Record<string, unknown>;
  /** Calls made before `ready` that Electron documents as after-ready only. */
  readyViolations: string[];
}

export const world: World = createWorld({});

/** Emits `ready` once the test says so, like Electron does once the platform has launched. */
export const lifecycle = new EventEmitter();

function createWorld(options: WorldOptions): World {
  return {
    platform: options.platform ?? 'linux',
    ready: false,
    isPackaged: options.isPackaged ?? false,
    paths: { ...defaultPaths(), ...stripUndefined(options.paths ?? {}) },
    lockHeldElsewhere: options.lockHeldElsewhere ?? false,
    hasLock: false,
    linuxBackend: options.linuxBackend ?? 'gnome_libsecret',
    encryptionUnavailable: options.encryptionUnavailable ?? false,
    keyringHangs: options.keyringHangs ?? false,
    plainTextOptIn: false,
    notificationsSupported: options.notificationsSupported ?? true,
    switches: new Map(Object.entries(options.switches ?? {})),
    proxyFor: options.proxyFor ?? (() => 'DIRECT'),
    // Listed even when unset: resetWorld assigns over the old world, and must clear them too.
    appUserModelId: undefined,
    exitCode: undefined,
    dockHidden: false,
    applicationMenu: undefined,
    applicationMenuSet: false,
    quitRequested: 0,
    loginItem: { openAtLogin: false, openAsHidden: false, args: [] },
    openedPaths: [],
    openedExternal: [],
    messageBoxes: [],
    errorBoxes: [],
    exposed: {},
    readyViolations: [],
  };
}

export function resetWorld(options: WorldOptions): void {
  Object.assign(world, createWorld(options));
}

function defaultPaths(): Record<string, string> {
  const root = '/nonexistent/stand-in';
  return {
    home: `${root}/home`,
    appData: `${root}/appData`,
    userData: `${root}/userData`,
    logs: `${root}/logs`,
    temp: `${root}/temp`,
    exe: `${root}/exe/santedb-token-tray`,
  };
}

function stripUndefined(paths: Partial<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(paths).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** Electron's event objects: listeners may call `preventDefault()`. */
export interface StandInEvent {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
}

export function createEvent<Extra extends object>(
  extra: Extra = {} as Extra,
): StandInEvent & Extra {
  let prevented = false;
  return Object.assign(
    {
      preventDefault() {
        prevented = true;
      },
      get defaultPrevented() {
        return prevented;
      },
    },
    extra,
  );
}

/** Records a call Electron documents as "only after the ready event" when made too early. */
export function requireReady(api: string): void {
  if (!world.ready) {
    world.readyViolations.push(api);
    throw new Error(`[electron stand-in] ${api} cannot be used before the app is ready`);
  }
}
