// A secret the vault can no longer decrypt shows as "needs re-entry" in the window from the
// first state on, before any token request has failed on it.
import { describe, expect, it } from 'vitest';

import type { SecretName } from '../../../src/main/core/profile';
import { MemoryVault } from '../../../src/main/core/secret-vault';
import { appHarness, CANARY, makeProfile, unreadableSecretSnapshot } from '../../support/app-fakes';

/** A vault whose stored secrets of some profiles no longer decrypt. */
class RestoredVault extends MemoryVault {
  readonly undecryptable = new Map<string, SecretName[]>();
  asked: string[] = [];

  async needsReentry(profileId: string): Promise<SecretName[]> {
    this.asked.push(profileId);
    return this.undecryptable.get(profileId) ?? [];
  }
}

describe('needs re-entry, from the vault', () => {
  it('is in the first state, with the secret still counted as stored, before any request', async () => {
    const vault = new RestoredVault();
    await vault.set('prod', 'clientSecret', `${CANARY}-secret`);
    await vault.set('test', 'clientSecret', `${CANARY}-other`);
    vault.undecryptable.set('prod', ['clientSecret']);
    const { service, sessions } = appHarness(
      [makeProfile({ id: 'prod' }), makeProfile({ id: 'test', name: 'test' })],
      { vault },
    );

    const result = await service['app:get-state']();

    expect(result).toMatchObject({
      ok: true,
      value: {
        profiles: [
          { id: 'prod', storedSecrets: { clientSecret: true }, needsReentry: ['clientSecret'] },
          { id: 'test', storedSecrets: { clientSecret: true }, needsReentry: [] },
        ],
      },
    });
    expect(vault.asked.sort()).toEqual(['prod', 'test']);
    expect(sessions.count('getToken')).toBe(0);
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it('lists a secret once when both the vault and a failed request know it', async () => {
    const vault = new RestoredVault();
    await vault.set('prod', 'clientSecret', 'x');
    vault.undecryptable.set('prod', ['clientSecret']);
    const { service, sessions } = appHarness([makeProfile()], { vault });
    sessions.snapshots.set('prod', unreadableSecretSnapshot('prod'));

    const state = await service['app:get-state']();

    expect(state.ok && state.value.profiles[0]?.needsReentry).toEqual(['clientSecret']);
  });
});
