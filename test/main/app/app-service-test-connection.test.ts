import { describe, expect, it } from 'vitest';

import { TokenError } from '../../../src/main/core/errors';
import { appHarness, CANARY, makeDraft, makeProfile } from '../../support/app-fakes';
import { settle } from '../../support/fake-clock';

describe('profiles:test', () => {
  it('uses the secret typed into the form, unsaved, and reports generation, expiry and claims', async () => {
    const { service, client, vault, sessions, repository, clock } = appHarness();

    const result = await service['profiles:test'](
      makeDraft({ secrets: { clientSecret: { action: 'replace', value: 'typed-now' } } }),
    );

    expect(result).toEqual({
      ok: true,
      value: {
        generation: 'santedb3',
        expiresAtMs: clock.now() + 3_600_000,
        tokenType: 'bearer',
        claims: expect.objectContaining({
          name: 'org.example.desktop',
          audience: ['org.example.desktop'],
        }),
        warnings: ['the server clock is 2 s ahead'],
      },
    });
    expect(client.acquired.map((call) => call.credentials.clientSecret)).toEqual(['typed-now']);
    expect(vault.writes).toBe(0);
    expect(repository.list()).toEqual([]);
    expect(sessions.calls).toEqual([]);
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it('tests the edited fields of a stored profile with its kept secret', async () => {
    const { service, client, vault, repository } = appHarness([makeProfile()]);
    await vault.set('prod', 'clientSecret', 'stored');

    await service['profiles:test'](
      makeDraft({
        id: 'prod',
        clientId: 'org.example.other',
        secrets: { clientSecret: { action: 'keep' } },
      }),
    );

    expect(client.acquired[0]?.profile.clientId).toBe('org.example.other');
    expect(client.acquired[0]?.credentials.clientSecret).toBe('stored');
    expect(repository.get('prod')?.clientId).toBe('org.example.desktop');
  });

  it.each([
    ['another host', { serverRoot: 'https://attacker.example.net:8443' }],
    ['another port', { serverRoot: 'https://sdb.example.org:9443' }],
    ['a token endpoint elsewhere', { tokenEndpoint: 'https://attacker.example.net/token' }],
    ['plain HTTP', { serverRoot: 'http://sdb.example.org:8443', allowHttp: true }],
    ['allowHttp alone', { allowHttp: true }],
    ['another protocol', { protocol: 'santedb2' as const }],
  ])('never sends a kept secret to an unsaved, edited address: %s', async (_label, edit) => {
    const { service, client, vault } = appHarness([makeProfile()]);
    await vault.set('prod', 'clientSecret', 'stored');

    const result = await service['profiles:test'](
      makeDraft({ id: 'prod', ...edit, secrets: { clientSecret: { action: 'keep' } } }),
    );

    expect(result).toMatchObject({
      ok: false,
      code: 'invalid_profile',
      message: expect.stringMatching(/^The profile cannot be tested: .*enter the secret again/),
      issues: [{ field: 'secrets.clientSecret' }],
    });
    expect(client.acquired).toEqual([]);
  });

  it('sends a secret typed for the edited address', async () => {
    const { service, client, vault } = appHarness([makeProfile()]);
    await vault.set('prod', 'clientSecret', 'stored');

    await service['profiles:test'](
      makeDraft({
        id: 'prod',
        serverRoot: 'https://other.example.org',
        secrets: { clientSecret: { action: 'replace', value: 'typed-now' } },
      }),
    );

    expect(client.acquired.map((call) => call.credentials.clientSecret)).toEqual(['typed-now']);
  });

  it('keeps the stored secret for another path on the same origin', async () => {
    const { service, client, vault } = appHarness([makeProfile()]);
    await vault.set('prod', 'clientSecret', 'stored');

    await service['profiles:test'](
      makeDraft({ id: 'prod', serverRoot: 'https://sdb.example.org:8443/santedb' }),
    );

    expect(client.acquired[0]?.credentials.clientSecret).toBe('stored');
  });

  it('sends no secret the form cleared, even if one is stored', async () => {
    const { service, client, vault } = appHarness([makeProfile()]);
    await vault.set('prod', 'clientSecret', 'stored');

    await service['profiles:test'](
      makeDraft({ id: 'prod', secrets: { clientSecret: { action: 'clear' } } }),
    );

    expect(client.acquired[0]?.credentials.clientSecret).toBeUndefined();
    expect(await vault.get('prod', 'clientSecret')).toBe('stored');
  });

  it('ends the test session on the server afterwards', async () => {
    const { service, client } = appHarness();

    await service['profiles:test'](makeDraft());
    await settle();

    expect(client.signedOut).toEqual(['unsaved-draft']);
  });

  it('explains a refusal with a hint', async () => {
    const { service, client } = appHarness();
    client.failure = new TokenError('server_refused', 'The server refused the request (HTTP 401)', {
      status: 401,
      oauthError: 'unspecified_error',
    });

    const result = await service['profiles:test'](makeDraft());

    expect(result).toEqual({
      ok: false,
      code: 'server_refused',
      message:
        'The server refused the request (HTTP 401). The server did not accept the application or device credentials: check the client id, client secret and device secret',
    });
  });

  it('does not repeat advice the engine already gave', async () => {
    const { service, client } = appHarness();
    client.failure = new TokenError(
      'server_refused',
      'Refused (HTTP 400 unauthorized_client): This server requires node authentication: add the device credentials or a client certificate to the profile.',
      { status: 400, oauthError: 'unauthorized_client' },
    );

    const result = await service['profiles:test'](makeDraft());

    expect(result).toMatchObject({
      ok: false,
      message:
        'Refused (HTTP 400 unauthorized_client): This server requires node authentication: add the device credentials or a client certificate to the profile.',
    });
  });

  it('rejects an invalid draft before any request', async () => {
    const { service, client } = appHarness();

    const result = await service['profiles:test'](makeDraft({ serverRoot: 'ftp://x' }));

    expect(result).toMatchObject({
      ok: false,
      code: 'invalid_profile',
      message: expect.stringMatching(/^The profile cannot be tested: Server root must be/),
    });
    expect(client.acquired).toEqual([]);
  });
});
