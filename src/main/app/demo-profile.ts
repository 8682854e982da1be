// The demo profile: it points at the SanteDB dev server the app bundles and starts on loopback,
// so a first start can show a token with no server at hand. It is labelled as a demo, and only
// its server address is ever changed by the app (the dev server's port may differ per start).
import { exampleApplication } from '../../dev-server/accounts';
import type { Profile, SecretName } from '../core/profile';
import { parseProfile } from '../core/profile';
import type { SecretVault } from '../core/secret-vault';

import type { ProfileRepository } from './ports';
import { generateProfileId } from './profile-id';

export const DEMO_PROFILE_ID = 'demo';
export const DEMO_PROFILE_NAME = 'Demo — bundled SanteDB dev server';

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** The dev server's example secrets: public (see accounts.ts), so they need no keyring. */
const publicSecrets: Partial<Record<SecretName, string>> = {
  clientSecret: exampleApplication.clientSecret,
};

/**
 * The public secret a demo profile uses while it points at the bundled dev server; undefined for
 * every other profile, including a demo the user pointed at a real server.
 */
export function publicDemoSecret(
  profile: Profile | undefined,
  name: SecretName,
): string | undefined {
  return profile?.demo === true && isLoopback(profile.serverRoot) ? publicSecrets[name] : undefined;
}

export function demoProfile(serverUrl: string): {
  profile: Profile;
  secrets: Partial<Record<SecretName, string>>;
} {
  if (!isLoopback(serverUrl)) {
    throw new Error('the demo profile must point at the dev server on loopback');
  }
  const parsed = parseProfile({
    id: DEMO_PROFILE_ID,
    name: DEMO_PROFILE_NAME,
    protocol: 'santedb3',
    serverRoot: serverUrl,
    clientId: exampleApplication.clientId,
    clientAuth: 'post',
    // Unencrypted HTTP is acceptable only because the dev server never leaves this machine.
    allowHttp: true,
    demo: true,
  });
  if (!parsed.ok) {
    throw new Error(`the demo profile is invalid: ${parsed.issues[0]?.message ?? ''}`);
  }
  return { profile: parsed.profile, secrets: { ...publicSecrets } };
}

export type DemoProfileOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Creates the demo profile on first start (active when it is the only profile), or points the
 * existing one at the dev server's current address. The user's other edits are kept.
 */
export async function ensureDemoProfile(
  repository: ProfileRepository,
  vault: SecretVault,
  serverUrl: string,
): Promise<DemoProfileOutcome> {
  const fresh = demoProfile(serverUrl);
  const profiles = repository.list();
  const existing = profiles.find((profile) => profile.demo);

  if (!existing) {
    const id = repository.get(DEMO_PROFILE_ID)
      ? generateProfileId('demo', (candidate) => repository.get(candidate) !== undefined)
      : DEMO_PROFILE_ID;
    // Saved first, so a vault that serves the public secrets itself knows the profile is a demo.
    repository.save({ ...fresh.profile, id });
    try {
      await storeDemoSecrets(vault, id, fresh.secrets);
    } catch (error) {
      repository.delete(id);
      throw error;
    }
    if (profiles.length === 0) {
      repository.setActiveId(id);
    }
    return 'created';
  }

  // A demo profile the user pointed at a real server is theirs now: leave its address alone.
  if (existing.serverRoot === fresh.profile.serverRoot || !isLoopback(existing.serverRoot)) {
    return 'unchanged';
  }
  repository.save({ ...existing, serverRoot: fresh.profile.serverRoot });
  return 'updated';
}

async function storeDemoSecrets(
  vault: SecretVault,
  profileId: string,
  secrets: Partial<Record<SecretName, string>>,
): Promise<void> {
  for (const [name, value] of Object.entries(secrets) as Array<[SecretName, string]>) {
    if (!(await vault.has(profileId, name))) {
      await vault.set(profileId, name, value);
    }
  }
}

function isLoopback(url: string | undefined): boolean {
  if (!url) {
    return false;
  }
  try {
    return loopbackHosts.has(new URL(url).hostname);
  } catch {
    return false;
  }
}
