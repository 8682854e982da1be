import { describe, expect, it } from 'vitest';

import { appHarness, makeDraft, makeProfile } from '../../support/app-fakes';

// A secret was entered for one server; saving the profile with another address must not quietly
// carry it over to the new one.
describe('profiles:save with a moved address', () => {
  it('refuses to keep a stored secret for another origin and changes nothing', async () => {
    const { service, repository, vault } = appHarness([makeProfile()]);
    await vault.set('prod', 'clientSecret', 'stored');

    const result = await service['profiles:save'](
      makeDraft({
        id: 'prod',
        serverRoot: 'https://attacker.example.net',
        secrets: { clientSecret: { action: 'keep' } },
      }),
    );

    expect(result).toMatchObject({
      ok: false,
      code: 'invalid_profile',
      message: expect.stringMatching(/^The profile cannot be saved: .*enter the secret again/),
      issues: [{ field: 'secrets.clientSecret' }],
    });
    expect(repository.get('prod')?.serverRoot).toBe('https://sdb.example.org:8443');
    expect(await vault.get('prod', 'clientSecret')).toBe('stored');
  });

  it('saves the move once the secret is entered again', async () => {
    const { service, repository, vault } = appHarness([makeProfile()]);
    await vault.set('prod', 'clientSecret', 'stored');

    const result = await service['profiles:save'](
      makeDraft({
        id: 'prod',
        serverRoot: 'http://sdb.example.org:8443',
        allowHttp: true,
        secrets: { clientSecret: { action: 'replace', value: 'entered-again' } },
      }),
    );

    expect(result.ok).toBe(true);
    expect(repository.get('prod')?.serverRoot).toBe('http://sdb.example.org:8443');
    expect(await vault.get('prod', 'clientSecret')).toBe('entered-again');
  });

  it('saves a move when no secret was stored to carry over', async () => {
    const { service, repository } = appHarness([makeProfile()]);

    const result = await service['profiles:save'](
      makeDraft({ id: 'prod', serverRoot: 'https://other.example.org' }),
    );

    expect(result.ok).toBe(true);
    expect(repository.get('prod')?.serverRoot).toBe('https://other.example.org');
  });

  it('keeps the stored secret for another path on the same origin', async () => {
    const { service, repository, vault } = appHarness([makeProfile()]);
    await vault.set('prod', 'clientSecret', 'stored');

    const result = await service['profiles:save'](
      makeDraft({ id: 'prod', serverRoot: 'https://sdb.example.org:8443/santedb' }),
    );

    expect(result.ok).toBe(true);
    expect(repository.get('prod')?.serverRoot).toBe('https://sdb.example.org:8443/santedb');
    expect(await vault.get('prod', 'clientSecret')).toBe('stored');
  });
});

describe('profiles:validate with a moved address', () => {
  it('does not count a secret stored for the old address as present', async () => {
    const { service, vault } = appHarness([makeProfile()]);
    await vault.set('prod', 'clientSecret', 'stored');

    const result = await service['profiles:validate'](
      makeDraft({ id: 'prod', serverRoot: 'https://other.example.org' }),
    );

    expect(result).toMatchObject({
      ok: true,
      value: { warnings: [expect.objectContaining({ field: 'secrets.clientSecret' })] },
    });
  });
});
