// The demo profile's secrets come from the dev server's public example accounts, not from the
// vault: they are no secret, so they need no keyring and are never written to disk. That keeps
// the demo working on a Linux desktop without a keyring, where the vault rightly refuses to
// store real secrets; every other profile, and a value the user entered, goes to the vault.
import type { SecretName } from '../core/profile';
import type { SecretVault } from '../core/secret-vault';

import { publicDemoSecret } from './demo-profile';
import type { ProfileRepository } from './ports';

export type DemoAwareVault = SecretVault & Required<Pick<SecretVault, 'needsReentry'>>;

export function withPublicDemoSecrets(
  vault: SecretVault,
  repository: Pick<ProfileRepository, 'get'>,
): DemoAwareVault {
  const publicValue = (profileId: string, name: SecretName): string | undefined =>
    publicDemoSecret(repository.get(profileId), name);

  return {
    async get(profileId, name) {
      const value = publicValue(profileId, name);
      // A value the user stored for the demo (or one stored by an older version) still wins.
      if (value === undefined || (await vault.has(profileId, name))) {
        return vault.get(profileId, name);
      }
      return value;
    },

    async set(profileId, name, value) {
      if (value !== publicValue(profileId, name)) {
        return vault.set(profileId, name, value);
      }
      // The public value needs no copy; a stale one would shadow it.
      if (await vault.has(profileId, name)) {
        await vault.delete(profileId, name);
      }
    },

    delete: (profileId, name) => vault.delete(profileId, name),

    async has(profileId, name) {
      return publicValue(profileId, name) !== undefined || vault.has(profileId, name);
    },

    needsReentry: async (profileId) => (await vault.needsReentry?.(profileId)) ?? [],
  };
}
