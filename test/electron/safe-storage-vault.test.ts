import fs, { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { safeStorage } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { TokenError } from '../../src/main/core/errors';
import {
  openSafeStorageVault,
  REENTRY_CHECK_WAIT_MS,
  type SafeStorageVaultOptions,
} from '../../src/main/electron/safe-storage-vault';
import { type LinuxBackend, standIn, type WorldOptions } from '../support/electron-stand-in';
import { FakeClock } from '../support/fake-clock';

import { recordingLogger, removeScratchDirs, scratchDir } from './helpers/fixtures';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

const CANARY = 'canary-secret-7f3a9c';
let directory: string;

function start(world: WorldOptions, extra: Partial<SafeStorageVaultOptions> = {}) {
  standIn.reset({ paths: { userData: directory }, ...world });
  standIn.app.becomeReady();
  return openSafeStorageVault({
    directory,
    platform: world.platform ?? 'linux',
    clock: new FakeClock(),
    logger: recordingLogger(),
    acceptInsecure: () => false,
    ...extra,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<TokenError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof TokenError)) {
    throw new Error(`expected a TokenError, got ${String(error)}`);
  }
  return error;
}

/** The same folder opened again, by the same user on the same machine (the keyring is kept). */
function reopen(extra: Partial<SafeStorageVaultOptions> = {}) {
  return openSafeStorageVault({
    directory,
    platform: 'linux',
    clock: new FakeClock(),
    logger: recordingLogger(),
    acceptInsecure: () => false,
    ...extra,
  });
}

function secretsFile(): string {
  return readFileSync(join(directory, 'secrets.json'), 'utf8');
}

beforeEach(() => {
  directory = scratchDir();
});
afterEach(removeScratchDirs);

describe('safeStorage vault', () => {
  it.each<LinuxBackend>(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])(
    'stores and reads a secret with the %s keyring, and the file holds only ciphertext',
    async (backend) => {
      const vault = start({ linuxBackend: backend });

      await vault.set('prod', 'clientSecret', CANARY);

      expect(await vault.get('prod', 'clientSecret')).toBe(CANARY);
      expect(await vault.has('prod', 'clientSecret')).toBe(true);
      expect(vault.backend()).toEqual({ name: backend, secure: true, acceptedInsecure: false });
      const file = secretsFile();
      expect(file).not.toContain(CANARY);
      expect(file).not.toContain(Buffer.from(CANARY).toString('base64'));
      expect(file).not.toContain(Buffer.from(CANARY).toString('hex'));
      expect(JSON.parse(file).backend).toBe(backend);
    },
  );

  it.each<LinuxBackend>(['basic_text', 'unknown'])(
    'refuses to store a secret when Linux has no keyring (%s)',
    async (backend) => {
      const vault = start({ linuxBackend: backend });

      const error = await failureOf(vault.set('prod', 'clientSecret', CANARY));

      expect(error.code).toBe('storage');
      expect(error.message).toContain('No system keyring');
      expect(error.message).toContain('secrets would be stored unencrypted');
      expect(error.message).toContain('accept');
      expect(await vault.has('prod', 'clientSecret')).toBe(false);
      expect(vault.backend()).toEqual({ name: backend, secure: false, acceptedInsecure: false });
      expect(standIn.world.plainTextOptIn).toBe(false);
    },
  );

  it('stores with basic_text once the user accepted it, opting in to plain-text encryption first', async () => {
    const vault = start({ linuxBackend: 'basic_text' }, { acceptInsecure: () => true });

    await vault.set('prod', 'deviceSecret', CANARY);

    expect(standIn.world.plainTextOptIn).toBe(true);
    expect(await vault.get('prod', 'deviceSecret')).toBe(CANARY);
    expect(vault.backend()).toEqual({ name: 'basic_text', secure: false, acceptedInsecure: true });
  });

  it.each([
    ['darwin', 'Keychain'],
    ['win32', 'DPAPI'],
  ] as const)('names the %s backend and stores through it', async (platform, name) => {
    const vault = start({ platform });

    await vault.set('prod', 'clientSecret', CANARY);

    expect(await vault.get('prod', 'clientSecret')).toBe(CANARY);
    expect(vault.backend()).toEqual({ name, secure: true, acceptedInsecure: false });
  });

  it('says so when the keychain is unavailable', async () => {
    const vault = start({ platform: 'darwin', encryptionUnavailable: true });

    const error = await failureOf(vault.set('prod', 'clientSecret', CANARY));

    expect(error.code).toBe('storage');
    expect(error.message).toContain('Keychain');
    expect(error.message).toContain('not available');
  });

  it('refuses to touch safeStorage before the app is ready', async () => {
    standIn.reset({ paths: { userData: directory } });
    const vault = openSafeStorageVault({
      directory,
      platform: 'linux',
      clock: new FakeClock(),
      logger: recordingLogger(),
      acceptInsecure: () => false,
    });

    const error = await failureOf(vault.set('prod', 'clientSecret', CANARY));

    expect(error.code).toBe('storage');
    expect(error.message).toContain('before the app has started');
    expect(vault.backend().name).toBe('unknown');
  });

  it('a secret that does not decrypt fails alone: that profile needs re-entry, others still work', async () => {
    let vault = start({ linuxBackend: 'gnome_libsecret' });
    await vault.set('prod', 'clientSecret', 'prod-secret');
    await vault.set('prod', 'deviceSecret', 'prod-device');
    await vault.set('test', 'clientSecret', 'test-secret');
    const document = JSON.parse(secretsFile());
    document.secrets.prod.clientSecret = standIn
      .foreignCiphertext('from-another-machine')
      .toString('base64');
    writeFileSync(join(directory, 'secrets.json'), JSON.stringify(document));
    // The file is read once when opened (the folder lock keeps other writers out): reopen it.
    vault = reopen();

    const error = await failureOf(vault.get('prod', 'clientSecret'));

    expect(error.code).toBe('secret_unreadable');
    expect(error.context).toEqual({ profileId: 'prod', field: 'secrets.clientSecret' });
    expect(error.message).toContain('enter it again');
    expect(await vault.needsReentry('prod')).toEqual(['clientSecret']);
    expect(await vault.get('prod', 'deviceSecret')).toBe('prod-device');
    expect(await vault.get('test', 'clientSecret')).toBe('test-secret');
    expect(await vault.needsReentry('test')).toEqual([]);
    expect(await vault.has('prod', 'clientSecret')).toBe(true);

    await vault.set('prod', 'clientSecret', 'entered-again');
    expect(await vault.get('prod', 'clientSecret')).toBe('entered-again');
    expect(await vault.needsReentry('prod')).toEqual([]);
  });

  it('knows a secret needs re-entry from the start, before anything tried to use it', async () => {
    writeFileSync(
      join(directory, 'secrets.json'),
      JSON.stringify({
        schemaVersion: 1,
        backend: 'kwallet6',
        secrets: {
          prod: {
            clientSecret: standIn.foreignCiphertext('restored-backup').toString('base64'),
          },
        },
      }),
    );
    const vault = start({ linuxBackend: 'gnome_libsecret' });
    await vault.set('prod', 'deviceSecret', 'still-fine');

    expect(await vault.needsReentry('prod')).toEqual(['clientSecret']);
    expect(await vault.needsReentry('nobody')).toEqual([]);
  });

  it('asks the keyring once per stored secret, not at every look', async () => {
    const vault = start({ linuxBackend: 'gnome_libsecret' });
    await vault.set('prod', 'clientSecret', CANARY);
    standIn.rotateKey();
    const reopened = openSafeStorageVault({
      directory,
      platform: 'linux',
      clock: new FakeClock(),
      logger: recordingLogger(),
      acceptInsecure: () => false,
    });
    const decrypt = vi.spyOn(safeStorage, 'decryptStringAsync');

    expect(await reopened.needsReentry('prod')).toEqual(['clientSecret']);
    expect(await reopened.needsReentry('prod')).toEqual(['clientSecret']);

    expect(decrypt).toHaveBeenCalledTimes(1);
    decrypt.mockRestore();
  });

  it('reads the secrets file once when opened, not at every look', async () => {
    const owner = start({ linuxBackend: 'gnome_libsecret' });
    await owner.set('prod', 'clientSecret', CANARY);
    await owner.set('test', 'deviceSecret', 'other');
    const path = join(directory, 'secrets.json');
    const readFile = vi.spyOn(fs, 'readFileSync');
    const readsOfSecrets = () => readFile.mock.calls.filter(([file]) => file === path).length;

    const vault = reopen();
    const readsWhenOpened = readsOfSecrets();
    for (let look = 0; look < 3; look += 1) {
      expect(await vault.has('prod', 'clientSecret')).toBe(true);
      expect(await vault.has('prod', 'deviceSecret')).toBe(false);
      expect(await vault.has('test', 'deviceSecret')).toBe(true);
      expect(await vault.get('prod', 'clientSecret')).toBe(CANARY);
      expect(await vault.get('nobody', 'clientSecret')).toBeUndefined();
      expect(await vault.needsReentry('prod')).toEqual([]);
    }

    expect(readsWhenOpened).toBeGreaterThan(0);
    expect(readsOfSecrets()).toBe(readsWhenOpened);
    readFile.mockRestore();
  });

  it('serves what it wrote without reading the file back', async () => {
    const vault = start({ linuxBackend: 'gnome_libsecret' });
    await vault.set('prod', 'clientSecret', CANARY);
    writeFileSync(join(directory, 'secrets.json'), '{"schemaVersion":1,"secrets":{}}');

    expect(await vault.has('prod', 'clientSecret')).toBe(true);
    expect(await vault.get('prod', 'clientSecret')).toBe(CANARY);
  });

  it('lists nothing while the keyring refuses to be asked (no keyring on Linux)', async () => {
    const vault = start({ linuxBackend: 'gnome_libsecret' });
    await vault.set('prod', 'clientSecret', CANARY);
    standIn.world.linuxBackend = 'basic_text';

    expect(await vault.needsReentry('prod')).toEqual([]);
  });

  it('does not hold up the window on a keyring that does not answer', async () => {
    const clock = new FakeClock();
    const vault = start({ linuxBackend: 'gnome_libsecret' }, { clock });
    await vault.set('prod', 'clientSecret', CANARY);
    standIn.rotateKey();
    const reopened = openSafeStorageVault({
      directory,
      platform: 'linux',
      clock,
      logger: recordingLogger(),
      acceptInsecure: () => false,
    });
    standIn.world.keyringHangs = true;

    let answer: string[] | undefined;
    void reopened.needsReentry('prod').then((names) => (answer = names));
    await clock.advance(REENTRY_CHECK_WAIT_MS - 1);
    expect(answer).toBeUndefined();
    await clock.advance(1);

    expect(answer).toEqual([]);
  });

  it('reads but never writes when another instance owns the folder', async () => {
    const owner = start({ linuxBackend: 'gnome_libsecret' });
    await owner.set('prod', 'clientSecret', 'owned');
    const before = secretsFile();
    const second = openSafeStorageVault({
      directory,
      platform: 'linux',
      clock: new FakeClock(),
      logger: recordingLogger(),
      acceptInsecure: () => false,
      readOnlyReason: 'Another SanteDB Token Tray is using these profiles',
    });

    expect(await second.get('prod', 'clientSecret')).toBe('owned');
    const refused = await failureOf(second.set('prod', 'clientSecret', 'mine'));
    const deleted = await failureOf(second.delete('prod'));

    expect([refused.code, deleted.code]).toEqual(['storage', 'storage']);
    expect(refused.message).toContain('Another SanteDB Token Tray');
    expect(secretsFile()).toBe(before);
  });

  it('gives up after 30 s when the keyring does not answer', async () => {
    const clock = new FakeClock();
    const vault = start({ linuxBackend: 'gnome_libsecret', keyringHangs: true }, { clock });

    const pending = failureOf(vault.set('prod', 'clientSecret', CANARY));
    await clock.advance(29_999);
    let settled = false;
    void pending.then(() => (settled = true));
    await clock.advance(0);
    expect(settled).toBe(false);
    await clock.advance(1);

    const error = await pending;
    expect(error.code).toBe('storage');
    expect(error.message).toContain('The system keyring did not answer');
    expect(error.message).toContain('30 s');
  });

  it('deletes one secret or all of a profile', async () => {
    const vault = start({});
    await vault.set('prod', 'clientSecret', 'a');
    await vault.set('prod', 'deviceSecret', 'b');
    await vault.set('test', 'clientSecret', 'c');

    await vault.delete('prod', 'clientSecret');
    expect(await vault.has('prod', 'clientSecret')).toBe(false);
    expect(await vault.get('prod', 'deviceSecret')).toBe('b');

    await vault.delete('prod');
    expect(await vault.has('prod', 'deviceSecret')).toBe(false);
    expect(JSON.parse(secretsFile()).secrets).toEqual({ test: expect.any(Object) });
  });

  it('moves a corrupt secrets file aside and reports it', async () => {
    writeFileSync(join(directory, 'secrets.json'), 'not json at all');

    const vault = start({});

    expect(vault.startupReport).toContain('not valid JSON');
    expect(vault.startupReport).toContain('secrets.corrupt-');
    expect(await vault.has('prod', 'clientSecret')).toBe(false);
  });
});
