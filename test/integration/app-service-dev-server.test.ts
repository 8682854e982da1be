// The application layer over the real engine: session manager, token client, credential loader,
// undici transport and id_token verifier, against the bundled dev server, as the tray wires them.
import { readFile } from 'node:fs/promises';

import { afterEach, describe, expect, it } from 'vitest';

import { exampleApplication, exampleDevice } from '../../src/dev-server/accounts';
import { startDevServer } from '../../src/dev-server/server';
import type { DevServer } from '../../src/dev-server/server';
import type { AppService } from '../../src/main/app/app-service';
import { createAppService } from '../../src/main/app/app-service';
import { createClipboardGuard } from '../../src/main/app/clipboard-guard';
import { DEMO_PROFILE_ID, ensureDemoProfile } from '../../src/main/app/demo-profile';
import { MemoryProfileRepository } from '../../src/main/app/memory-profile-repository';
import { systemClock } from '../../src/main/core/clock';
import { createCredentialLoader } from '../../src/main/core/credentials';
import { createIdTokenVerifier } from '../../src/main/core/id-token-verify';
import { createLogger } from '../../src/main/core/logger';
import { clearRegisteredSecrets } from '../../src/main/core/redact';
import { MemoryVault } from '../../src/main/core/secret-vault';
import type { SecretVault } from '../../src/main/core/secret-vault';
import { createSessionManager } from '../../src/main/core/session-manager';
import { createTokenClient } from '../../src/main/core/token-client';
import { createUndiciTransport } from '../../src/main/core/undici-transport';
import type { AppState, SessionView } from '../../src/shared/ipc-contract';
import { FakeClipboard, FakeFilePicker, makeDraft } from '../support/app-fakes';
import { MemorySettings } from '../support/memory-settings';

interface Wired {
  server: DevServer;
  service: AppService;
  clipboard: FakeClipboard;
  states: AppState[];
  logLines: string[];
}

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  while (cleanups.length > 0) {
    await cleanups.pop()?.();
  }
  clearRegisteredSecrets();
});

async function wire(): Promise<Wired> {
  const server = await startDevServer();
  cleanups.push(() => server.close());
  const transport = createUndiciTransport();
  cleanups.push(() => transport.close());

  const repository = new MemoryProfileRepository();
  const vault = new MemoryVault();
  await ensureDemoProfile(repository, vault, server.url);
  const loadCredentials = (source: SecretVault) =>
    createCredentialLoader({ vault: source, readFile });
  const logLines: string[] = [];
  const logger = createLogger((level, line) => logLines.push(`${level}: ${line}`));
  const client = createTokenClient({ transport, clock: systemClock, logger });
  const sessions = createSessionManager({
    getProfile: (profileId) => repository.get(profileId),
    loadCredentials: loadCredentials(vault),
    client,
    clock: systemClock,
    logger,
  });
  cleanups.push(() => sessions.dispose());
  const clipboard = new FakeClipboard();
  const guard = createClipboardGuard({ clipboard, clock: systemClock, clearAfterSeconds: 60 });
  cleanups.push(() => guard.dispose());
  const states: AppState[] = [];

  const service = createAppService({
    repository,
    vault,
    sessions,
    client,
    loadCredentials,
    clipboard: guard,
    files: new FakeFilePicker(),
    readTextFile: (path) => readFile(path, 'utf8'),
    clock: systemClock,
    logger,
    verifyIdToken: createIdTokenVerifier({ transport, clock: systemClock }).verifyIdToken,
    secretBackend: () => ({ name: 'memory', secure: false, acceptedInsecure: true }),
    settings: new MemorySettings({ acceptInsecureSecretStorage: true }),
    onStateChanged: (state) => states.push(state),
  });
  cleanups.push(() => service.dispose());
  return { server, service, clipboard, states, logLines };
}

/** The session once its id_token has been checked, which happens after the token arrived. */
async function verifiedSession(service: AppService, profileId: string): Promise<SessionView> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const result = await service['session:get'](profileId);
    if (result.ok && result.value.idToken === 'verified') {
      return result.value;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the id_token was never verified');
}

describe('AppService with the real engine and the dev server', () => {
  it('copies a token from the demo profile, and shows the verified session without it', async () => {
    const { server, service, clipboard, states, logLines } = await wire();

    const copied = await service['session:copy'](DEMO_PROFILE_ID, 'header');
    const token = clipboard.text.replace(/^Bearer /, '');
    const again = await service['session:copy'](DEMO_PROFILE_ID, 'token');
    const session = await verifiedSession(service, DEMO_PROFILE_ID);
    const state = await service['app:get-state']();

    expect(copied).toMatchObject({ ok: true, value: { clearsInSeconds: 60 } });
    expect(clipboard.text).toBe(token);
    expect(token.length).toBeGreaterThan(20);
    expect(
      server.requests.filter((request) => request.path.endsWith('/oauth2_token')),
    ).toHaveLength(1);
    expect(again.ok).toBe(true);
    expect(session).toMatchObject({
      status: 'valid',
      generation: 'santedb3',
      demo: true,
      claims: { name: exampleApplication.clientId, application: { id: exampleApplication.id } },
    });
    const everything =
      JSON.stringify([copied, again, session, state, states]) + logLines.join('\n');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(exampleApplication.clientSecret);
  });

  it('tests an unsaved draft against a server that requires node authentication', async () => {
    const { server, service } = await wire();
    const strict = makeDraft({
      serverRoot: `${server.url}/strict`,
      allowHttp: true,
      clientId: exampleApplication.clientId,
      secrets: { clientSecret: { action: 'replace', value: exampleApplication.clientSecret } },
    });

    const refused = await service['profiles:test'](strict);
    const accepted = await service['profiles:test']({
      ...strict,
      nodeAuth: { kind: 'device', deviceId: exampleDevice.deviceId },
      secrets: { deviceSecret: { action: 'replace', value: exampleDevice.deviceSecret } },
    });
    const state = await service['app:get-state']();

    expect(refused).toMatchObject({
      ok: false,
      code: 'server_refused',
      message: expect.stringContaining('requires node authentication'),
    });
    expect(accepted).toMatchObject({
      ok: true,
      value: { generation: 'santedb3', claims: { device: { name: exampleDevice.deviceId } } },
    });
    expect(state.ok && state.value.profiles.map((profile) => profile.id)).toEqual([
      DEMO_PROFILE_ID,
    ]);
  });

  it('saves a profile with a wrong secret and explains the refused renewal', async () => {
    const { server, service } = await wire();
    const saved = await service['profiles:save'](
      makeDraft({
        name: 'wrong secret',
        serverRoot: server.url,
        allowHttp: true,
        clientId: exampleApplication.clientId,
        secrets: { clientSecret: { action: 'replace', value: 'not-the-secret' } },
      }),
    );
    if (!saved.ok) {
      throw new Error(saved.message);
    }

    const renewed = await service['session:renew'](saved.value.id);
    const session = await service['session:get'](saved.value.id);

    expect(renewed).toMatchObject({ ok: false, code: 'server_refused' });
    expect(session).toMatchObject({
      ok: true,
      value: { status: 'error', error: { code: 'server_refused', status: 401 } },
    });
    expect(JSON.stringify([renewed, session])).not.toContain('not-the-secret');
  });
});
