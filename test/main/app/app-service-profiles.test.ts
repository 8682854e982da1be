import { describe, expect, it } from 'vitest';

import { appHarness, makeDraft, makeProfile } from '../../support/app-fakes';
import { settle } from '../../support/fake-clock';

describe('profiles:save', () => {
  it('creates a profile with a generated id, stores its secret and makes it active', async () => {
    const { service, repository, vault, sessions } = appHarness();

    const result = await service['profiles:save'](
      makeDraft({
        name: 'Prod EU',
        secrets: { clientSecret: { action: 'replace', value: 's3cret' } },
      }),
    );

    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    expect(result.value.id).toMatch(/^prod-eu-[0-9a-f]{6}$/);
    expect(result.value.storedSecrets).toEqual({
      clientSecret: true,
      deviceSecret: false,
      certPassphrase: false,
    });
    expect(result.value.needsReentry).toEqual([]);
    expect(repository.get(result.value.id)?.name).toBe('Prod EU');
    expect(repository.getActiveId()).toBe(result.value.id);
    expect(await vault.get(result.value.id, 'clientSecret')).toBe('s3cret');
    expect(sessions.calls).toContainEqual({ method: 'profileChanged', profileId: result.value.id });
  });

  it('keeps, replaces and clears secrets as the draft says', async () => {
    const { service, vault } = appHarness([
      makeProfile({ nodeAuth: { kind: 'device', deviceId: 'N1' } }),
    ]);
    await vault.set('prod', 'clientSecret', 'old-client');
    await vault.set('prod', 'deviceSecret', 'old-device');
    await vault.set('prod', 'certPassphrase', 'old-pass');

    const result = await service['profiles:save'](
      makeDraft({
        id: 'prod',
        nodeAuth: { kind: 'device', deviceId: 'N1' },
        secrets: {
          clientSecret: { action: 'keep' },
          deviceSecret: { action: 'replace', value: 'new-device' },
          certPassphrase: { action: 'clear' },
        },
      }),
    );

    expect(result.ok).toBe(true);
    expect(await vault.get('prod', 'clientSecret')).toBe('old-client');
    expect(await vault.get('prod', 'deviceSecret')).toBe('new-device');
    expect(await vault.has('prod', 'certPassphrase')).toBe(false);
  });

  it('rejects an invalid profile with its field issues and stores nothing', async () => {
    const { service, repository, vault } = appHarness();

    const result = await service['profiles:save'](
      makeDraft({
        serverRoot: 'http://sdb.example.org',
        clientId: ' ',
        secrets: { clientSecret: { action: 'replace', value: 'x' } },
      }),
    );

    expect(result).toMatchObject({ ok: false, code: 'invalid_profile' });
    if (result.ok) {
      return;
    }
    expect(result.issues?.map((issue) => issue.field)).toEqual(['clientId', 'serverRoot']);
    expect(result.message).toMatch(/^The profile cannot be saved: Client id is required/);
    expect(repository.list()).toEqual([]);
    expect(vault.writes).toBe(0);
  });

  it('rejects a device secret with ":" for SanteDB 3.x before writing anything', async () => {
    const { service, vault, repository } = appHarness();

    const result = await service['profiles:save'](
      makeDraft({
        nodeAuth: { kind: 'device', deviceId: 'N1' },
        secrets: {
          clientSecret: { action: 'replace', value: 'fine' },
          deviceSecret: { action: 'replace', value: 'a:b' },
        },
      }),
    );

    expect(result).toMatchObject({
      ok: false,
      code: 'invalid_profile',
      issues: [{ field: 'secrets.deviceSecret' }],
    });
    expect(vault.writes).toBe(0);
    expect(repository.list()).toEqual([]);
  });

  it('a save that fails half-way leaves the profile and every secret as they were', async () => {
    const stored = makeProfile({ nodeAuth: { kind: 'device', deviceId: 'N1' } });
    const { service, repository, vault, sessions } = appHarness([stored]);
    await vault.set('prod', 'clientSecret', 'old-client');
    await vault.set('prod', 'deviceSecret', 'old-device');
    vault.writes = 0;
    // The second write (the device secret) fails after the client secret was replaced.
    vault.failOnWrite = 2;

    const result = await service['profiles:save'](
      makeDraft({
        id: 'prod',
        name: 'renamed',
        nodeAuth: { kind: 'device', deviceId: 'N1' },
        secrets: {
          clientSecret: { action: 'replace', value: 'new-client' },
          deviceSecret: { action: 'clear' },
        },
      }),
    );

    expect(result).toMatchObject({ ok: false, code: 'storage' });
    expect(repository.get('prod')).toEqual(stored);
    expect(await vault.get('prod', 'clientSecret')).toBe('old-client');
    expect(await vault.get('prod', 'deviceSecret')).toBe('old-device');
    expect(sessions.count('profileChanged')).toBe(0);
  });

  it('a save the profile store refuses puts the secrets back', async () => {
    const { service, repository, vault } = appHarness([makeProfile()]);
    await vault.set('prod', 'clientSecret', 'old-client');
    repository.failSaves = true;

    const result = await service['profiles:save'](
      makeDraft({ id: 'prod', secrets: { clientSecret: { action: 'replace', value: 'new' } } }),
    );

    expect(result).toMatchObject({ ok: false, code: 'storage' });
    expect(await vault.get('prod', 'clientSecret')).toBe('old-client');
  });

  it('a new profile whose store write fails leaves neither it nor its secrets behind', async () => {
    const { service, repository, vault } = appHarness();
    repository.failSaves = true;

    const result = await service['profiles:save'](
      makeDraft({ secrets: { clientSecret: { action: 'replace', value: 'new' } } }),
    );

    expect(result.ok).toBe(false);
    expect(repository.list()).toEqual([]);
    expect(repository.getActiveId()).toBeUndefined();
    // One write of the secret, one to take it away again.
    expect(vault.writes).toBe(2);
    expect(vault.storedKeys).toEqual([]);
  });

  it('an unchanged save keeps the session', async () => {
    const { service, sessions } = appHarness([makeProfile()]);

    const result = await service['profiles:save'](makeDraft({ id: 'prod' }));

    expect(result.ok).toBe(true);
    expect(sessions.count('profileChanged')).toBe(0);
  });

  it('keeps the demo flag and renewal settings the form does not send', async () => {
    const demo = makeProfile({ demo: true, renewal: { auto: false, beforeExpirySeconds: 600 } });
    const { service, repository } = appHarness([demo]);

    await service['profiles:save'](makeDraft({ id: 'prod', renewal: { warnBeforeSeconds: 60 } }));

    expect(repository.get('prod')).toMatchObject({
      demo: true,
      renewal: { auto: false, beforeExpirySeconds: 600, warnBeforeSeconds: 60 },
    });
  });

  it('answers not_found for a draft of a deleted profile', async () => {
    const { service } = appHarness();

    const result = await service['profiles:save'](makeDraft({ id: 'gone' }));

    expect(result).toMatchObject({ ok: false, code: 'not_found' });
  });
});

