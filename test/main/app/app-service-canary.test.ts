// No token or secret may reach an IpcResult, a state update or a log line, whatever the channel.
import { describe, expect, it } from 'vitest';

import { TokenError } from '../../../src/main/core/errors';
import { ipcChannels } from '../../../src/shared/ipc-contract';
import {
  appHarness,
  canaryToken,
  CANARY,
  makeDraft,
  makeProfile,
  snapshotOf,
} from '../../support/app-fakes';
import { settle } from '../../support/fake-clock';

describe('no token or secret leaves main', () => {
  it('is absent from every result, state update and log line of every channel', async () => {
    const harness = appHarness([makeProfile({ nodeAuth: { kind: 'device', deviceId: 'N1' } })], {
      verifyIdToken: async () => ({ status: 'verified' }),
    });
    const { service, sessions, vault, clock, files, textFiles } = harness;
    await vault.set('prod', 'clientSecret', `${CANARY}-client`);
    await vault.set('prod', 'deviceSecret', `${CANARY}-device`);
    sessions.tokens.set('prod', canaryToken(clock.now()));
    sessions.snapshots.set('prod', snapshotOf('prod', canaryToken(clock.now())));
    const draft = makeDraft({
      id: 'prod',
      nodeAuth: { kind: 'device', deviceId: 'N1' },
      secrets: { deviceSecret: { action: 'replace', value: `${CANARY}-typed` } },
    });
    files.answer = '/tmp/in.json';
    textFiles.set('/tmp/in.json', '{}');

    const results: unknown[] = [
      await service['app:get-state'](),
      await service['session:get']('prod'),
      await service['session:copy']('prod', 'token'),
      await service['session:copy']('prod', 'header'),
      await service['session:renew']('prod'),
      await service['profiles:validate'](draft),
      await service['profiles:test'](draft),
      await service['profiles:save'](draft),
      await service['profiles:duplicate']('prod'),
      await service['profiles:set-active']('prod'),
      await service['profiles:export'](),
      await service['dialog:choose-file']('import'),
      await service['session:sign-out']('prod'),
    ];
    const exported = results[10] as { ok: true; value: { json: string } };
    results.push(await service['profiles:import'](exported.value.json));
    results.push(await service['profiles:delete']('prod'));
    results.push(await service['settings:get']());
    results.push(await service['settings:update']({ notifyOnCopy: true }));
    await settle();

    expect(results.every((result) => (result as { ok: boolean }).ok)).toBe(true);
    expect(results).toHaveLength(ipcChannels.length + 1);
    expect(JSON.stringify(results)).not.toContain(CANARY);
    expect(JSON.stringify(harness.states)).not.toContain(CANARY);
    expect(harness.states.length).toBeGreaterThan(0);
    expect(harness.logLines.join('\n')).not.toContain(CANARY);
  });

  it('is absent from failures, also of errors the app did not foresee', async () => {
    const { service, sessions, clipboard, clock, logLines } = appHarness([makeProfile()]);
    sessions.tokens.set('prod', canaryToken(clock.now()));
    clipboard.failWrites = true;
    const copyFailure = await service['session:copy']('prod', 'header');
    sessions.failure = new TokenError('network', `Cannot connect, header Bearer ${CANARY}-access`);
    const renewFailure = await service['session:renew']('prod');
    const secretFailure = await service['profiles:save'](
      makeDraft({ id: 'prod', secrets: { clientSecret: { action: 'replace', value: '' } } }),
    );

    expect(copyFailure.ok || renewFailure.ok || secretFailure.ok).toBe(false);
    expect(JSON.stringify([copyFailure, renewFailure, secretFailure])).not.toContain(CANARY);
    expect(logLines.join('\n')).not.toContain(CANARY);
  });
});

describe('argument checks', () => {
  it('has a handler for every channel of the contract', () => {
    const { service } = appHarness();

    for (const channel of ipcChannels) {
      expect(typeof service[channel]).toBe('function');
    }
  });

  it.each([
    ['session:get', [42], 'Argument profileId is invalid: Invalid type: expected string'],
    ['session:get', ['../etc'], 'Argument profileId must be a profile id'],
    [
      'session:copy',
      ['prod', 'cookie'],
      'Argument format is invalid: Invalid option: expected one of "token"|"header"',
    ],
    ['session:get', [], 'session:get takes 1 argument(s): profileId'],
    ['app:get-state', ['extra'], 'app:get-state takes 0 argument(s): none'],
    [
      'dialog:choose-file',
      ['exe'],
      'Argument kind is invalid: Invalid option: expected one of "certificate"|"key"|"ca"|"import"',
    ],
  ] as const)('%s with %j fails with invalid_argument', async (channel, args, message) => {
    const { service } = appHarness([makeProfile()]);

    const result = await service[channel](...args);

    expect(result).toEqual({ ok: false, code: 'invalid_argument', message });
  });

  it('never repeats the value it refused, which may be a secret pasted in the wrong place', async () => {
    const { service, logLines } = appHarness([makeProfile()]);
    const secret = 'SECRET-CANARY-123';

    const results = [
      await service['session:copy']('prod', secret),
      await service['profiles:save']({ ...makeDraft(), timeoutSeconds: secret }),
      await service['profiles:save']({ ...makeDraft(), secrets: { [secret]: { action: 'keep' } } }),
      await service['profiles:save']({
        ...makeDraft(),
        secrets: { clientSecret: { action: secret } },
      }),
      await service['settings:update']({ [secret]: true }),
    ];

    expect(results.map((result) => result.ok || result.message)).toEqual([
      'Argument format is invalid: Invalid option: expected one of "token"|"header"',
      'Argument draft.timeoutSeconds is invalid: Invalid type: expected number',
      'Argument draft.secrets is invalid: Invalid key: expected one of "clientSecret"|"deviceSecret"|"certPassphrase"',
      'Argument draft.secrets.clientSecret.action is invalid: Invalid option: expected one of "keep"|"replace"|"clear"',
      'Argument patch is invalid: Unrecognized key',
    ]);
    expect(JSON.stringify(results)).not.toContain(secret);
    expect(logLines.join('\n')).not.toContain(secret);
  });

  it('names the field of a draft and refuses fields the form never sends', async () => {
    const { service } = appHarness();

    const badType = await service['profiles:save']({ ...makeDraft(), allowHttp: 'yes' });
    const smuggled = await service['profiles:save']({ ...makeDraft(), demo: true });
    const badSecret = await service['profiles:save']({
      ...makeDraft(),
      secrets: { clientSecret: { action: 'replace', value: 7 } },
    });

    expect(badType).toMatchObject({
      ok: false,
      code: 'invalid_argument',
      message: expect.stringMatching(/^Argument draft\.allowHttp /),
    });
    expect(smuggled).toMatchObject({
      ok: false,
      code: 'invalid_argument',
      message: expect.stringMatching(/^Argument draft /),
    });
    expect(badSecret).toMatchObject({
      ok: false,
      code: 'invalid_argument',
      message: expect.stringMatching(/^Argument draft\.secrets\.clientSecret\.value /),
    });
  });
});
