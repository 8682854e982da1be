import { describe, expect, it } from 'vitest';

import { exampleApplication } from '../../../src/dev-server/accounts';
import { demoProfile, ensureDemoProfile } from '../../../src/main/app/demo-profile';
import { MemoryProfileRepository } from '../../../src/main/app/memory-profile-repository';
import type { Profile } from '../../../src/main/core/profile';
import { MemoryVault } from '../../../src/main/core/secret-vault';
import { makeProfile } from '../../support/app-fakes';

function storedDemo(repository: MemoryProfileRepository): Profile {
  const profile = repository.get('demo');
  if (!profile) {
    throw new Error('the demo profile was not created');
  }
  return profile;
}

describe('demoProfile', () => {
  it('is a labelled SanteDB 3.x profile for the loopback dev server', () => {
    const { profile, secrets } = demoProfile('http://127.0.0.1:53111/');

    expect(profile).toMatchObject({
      id: 'demo',
      name: 'Demo — bundled SanteDB dev server',
      demo: true,
      protocol: 'santedb3',
      serverRoot: 'http://127.0.0.1:53111',
      allowHttp: true,
      clientId: exampleApplication.clientId,
      nodeAuth: { kind: 'none' },
    });
    expect(secrets).toEqual({ clientSecret: exampleApplication.clientSecret });
  });

  it('refuses an address off this machine', () => {
    expect(() => demoProfile('http://sdb.example.org:8080')).toThrow(/loopback/);
  });
});

describe('ensureDemoProfile', () => {
  it('creates it on first start, with its secret, as the active profile', async () => {
    const repository = new MemoryProfileRepository();
    const vault = new MemoryVault();

    const outcome = await ensureDemoProfile(repository, vault, 'http://127.0.0.1:5000');

    expect(outcome).toBe('created');
    expect(repository.getActiveId()).toBe('demo');
    expect(await vault.get('demo', 'clientSecret')).toBe(exampleApplication.clientSecret);
  });

  it("does not take the active place from the user's own profiles", async () => {
    const repository = new MemoryProfileRepository([makeProfile()], 'prod');

    await ensureDemoProfile(repository, new MemoryVault(), 'http://127.0.0.1:5000');

    expect(repository.getActiveId()).toBe('prod');
    expect(repository.list().map((profile) => profile.id)).toEqual(['prod', 'demo']);
  });

  it('follows the dev server to a new port and keeps every other edit', async () => {
    const repository = new MemoryProfileRepository();
    const vault = new MemoryVault();
    await ensureDemoProfile(repository, vault, 'http://127.0.0.1:5000');
    const edited = { ...storedDemo(repository), scope: 'custom', name: 'My demo' };
    repository.save(edited);
    await vault.set('demo', 'clientSecret', 'user-changed');

    const outcome = await ensureDemoProfile(repository, vault, 'http://127.0.0.1:6000');

    expect(outcome).toBe('updated');
    expect(repository.get('demo')).toEqual({ ...edited, serverRoot: 'http://127.0.0.1:6000' });
    expect(await vault.get('demo', 'clientSecret')).toBe('user-changed');
  });

  it('changes nothing when the port is the same, or the user pointed it at a real server', async () => {
    const repository = new MemoryProfileRepository();
    const vault = new MemoryVault();
    await ensureDemoProfile(repository, vault, 'http://127.0.0.1:5000');
    const same = await ensureDemoProfile(repository, vault, 'http://127.0.0.1:5000');
    repository.save({ ...storedDemo(repository), serverRoot: 'https://sdb.example.org' });

    const moved = await ensureDemoProfile(repository, vault, 'http://127.0.0.1:6000');

    expect([same, moved]).toEqual(['unchanged', 'unchanged']);
    expect(repository.get('demo')?.serverRoot).toBe('https://sdb.example.org');
  });

  it('picks another id when the user has a profile called "demo"', async () => {
    const repository = new MemoryProfileRepository(
      [makeProfile({ id: 'demo', name: 'mine' })],
      'demo',
    );

    await ensureDemoProfile(repository, new MemoryVault(), 'http://localhost:5000');

    const created = repository.list().find((profile) => profile.demo);
    expect(created?.id).toMatch(/^demo-[0-9a-f]{6}$/);
    expect(repository.get('demo')?.name).toBe('mine');
  });
});