describe('profiles:validate', () => {
  it('reports the http:// warning and missing secrets without saving', async () => {
    const { service, repository } = appHarness();

    const result = await service['profiles:validate'](
      makeDraft({ serverRoot: 'http://localhost:8080', allowHttp: true }),
    );

    expect(result).toEqual({
      ok: true,
      value: {
        warnings: [
          {
            field: 'serverRoot',
            message:
              'Secrets and tokens travel unencrypted to this server: use it for testing only',
          },
          {
            field: 'secrets.clientSecret',
            message:
              'No client secret is stored: the profile cannot get a token until one is entered',
          },
        ],
      },
    });
    expect(repository.list()).toEqual([]);
  });

  it('counts a stored secret the draft keeps', async () => {
    const { service, vault } = appHarness([makeProfile()]);
    await vault.set('prod', 'clientSecret', 'stored');

    const result = await service['profiles:validate'](makeDraft({ id: 'prod' }));

    expect(result).toEqual({ ok: true, value: { warnings: [] } });
  });

  it('returns the field issues of an invalid draft', async () => {
    const { service } = appHarness();

    const result = await service['profiles:validate'](
      makeDraft({ serverRoot: 'http://sdb.example.org' }),
    );

    expect(result).toMatchObject({
      ok: false,
      code: 'invalid_profile',
      issues: [{ field: 'serverRoot' }],
    });
  });
});

