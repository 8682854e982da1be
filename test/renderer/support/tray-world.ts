// One tray window over one real backend, and the profiles the tests point at the dev server:
// the demo (client secret only), a strict mount that needs node authentication, and a
// short-lived one whose sessions expire within seconds.
import { afterAll, beforeAll } from 'vitest';

import { exampleApplication, exampleDevice } from '../../../src/dev-server/accounts';
import { startDevServer, type DevServer } from '../../../src/dev-server/server';
import { demoProfile } from '../../../src/main/app/demo-profile';
import { parseProfile, type Profile, type ProfileInput } from '../../../src/main/core/profile';
import type { AppState } from '../../../src/shared/ipc-contract';
import {
  bridgeTo,
  startRendererHarness,
  type RendererHarness,
  type TrayWindow,
  type WindowOptions,
} from '../../support/renderer-harness';

import { createAppBackend, type AppBackend, type BackendOptions } from './app-backend';

export interface TrayWorld {
  window: TrayWindow;
  backend: AppBackend;
  close(): Promise<void>;
}

export async function openTray(
  harness: RendererHarness,
  backendOptions: BackendOptions,
  windowOptions?: WindowOptions,
): Promise<TrayWorld> {
  const backend = await createAppBackend(backendOptions);
  const window = await harness.openWindow(bridgeTo(backend.service), windowOptions);
  // Main pushes state to every window; a window that closed meanwhile just misses it.
  backend.onStateChanged = (state: AppState) => void window.pushState(state).catch(() => undefined);

  return {
    window,
    backend,
    async close() {
      backend.onStateChanged = undefined;
      await window.close();
      await backend.dispose();
    },
  };
}

export function profileOf(input: ProfileInput): Profile {
  const parsed = parseProfile(input);
  if (!parsed.ok) {
    throw new Error(`test profile invalid: ${JSON.stringify(parsed.issues)}`);
  }
  return parsed.profile;
}

type Setup = Required<Pick<BackendOptions, 'profiles' | 'activeProfileId' | 'secrets'>>;

/** The bundled demo profile with its client secret, pointed at this dev server. */
export function demoSetup(serverUrl: string): Setup {
  const demo = demoProfile(serverUrl);
  return {
    profiles: [demo.profile],
    activeProfileId: demo.profile.id,
    secrets: [
      { profileId: demo.profile.id, name: 'clientSecret', value: exampleApplication.clientSecret },
    ],
  };
}

/** A SanteDB 3.x profile on the strict mount with only a client secret: always refused. */
export function strictWithoutDevice(serverUrl: string): {
  profile: Profile;
  options: BackendOptions;
} {
  const profile = profileOf({
    id: 'strict',
    name: 'Strict server',
    protocol: 'santedb3',
    serverRoot: `${serverUrl}/strict`,
    clientId: exampleApplication.clientId,
    clientAuth: 'post',
    allowHttp: true,
  });
  return {
    profile,
    options: {
      profiles: [profile],
      activeProfileId: profile.id,
      secrets: [
        { profileId: profile.id, name: 'clientSecret', value: exampleApplication.clientSecret },
      ],
    },
  };
}

/** Sessions that last `seconds`, with automatic renewal off, so they run out while watched. */
export function shortLived(
  serverUrl: string,
  seconds: number,
): { profile: Profile; options: BackendOptions } {
  const profile = profileOf({
    id: 'short',
    name: 'Short sessions',
    protocol: 'santedb3',
    serverRoot: `${serverUrl}/_fault/lifetime-${seconds}`,
    clientId: exampleApplication.clientId,
    clientAuth: 'post',
    allowHttp: true,
    renewal: { auto: false, beforeExpirySeconds: 10, lifetimeFraction: 0.8, warnBeforeSeconds: 0 },
  });
  return {
    profile,
    options: {
      profiles: [profile],
      activeProfileId: profile.id,
      secrets: [
        { profileId: profile.id, name: 'clientSecret', value: exampleApplication.clientSecret },
      ],
    },
  };
}

/** Every secret the tests use: none may ever travel from main to the page. */
export const canarySecrets = [exampleApplication.clientSecret, exampleDevice.deviceSecret];

/** The crossings from main to the page that contain any token issued or any known secret. */
export function leaksToPage(world: TrayWorld): string[] {
  const tokens = world.backend.issued.flatMap((token) =>
    [token.accessToken, token.idToken, token.refreshToken].filter(
      (value): value is string => typeof value === 'string' && value.length > 0,
    ),
  );
  const forbidden = [...tokens, ...canarySecrets];
  return world.window.crossings
    .filter((crossing) => crossing.direction === 'to-page')
    .filter((crossing) => forbidden.some((value) => crossing.json.includes(value)))
    .map((crossing) => crossing.method);
}

export interface WindowTestBed {
  readonly harness: RendererHarness;
  readonly dev: DevServer;
}

/** One browser harness and one dev server per test file, started before and closed after it. */
export function useWindowTestBed(): WindowTestBed {
  let harness: RendererHarness | undefined;
  let dev: DevServer | undefined;

  beforeAll(async () => {
    [harness, dev] = await Promise.all([startRendererHarness(), startDevServer({ port: 0 })]);
  });

  afterAll(async () => {
    await harness?.close();
    await dev?.close();
  });

  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) {
      throw new Error('the window test bed starts in beforeAll');
    }
    return value;
  };
  return {
    get harness() {
      return ready(harness);
    },
    get dev() {
      return ready(dev);
    },
  };
}
