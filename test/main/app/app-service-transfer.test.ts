import { describe, expect, it } from 'vitest';

import { MAX_PROFILES } from '../../../src/main/app/ports';
import { appHarness, makeProfile } from '../../support/app-fakes';

describe('profiles:export', () => {
  it('writes every profile but the demo, without secrets or the demo flag', async () => {
    const { service, vault } = appHarness([
      makeProfile({ id: 'prod' }),
      makeProfile({
        id: 'demo',
        name: 'Demo',
        demo: true,
        serverRoot: 'http://127.0.0.1:5000',
        allowHttp: true,
      }),
    ]);
    await vault.set('prod', 'clientSecret', 'never-exported');

    const result = await service['profiles:export']();

    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    expect(result.value.count).toBe(1);
    expect(result.value.json).not.toContain('never-exported');
    const file = JSON.parse(result.value.json);
    expect(file.format).toBe('santedb-token-tray.profiles');
    expect(file.version).toBe(1);
    expect(file.profiles.map((profile: { id: string }) => profile.id)).toEqual(['prod']);
    expect(file.profiles[0]).not.toHaveProperty('demo');
  });
});

describe('profiles:import', () => {
  const exported = (profiles: unknown[]): string =>
    JSON.stringify({ format: 'santedb-token-tray.profiles', version: 1, profiles });

  it('round-trips an export, giving colliding ids new ones; imported profiles need their secrets', async () => {
    const source = appHarness([
      makeProfile({ id: 'prod' }),
      makeProfile({ id: 'test', name: 'test' }),
    ]);
    const exportResult = await source.service['profiles:export']();
    const target = appHarness([makeProfile({ id: 'prod', name: 'mine' })]);
    if (!exportResult.ok) {
      throw new Error('export failed');
    }

    const result = await target.service['profiles:import'](exportResult.value.json);

    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    expect(result.value.imported).toBe(2);
    const [first, second] = result.value.profiles;
    expect(first?.id).toMatch(/^prod-[0-9a-f]{6}$/);
    expect(second?.id).toBe('test');
    expect(result.value.profiles.map((profile) => profile.needsReentry)).toEqual([
      ['clientSecret'],
      ['clientSecret'],
    ]);
    expect(target.repository.get('prod')?.name).toBe('mine');
    expect(target.repository.list()).toHaveLength(3);
  });

  it('imports nothing when one entry is invalid, and names it', async () => {
    const { service, repository } = appHarness();

    const result = await service['profiles:import'](
      exported([makeProfile({ id: 'a' }), { ...makeProfile({ id: 'b' }), clientId: '' }]),
    );

    expect(result).toMatchObject({
      ok: false,
      code: 'invalid_profile',
      issues: [{ field: 'profiles.1.clientId' }],
    });
    expect(repository.list()).toEqual([]);
  });

  it('never imports a profile as the demo', async () => {
    const { service, repository } = appHarness();

    await service['profiles:import'](exported([{ ...makeProfile({ id: 'x' }), demo: true }]));

    expect(repository.get('x')?.demo).toBe(false);
  });

  it('gives two entries with the same id distinct ids', async () => {
    const { service } = appHarness();

    const result = await service['profiles:import'](
      exported([makeProfile({ id: 'dup' }), makeProfile({ id: 'dup', name: 'other' })]),
    );

    expect(result.ok && result.value.profiles.map((profile) => profile.id)).toEqual([
      'dup',
      expect.stringMatching(/^other-[0-9a-f]{6}$/),
    ]);
  });

  it('stores nothing when the store refuses the batch', async () => {
    const { service, repository } = appHarness([makeProfile({ id: 'kept' })]);
    repository.saveMany = () => {
      throw new Error('disk full');
    };

    const result = await service['profiles:import'](
      exported([makeProfile({ id: 'a' }), makeProfile({ id: 'b' })]),
    );

    expect(result).toMatchObject({ ok: false, code: 'unexpected' });
    expect(repository.list().map(({ id }) => id)).toEqual(['kept']);
  });

  it('rolls back the profiles already stored when a later step fails', async () => {
    const { service, repository } = appHarness();
    repository.setActiveId = () => {
      throw new Error('disk full');
    };

    const result = await service['profiles:import'](
      exported([makeProfile({ id: 'a' }), makeProfile({ id: 'b' })]),
    );

    expect(result).toMatchObject({ ok: false, code: 'unexpected' });
    expect(repository.list()).toEqual([]);
  });

  it(`keeps at most ${MAX_PROFILES} profiles: one more is refused and nothing is stored`, async () => {
    const many = Array.from({ length: MAX_PROFILES - 1 }, (_unused, index) =>
      makeProfile({ id: `p${index}`, name: `p${index}` }),
    );
    const { service, repository } = appHarness([makeProfile({ id: 'mine' })]);

    const filled = await service['profiles:import'](exported(many));
    const refused = await service['profiles:import'](exported([makeProfile({ id: 'extra' })]));

    expect(filled).toMatchObject({ ok: true, value: { imported: MAX_PROFILES - 1 } });
    expect(refused).toMatchObject({ ok: false, code: 'invalid_argument' });
    expect(refused.ok ? '' : refused.message).toContain(`at most ${MAX_PROFILES} can be kept`);
    expect(repository.list()).toHaveLength(MAX_PROFILES);
    expect(repository.get('extra')).toBeUndefined();
  });

  it.each([
    ['not json', 'The file is not JSON: choose a profiles export file'],
    [
      JSON.stringify({ format: 'other' }),
      'The file is not a SanteDB Token Tray profiles export: choose a file made by "Export"',
    ],
    [
      JSON.stringify({ format: 'santedb-token-tray.profiles', version: 2, profiles: [] }),
      'The file has format version 2, and this app reads version 1: update the app',
    ],
  ])('rejects %s', async (json, message) => {
    const { service } = appHarness();

    expect(await service['profiles:import'](json)).toEqual({
      ok: false,
      code: 'invalid_argument',
      message,
    });
  });
});