describe('profiles:delete', () => {
  it('deletes the profile and its secrets, tells the sessions and moves the active profile', async () => {
    const { service, repository, vault, sessions } = appHarness([
      makeProfile({ id: 'prod' }),
      makeProfile({ id: 'test', name: 'test' }),
    ]);
    await vault.set('prod', 'clientSecret', 'x');

    const result = await service['profiles:delete']('prod');

    expect(result).toEqual({ ok: true, value: { activeProfileId: 'test' } });
    expect(repository.get('prod')).toBeUndefined();
    expect(await vault.has('prod', 'clientSecret')).toBe(false);
    expect(sessions.calls).toContainEqual({ method: 'profileRemoved', profileId: 'prod' });
  });

  it('leaves no active profile when the last one is deleted', async () => {
    const { service, repository } = appHarness([makeProfile()]);

    const result = await service['profiles:delete']('prod');

    expect(result).toEqual({ ok: true, value: { activeProfileId: undefined } });
    expect(repository.list()).toEqual([]);
  });

  it('a delete that fails restores the secrets already deleted', async () => {
    const { service, repository, vault, sessions } = appHarness([
      makeProfile({ nodeAuth: { kind: 'device', deviceId: 'N1' } }),
    ]);
    await vault.set('prod', 'clientSecret', 'c');
    await vault.set('prod', 'deviceSecret', 'd');
    vault.writes = 0;
    vault.failOnWrite = 2;

    const result = await service['profiles:delete']('prod');

    expect(result).toMatchObject({ ok: false, code: 'storage' });
    expect(repository.get('prod')).toBeDefined();
    expect(repository.getActiveId()).toBe('prod');
    expect(await vault.get('prod', 'clientSecret')).toBe('c');
    expect(await vault.get('prod', 'deviceSecret')).toBe('d');
    expect(sessions.count('profileRemoved')).toBe(0);
  });
});

describe('profiles:duplicate', () => {
  it('copies the profile with its secrets under a new id and name', async () => {
    const { service, repository, vault } = appHarness([makeProfile({ demo: true })]);
    await vault.set('prod', 'clientSecret', 'shared');

    const result = await service['profiles:duplicate']('prod');

    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    expect(result.value).toMatchObject({
      name: 'prod (copy)',
      demo: false,
      storedSecrets: { clientSecret: true },
    });
    expect(result.value.id).toMatch(/^prod-copy-[0-9a-f]{6}$/);
    expect(await vault.get(result.value.id, 'clientSecret')).toBe('shared');
    expect(repository.list()).toHaveLength(2);
  });

  it('numbers a second copy and leaves an unreadable secret to be entered again', async () => {
    const { service, vault } = appHarness([makeProfile()]);
    await vault.set('prod', 'clientSecret', 'x');
    vault.unreadable.add('prod/clientSecret');
    await service['profiles:duplicate']('prod');

    const second = await service['profiles:duplicate']('prod');

    expect(second).toMatchObject({
      ok: true,
      value: {
        name: 'prod (copy 2)',
        storedSecrets: { clientSecret: false },
        needsReentry: ['clientSecret'],
      },
    });
  });
});

describe('profiles:set-active', () => {
  it('makes the profile active and announces the new state once', async () => {
    const { service, repository, states } = appHarness([
      makeProfile({ id: 'prod' }),
      makeProfile({ id: 'test', name: 'test' }),
    ]);

    const result = await service['profiles:set-active']('test');
    await settle();

    expect(result).toEqual({ ok: true, value: { activeProfileId: 'test' } });
    expect(repository.getActiveId()).toBe('test');
    expect(states).toHaveLength(1);
    expect(states[0]?.activeProfileId).toBe('test');
  });

  it('refuses an unknown profile', async () => {
    const { service, repository } = appHarness([makeProfile()]);

    const result = await service['profiles:set-active']('nope');

    expect(result).toMatchObject({ ok: false, code: 'not_found' });
    expect(repository.getActiveId()).toBe('prod');
  });
});
