import { describe, expect, it } from 'vitest';

import { TokenError } from '../../../src/main/core/errors';
import {
  appHarness,
  canaryToken,
  CANARY,
  makeProfile,
  snapshotOf,
  unreadableSecretSnapshot,
} from '../../support/app-fakes';
import { settle } from '../../support/fake-clock';

describe('session:copy', () => {
  it('copies a cached token at once, without asking the session manager for a new one', async () => {
    const { service, sessions, clipboard, clock } = appHarness([makeProfile()]);
    const token = canaryToken(clock.now());
    sessions.tokens.set('prod', token);

    const result = await service['session:copy']('prod', 'token');

    expect(result).toEqual({
      ok: true,
      value: { clearsInSeconds: 60, expiresAtMs: token.expiresAtMs },
    });
    expect(clipboard.text).toBe(token.accessToken);
    expect(sessions.calls).toEqual([
      { method: 'peekToken', profileId: 'prod', minValidityMs: 60_000 },
    ]);
  });

  it('gets a token valid for a minute more when the cached one is about to expire', async () => {
    const { service, sessions, clipboard, clock } = appHarness([makeProfile()]);
    sessions.tokens.set('prod', canaryToken(clock.now(), { expiresAtMs: clock.now() + 30_000 }));

    const result = await service['session:copy']('prod', 'header');

    expect(result.ok).toBe(true);
    expect(sessions.calls.map((call) => [call.method, call.minValidityMs])).toEqual([
      ['peekToken', 60_000],
      ['getToken', 60_000],
    ]);
    expect(clipboard.text).toBe(`Bearer ${CANARY}-access`);
  });

  it('says why when no token can be had, with a hint, and leaves the clipboard alone', async () => {
    const { service, sessions, clipboard } = appHarness([makeProfile()]);
    clipboard.userCopies('my own text');
    sessions.failure = new TokenError('network', 'Cannot connect to sdb.example.org:8443', {
      detail: 'ECONNREFUSED',
    });

    const result = await service['session:copy']('prod', 'token');

    expect(result).toEqual({
      ok: false,
      code: 'network',
      message:
        'Cannot connect to sdb.example.org:8443. Check that the server is reachable from this computer: its address and port, a VPN or a proxy',
    });
    expect(clipboard.text).toBe('my own text');
  });

  it('reports a clipboard that cannot be written without quoting the error', async () => {
    const { service, sessions, clipboard, clock } = appHarness([makeProfile()]);
    sessions.tokens.set('prod', canaryToken(clock.now()));
    clipboard.failWrites = true;

    const result = await service['session:copy']('prod', 'token');

    expect(result).toEqual({
      ok: false,
      code: 'clipboard',
      message: 'The token could not be put on the clipboard: try again',
    });
  });
});

