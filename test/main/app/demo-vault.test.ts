// The demo profile's public secrets come from the dev server's accounts, never from (or to) the
// vault, so the demo works where the vault refuses every write (Linux without a keyring); real
// profiles still go through the vault and its refusal.
import { describe, expect, it } from 'vitest';

import { exampleApplication } from '../../../src/dev-server/accounts';
import { ensureDemoProfile } from '../../../src/main/app/demo-profile';
import { withPublicDemoSecrets } from '../../../src/main/app/demo-vault';
import { MemoryProfileRepository } from '../../../src/main/app/memory-profile-repository';
import { TokenError } from '../../../src/main/core/errors';
import type { SecretName } from '../../../src/main/core/profile';
import { MemoryVault } from '../../../src/main/core/secret-vault';
import { makeProfile } from '../../support/app-fakes';

/** Like the keyring vault on a keyring-less Linux desktop: every write is refused. */
class RefusingVault extends MemoryVault {
  writes = 0;
  refuse = true;

  override async set(profileId: string, name: SecretName, value: string): Promise<void> {
    this.writes += 1;
    if (this.refuse) {
      throw new TokenError('storage', 'No system keyring is available (backend "basic_text")');
    }
    return super.set(profileId, name, value);
  }

  async needsReentry(profileId: string): Promise<SecretName[]> {
    return profileId === 'restored' ? ['clientSecret'] : [];
  }
}

const DEMO_URL = 'http://127.0.0.1:45678';

async function demoSetUp() {
  const repository = new MemoryProfileRepository();
  const inner = new RefusingVault();
  const vault = withPublicDemoSecrets(inner, repository);
  const outcome = await ensureDemoProfile(repository, vault, DEMO_URL);
  return { repository, inner, vault, outcome };
}

describe('public demo secrets', () => {
  it('let the demo be created where the vault refuses every write, without writing one', async () => {
    const { repository, inner, vault, outcome } = await demoSetUp();

    expect(outcome).toBe('created');
    expect(repository.getActiveId()).toBe('demo');
    expect(await vault.has('demo', 'clientSecret')).toBe(true);
    expect(await vault.get('demo', 'clientSecret')).toBe(exampleApplication.clientSecret);
    expect(await vault.has('demo', 'deviceSecret')).toBe(false);
    expect(inner.writes).toBe(0);
    expect(await inner.has('demo', 'clientSecret')).toBe(false);
  });

  it('do not weaken the rule for real secrets', async () => {
    const { repository, vault } = await demoSetUp();
    repository.save(makeProfile({ id: 'prod' }));

    await expect(vault.set('prod', 'clientSecret', 'real')).rejects.toMatchObject({
      code: 'storage',
    });
    expect(await vault.has('prod', 'clientSecret')).toBe(false);
  });

  it('are not served once the demo points at a real server', async () => {
    const { repository, vault } = await demoSetUp();
    const demo = repository.get('demo');
    if (!demo) {
      throw new Error('the demo profile was not created');
    }
    repository.save({ ...demo, serverRoot: 'https://sdb.example.org' });

    expect(await vault.has('demo', 'clientSecret')).toBe(false);
    expect(await vault.get('demo', 'clientSecret')).toBeUndefined();
  });

  it('give way to a value the user stored, and storing the public value again drops that copy', async () => {
    const { inner, vault } = await demoSetUp();
    inner.refuse = false;

    await vault.set('demo', 'clientSecret', 'user-entered');
    expect(await vault.get('demo', 'clientSecret')).toBe('user-entered');

    await vault.set('demo', 'clientSecret', exampleApplication.clientSecret);
    expect(await inner.has('demo', 'clientSecret')).toBe(false);
    expect(await vault.get('demo', 'clientSecret')).toBe(exampleApplication.clientSecret);
  });

  it('pass the vault\'s "needs re-entry" through', async () => {
    const { vault } = await demoSetUp();

    expect(await vault.needsReentry('restored')).toEqual(['clientSecret']);
    expect(await vault.needsReentry('demo')).toEqual([]);
  });

  it('leave no demo profile behind when a plain vault cannot store its secret', async () => {
    const repository = new MemoryProfileRepository();

    await expect(ensureDemoProfile(repository, new RefusingVault(), DEMO_URL)).rejects.toThrow(
      /No system keyring/,
    );
    expect(repository.list()).toEqual([]);
    expect(repository.getActiveId()).toBeUndefined();
  });
});