describe('session:get, session:renew and session:sign-out', () => {
  it('shows the session with its claims, never its token', async () => {
    const { service, sessions, clock } = appHarness([makeProfile()]);
    sessions.snapshots.set('prod', snapshotOf('prod', canaryToken(clock.now())));

    const result = await service['session:get']('prod');

    expect(result).toMatchObject({
      ok: true,
      value: {
        profileId: 'prod',
        status: 'valid',
        hasToken: true,
        idToken: 'decoded',
        tokenEndpoint: 'https://sdb.example.org:8443/auth/oauth2_token',
        claims: { name: 'org.example.desktop', issuer: 'https://sdb.example.org/auth' },
      },
    });
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it('renews and returns the new session', async () => {
    const { service, sessions, clock } = appHarness([makeProfile()]);
    await clock.advance(5_000);

    const result = await service['session:renew']('prod');

    expect(sessions.count('renewNow')).toBe(1);
    expect(result).toMatchObject({
      ok: true,
      value: { status: 'valid', obtainedAtMs: clock.now() },
    });
  });

  it('explains a failed renewal in SanteDB terms', async () => {
    const { service, sessions } = appHarness([makeProfile()]);
    sessions.failure = new TokenError(
      'server_refused',
      'sdb.example.org refused the token request (HTTP 400 unauthorized_client)',
      { status: 400, oauthError: 'unauthorized_client' },
    );

    const result = await service['session:renew']('prod');

    expect(result).toEqual({
      ok: false,
      code: 'server_refused',
      message:
        'sdb.example.org refused the token request (HTTP 400 unauthorized_client). This server requires node authentication: add the device credentials or a client certificate in Manage profiles',
    });
  });

  it('signs out and shows the session without a token', async () => {
    const { service, sessions, clock } = appHarness([makeProfile()]);
    sessions.snapshots.set('prod', snapshotOf('prod', canaryToken(clock.now())));

    const result = await service['session:sign-out']('prod');

    expect(sessions.count('signOut')).toBe(1);
    expect(result).toMatchObject({
      ok: true,
      value: { status: 'idle', hasToken: false, idToken: 'absent' },
    });
  });
});

describe('state changes', () => {
  it('coalesces a burst of session events into one state update', async () => {
    const { sessions, states, clock } = appHarness([makeProfile()]);
    const snapshot = snapshotOf('prod', canaryToken(clock.now()));

    for (let index = 0; index < 5; index += 1) {
      sessions.emit({ type: 'changed', profileId: 'prod', snapshot });
    }
    await settle();
    await settle();

    expect(states).toHaveLength(1);
    expect(states[0]?.profiles.map((profile) => profile.id)).toEqual(['prod']);
  });

  it('marks the id_token verified once the verifier accepted it', async () => {
    let verifications = 0;
    const { service, sessions } = appHarness([makeProfile()], {
      verifyIdToken: async () => {
        verifications += 1;
        return { status: 'verified' };
      },
    });

    await service['session:renew']('prod');
    await settle();
    const result = await service['session:get']('prod');

    expect(verifications).toBe(1);
    expect(result).toMatchObject({ ok: true, value: { idToken: 'verified' } });
    expect(sessions.count('peekToken')).toBe(1);
  });

  it('leaves the id_token "decoded" when the verifier fails', async () => {
    const { service, logLines } = appHarness([makeProfile()], {
      verifyIdToken: async () => {
        throw new Error(`keys unavailable ${CANARY}`);
      },
    });

    await service['session:renew']('prod');
    await settle();
    const result = await service['session:get']('prod');

    expect(result).toMatchObject({ ok: true, value: { idToken: 'decoded' } });
    expect(logLines.join('\n')).toContain(
      "profile 'prod': the id_token could not be checked: the check failed (Error)",
    );
    expect(logLines.join('\n')).not.toContain(CANARY);
  });

  it('stops listening on dispose', async () => {
    const { service, sessions, states, clock } = appHarness([makeProfile()]);

    service.dispose();
    sessions.emit({
      type: 'changed',
      profileId: 'prod',
      snapshot: snapshotOf('prod', canaryToken(clock.now())),
    });
    await settle();

    expect(sessions.listenerCount).toBe(0);
    expect(states).toEqual([]);
  });
});

describe('app:get-state', () => {
  it('lists profiles, sessions, the active profile and the secret backend', async () => {
    const { service, vault } = appHarness([
      makeProfile({ id: 'prod' }),
      makeProfile({ id: 'test', name: 'test', nodeAuth: { kind: 'device', deviceId: 'N1' } }),
    ]);
    await vault.set('prod', 'clientSecret', `${CANARY}-secret`);

    const result = await service['app:get-state']();

    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    expect(result.value.activeProfileId).toBe('prod');
    expect(result.value.secretBackend).toEqual({
      name: 'test',
      secure: true,
      acceptedInsecure: false,
    });
    expect(result.value.profiles.map((profile) => [profile.id, profile.needsReentry])).toEqual([
      ['prod', []],
      ['test', ['deviceSecret']],
    ]);
    expect(result.value.sessions.map((session) => session.status)).toEqual(['idle', 'idle']);
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it('lists a secret that failed to decrypt as needing re-entry', async () => {
    const { service, sessions, vault } = appHarness([makeProfile()]);
    await vault.set('prod', 'clientSecret', 'x');
    sessions.snapshots.set('prod', unreadableSecretSnapshot('prod'));

    const result = await service['app:get-state']();

    expect(result).toMatchObject({
      ok: true,
      value: {
        profiles: [{ storedSecrets: { clientSecret: true }, needsReentry: ['clientSecret'] }],
      },
    });
  });
});

describe('dialog:choose-file', () => {
  it('returns the path of a certificate', async () => {
    const { service, files } = appHarness();
    files.answer = '/home/me/node.p12';

    const result = await service['dialog:choose-file']('certificate');

    expect(result).toEqual({ ok: true, value: { path: '/home/me/node.p12' } });
    expect(files.asked).toEqual(['certificate']);
  });

  it('returns the text of a file to import', async () => {
    const { service, files, textFiles } = appHarness();
    files.answer = '/tmp/profiles.json';
    textFiles.set('/tmp/profiles.json', '{"format":"x"}');

    const result = await service['dialog:choose-file']('import');

    expect(result).toEqual({
      ok: true,
      value: { path: '/tmp/profiles.json', text: '{"format":"x"}' },
    });
  });

  it('returns nothing when the user cancels', async () => {
    const { service } = appHarness();

    expect(await service['dialog:choose-file']('ca')).toEqual({ ok: true, value: {} });
  });

  it('reports an unreadable import file', async () => {
    const { service, files } = appHarness();
    files.answer = '/tmp/missing.json';

    const result = await service['dialog:choose-file']('import');

    expect(result).toMatchObject({ ok: false, code: 'unreadable_file' });
  });
});
